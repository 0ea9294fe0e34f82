/**
 * The zod schema of a submitted response form, built from the instrument and the survey: every item is
 * required and must be an integer on the Likert range; unit, role level and workflow must be one of the
 * offered choices; fields the form does not have are rejected. Errors come back per field.
 */
import { z } from 'zod';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { instrumentItems } from '../instruments/load.js';

export const commentMaxLength = 2000;

export interface FormChoices {
  readonly unitIds: readonly number[];
  /** True when the unit is fixed by an invitation (any posted unit is ignored). */
  readonly unitFixed: boolean;
  readonly workflows: readonly string[];
}

export interface ParsedForm {
  readonly answers: Record<string, number>;
  readonly unitId: number | null;
  readonly roleLevel: string;
  readonly workflow: string | null;
  readonly comment: string | null;
}

export type FormResult =
  | { readonly ok: true; readonly data: ParsedForm }
  | {
      readonly ok: false;
      readonly fieldErrors: Readonly<Record<string, string>>;
      readonly formErrors: readonly string[];
    };

const choose = (missing: string, other: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === '' ? missing : other;

function answerSchema(min: number, max: number) {
  const message = `Choose one answer from ${min} to ${max}`;
  return z
    .string({ error: choose('Choose an answer', 'Choose only one answer') })
    .min(1, 'Choose an answer')
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((v) => v >= min && v <= max, message);
}

function choiceSchema<T extends string | number>(allowed: readonly T[], missing: string, parse: (raw: string) => T) {
  return z
    .string({ error: choose(missing, missing) })
    .min(1, missing)
    .transform(parse)
    .refine((v) => allowed.includes(v), 'Choose one of the options shown');
}

export function buildResponseFormSchema(instrument: Instrument, choices: FormChoices) {
  const items = Object.fromEntries(
    instrumentItems(instrument).map((item) => [item.id, answerSchema(instrument.likert.min, instrument.likert.max)]),
  );
  const unit =
    choices.unitFixed || choices.unitIds.length === 0
      ? z.unknown().transform(() => null)
      : choiceSchema(choices.unitIds, 'Choose your team', Number);
  const workflow =
    choices.workflows.length === 0
      ? z.unknown().transform(() => null)
      : choiceSchema(choices.workflows, 'Choose the workflow you mostly work on', String);
  return z.strictObject({
    ...items,
    unit,
    role_level: choiceSchema(instrument.roleLevels, 'Choose your role level', String),
    workflow,
    comment: z
      .string('Write your comment as plain text')
      .trim()
      .max(commentMaxLength, `Keep your comment to ${commentMaxLength} characters or fewer`)
      .optional()
      .transform((v) => (v ? v : null)),
    t: z.string().optional(),
    // The signed load time (services/form-timing.ts): read by the response service, never stored.
    started: z.string().optional(),
    _csrf: z.string().optional(),
  });
}

export type ResponseFormSchema = ReturnType<typeof buildResponseFormSchema>;

/** Builds the schema and validates `body` with it (services/survey-forms.ts keeps built schemas instead). */
export function parseResponseForm(instrument: Instrument, choices: FormChoices, body: unknown): FormResult {
  return parseWithSchema(buildResponseFormSchema(instrument, choices), body);
}

/** Validates a submitted body with a schema from `buildResponseFormSchema`: the answers, or errors per field. */
export function parseWithSchema(schema: ResponseFormSchema, body: unknown): FormResult {
  const result = schema.safeParse(body ?? {});
  if (result.success) {
    const { unit, role_level, workflow, comment, t: _t, started: _started, _csrf, ...answers } = result.data;
    return {
      ok: true,
      data: {
        answers: answers as Record<string, number>,
        unitId: unit as number | null,
        roleLevel: role_level,
        workflow: workflow as string | null,
        comment,
      },
    };
  }
  const fieldErrors: Record<string, string> = {};
  const formErrors: string[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const names = issue.keys
        .slice(0, 10)
        .map((k) => `"${k}"`)
        .join(', ');
      formErrors.push(
        `The form contained answers to questions that are not in this survey (${names}${issue.keys.length > 10 ? ', …' : ''}). Nothing was stored.`,
      );
    } else {
      const field = String(issue.path[0] ?? '');
      if (field && !(field in fieldErrors)) fieldErrors[field] = issue.message;
      else if (!field) formErrors.push(issue.message);
    }
  }
  return { ok: false, fieldErrors, formErrors };
}
