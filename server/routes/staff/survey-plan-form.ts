/**
 * The "Plan" panel of the new-survey page: a GET form (works without JavaScript) whose fields come
 * back in the query string; the plan is computed on the server and shown under the form. Without a
 * query the invitations start from the organization's headcount, when its units have one.
 */
import { z } from 'zod';
import type { SurveyPlanService } from '../../services/survey-plan.js';
import { parseForm, type FieldErrors } from './forms.js';

/** Most invitations the form plans for. */
const MAX_PLANNED_INVITATIONS = 10_000_000;

const whole = (min: number, max: number, range: string) =>
  z.coerce
    .number('Enter a whole number.')
    .int('Enter a whole number.')
    .min(min, `Enter ${range}.`)
    .max(max, `Enter ${range}.`);

export const planSchema = z.object({
  planInvitations: whole(
    1,
    MAX_PLANNED_INVITATIONS,
    `a number of invitations from 1 to ${MAX_PLANNED_INVITATIONS.toLocaleString('en')}`,
  ),
  planRate: z.coerce
    .number('Enter a percentage, e.g. 60.')
    .min(1, 'Enter a response rate from 1 to 100%.')
    .max(100, 'Enter a response rate from 1 to 100%.'),
  planWorkflows: whole(0, 30, 'a number of workflows from 0 to 30'),
  planThreshold: whole(3, 100, 'a threshold from 3 to 100'),
});

export interface PlanPanel {
  readonly values: Record<string, string>;
  readonly errors: FieldErrors;
  /** The plan in sentences, or null when there is nothing to plan yet (or the fields have errors). */
  readonly sentences: readonly string[] | null;
  /** The organization's headcount the invitations started from, or null. */
  readonly headcount: number | null;
}

const FIELDS = Object.keys(planSchema.shape);

/** The panel for this request's query string (`query`), or for the defaults when it names no plan field. */
export function planPanel(service: SurveyPlanService, query: unknown, headcount: number | null): PlanPanel {
  const given = Object.fromEntries(
    Object.entries((query ?? {}) as Record<string, unknown>).filter(
      ([k, v]) => FIELDS.includes(k) && typeof v === 'string',
    ),
  ) as Record<string, string>;
  const asked = Object.keys(given).length > 0;
  const values = asked
    ? given
    : {
        planInvitations: headcount === null ? '' : String(headcount),
        planRate: '60',
        planWorkflows: '0',
        planThreshold: '5',
      };
  if (!asked && headcount === null) return { values, errors: {}, sentences: null, headcount };
  const form = parseForm(planSchema, values);
  if (!form.ok) return { values, errors: form.errors, sentences: null, headcount };
  const { sentences } = service.plan({
    invitations: form.data.planInvitations,
    responseRatePercent: form.data.planRate,
    workflows: form.data.planWorkflows,
    threshold: form.data.planThreshold,
  });
  return { values, errors: {}, sentences, headcount };
}
