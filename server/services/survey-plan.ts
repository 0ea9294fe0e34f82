/**
 * The plan on the new-survey page: what a number of invitations at an expected response rate will
 * allow for a survey of the instrument new surveys use (analysis/planning/sample-size-plan.ts), and
 * the organization's headcount to start the invitations from.
 */
import { planSentences } from '../../analysis/planning/plan-sentences.js';
import { planSurvey, type SurveyPlan } from '../../analysis/planning/sample-size-plan.js';
import type { Instrument } from '../../analysis/scales/instrument.js';
import type { UnitNode } from './units.js';

export interface PlanRequest {
  readonly invitations: number;
  /** Expected response rate in percent (1–100), as the form asks it. */
  readonly responseRatePercent: number;
  readonly workflows: number;
  readonly threshold: number;
}

/**
 * People in the organization's units as their headcounts say: a unit with a headcount counts for
 * its whole subtree (a department's headcount includes its teams), a unit without one counts its
 * children. Null when no unit has a headcount.
 */
export function organizationHeadcount(tree: readonly UnitNode[]): number | null {
  let any = false;
  const count = (nodes: readonly UnitNode[]): number =>
    nodes.reduce((sum, u) => {
      if (u.headcount === null) return sum + count(u.children);
      any = true;
      return sum + u.headcount;
    }, 0);
  const total = count(tree);
  return any ? total : null;
}

export function createSurveyPlanService({ instrument }: { instrument: Instrument }) {
  return {
    /** The plan and its sentences; throws a RangeError only on input outside the planner's range (the route's schema keeps it inside). */
    plan(request: PlanRequest): { plan: SurveyPlan; sentences: string[] } {
      const plan = planSurvey(instrument, {
        invitations: request.invitations,
        response_rate: request.responseRatePercent / 100,
        workflows: request.workflows,
        threshold: request.threshold,
      });
      return { plan, sentences: planSentences(plan) };
    },
  };
}

export type SurveyPlanService = ReturnType<typeof createSurveyPlanService>;
