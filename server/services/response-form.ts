/**
 * The zod schema of a submitted response form, built from the instrument and the survey, with its
 * messages in the respondent's language (server/i18n/). Each item takes an integer on the Likert
 * range, or "does not apply" (stored as 0, NOT_APPLICABLE) when the item offers it; an item with
 * `required: false` may be left blank (then absent from the answers). Unit, role level, workflow and
 * each demographic question must be one of the offered choices; a demographic question that is not
 * required may be skipped ("Prefer not to say" posts an empty value). Fields the form does not have
 * are rejected. Errors come back per field.
 */
import { z } from 'zod';
import type { DemographicQuestion, Instrument, Item } from '../../analysis/scales/instrument.js';
import { NOT_APPLICABLE } from '../data/answer-columns.js';
import { catalogueFor, translator, type Translate } from '../i18n/catalogues.js';
import { instrumentItems } from '../instruments/load.js';

export const commentMaxLength = 2000;

/** The posted and stored value of "Does not apply" (data/answer-columns.ts). */
export { NOT_APPLICABLE };

export interface FormChoices {
  readonly unitIds: readonly number[];
  /** True when the unit is fixed by an invitation (any posted unit is ignored). */
  readonly unitFixed: boolean;
  readonly workflows: readonly string[];
}

export interface ParsedForm {
  /** Item id → answer; 0 = "does not apply"; a skipped optional item is absent. */
  readonly answers: Record<string, number>;
  readonly unitId: number | null;
  readonly roleLevel: string;
  readonly workflow: string | null;
  readonly comment: string | null;
  /** Demographic question id → the option chosen (document-language text); skipped questions are absent. */
  readonly demographics: Record<string, string>;
}

export type FormResult =
  | { readonly ok: true; readonly data: ParsedForm }
  | {
      readonly ok: false;
      readonly fieldErrors: Readonly<Record<string, string>>;
      readonly formErrors: readonly string[];
    };

const blank = (raw: string | undefined): raw is undefined | '' => raw === undefined || raw === '';

const choose = (missing: string, other: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === '' ? missing : other;

function answerSchema(item: Item, min: number, max: number, t: Translate) {
  const notApplicable = item.notApplicable === true;
  const required = item.required !== false;
  const range = t(notApplicable ? 'error.answerRangeOrNotApplicable' : 'error.answerRange', { min, max });
  const missing = t('error.answerMissing');
  return z
    .string({ error: choose(missing, t('error.answerOnlyOne')) })
    .optional()
    .transform((raw, ctx) => {
      if (blank(raw)) {
        if (required) ctx.addIssue({ code: 'custom', message: missing });
        return undefined;
      }
      const value = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
      if ((value >= min && value <= max) || (notApplicable && value === NOT_APPLICABLE)) return value;
      ctx.addIssue({ code: 'custom', message: range });
      return z.NEVER;
    });
}

function choiceSchema<T extends string | number>(
  allowed: readonly T[],
  missing: string,
  parse: (raw: string) => T,
  t: Translate,
) {
  return z
    .string({ error: choose(missing, missing) })
    .min(1, missing)
    .transform(parse)
    .refine((v) => allowed.includes(v), t('error.notOffered'));
}

function demographicSchema(question: DemographicQuestion, t: Translate) {
  const missing = t('error.demographicMissing');
  return z
    .string({ error: choose(missing, t('error.answerOnlyOne')) })
    .optional()
    .transform((raw, ctx) => {
      if (blank(raw)) {
        if (question.required === true) ctx.addIssue({ code: 'custom', message: missing });
        return undefined;
      }
      if (question.options.includes(raw)) return raw;
      ctx.addIssue({ code: 'custom', message: t('error.notOffered') });
      return z.NEVER;
    });
}

/** The schema of a submission; its messages are in `language` (the form chrome's catalogue, English when there is none). */
export function buildResponseFormSchema(instrument: Instrument, choices: FormChoices, language = 'en') {
  const t = translator(catalogueFor(language));
  const itemIds = instrumentItems(instrument).map((item) => item.id);
  const questions = instrument.demographics ?? [];
  const items = Object.fromEntries(
    instrumentItems(instrument).map((item) => [
      item.id,
      answerSchema(item, instrument.likert.min, instrument.likert.max, t),
    ]),
  );
  const demographics = Object.fromEntries(questions.map((q) => [q.id, demographicSchema(q, t)]));
  const unit =
    choices.unitFixed || choices.unitIds.length === 0
      ? z.unknown().transform(() => null)
      : choiceSchema(choices.unitIds, t('error.unitMissing'), Number, t);
  const workflow =
    choices.workflows.length === 0
      ? z.unknown().transform(() => null)
      : choiceSchema(choices.workflows, t('error.workflowMissing'), String, t);
  const unknownFields = (keys: readonly string[]) =>
    t('error.unknownFields', {
      names:
        keys
          .slice(0, 10)
          .map((k) => `"${k}"`)
          .join(', ') + (keys.length > 10 ? ', …' : ''),
    });
  return z
    .strictObject(
      {
        ...items,
        ...demographics,
        unit,
        role_level: choiceSchema(instrument.roleLevels, t('error.roleLevelMissing'), String, t),
        workflow,
        comment: z
          .string(t('error.commentText'))
          .trim()
          .max(commentMaxLength, t('error.commentTooLong', { max: commentMaxLength }))
          .optional()
          .transform((v) => (v ? v : null)),
        t: z.string().optional(),
        // The signed load time (services/form-timing.ts): read by the response service, never stored.
        started: z.string().optional(),
        // The language the form was shown in (server/i18n/negotiate.ts): read by the route.
        lang: z.string().optional(),
        _csrf: z.string().optional(),
      },
      { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownFields(issue.keys) : undefined) },
    )
    .transform((data): ParsedForm => {
      const fields = data as Record<string, unknown>;
      const pick = <T>(ids: readonly string[]) =>
        Object.fromEntries(ids.filter((id) => fields[id] !== undefined).map((id) => [id, fields[id] as T]));
      return {
        answers: pick<number>(itemIds),
        unitId: data.unit as number | null,
        roleLevel: data.role_level,
        workflow: data.workflow as string | null,
        comment: data.comment,
        demographics: pick<string>(questions.map((q) => q.id)),
      };
    });
}

export type ResponseFormSchema = ReturnType<typeof buildResponseFormSchema>;

/** Builds the schema and validates `body` with it (services/survey-forms.ts keeps built schemas instead). */
export function parseResponseForm(
  instrument: Instrument,
  choices: FormChoices,
  body: unknown,
  language = 'en',
): FormResult {
  return parseWithSchema(buildResponseFormSchema(instrument, choices, language), body);
}

/** Validates a submitted body with a schema from `buildResponseFormSchema`: the answers, or errors per field. */
export function parseWithSchema(schema: ResponseFormSchema, body: unknown): FormResult {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Record<string, string> = {};
  const formErrors: string[] = [];
  for (const issue of result.error.issues) {
    const field = issue.code === 'unrecognized_keys' ? '' : String(issue.path[0] ?? '');
    if (field && !(field in fieldErrors)) fieldErrors[field] = issue.message;
    else if (!field) formErrors.push(issue.message);
  }
  return { ok: false, fieldErrors, formErrors };
}
