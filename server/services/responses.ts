/**
 * Accepting a response: validate the form with the survey's compiled schema (services/survey-forms.ts), then, in one transaction, check that
 * the survey still accepts answers (on its row, share-locked: see data/surveys.ts findSurveysForShare), mark the
 * invitation used (if any) and store the answers with their data-quality verdict. A failure stores
 * nothing. Submissions that arrive together share that transaction (data/group-commit.ts): one survey
 * read and one multi-row INSERT for all of them, each acknowledged only once it has committed. Nothing that identifies the respondent is stored: no IP address, user agent, invitation id or
 * time taken, and the date is the day only.
 */
import type { Knex } from 'knex';
import { qualityFlag } from '../../analysis/scales/quality-flags.js';
import type { Clock } from '../clock.js';
import { NOT_APPLICABLE } from '../data/answer-columns.js';
import { createGroupCommit, type Outcome } from '../data/group-commit.js';
import { markInvitationUsed } from '../data/invitations.js';
import { insertResponsesOf, type NewResponse } from '../data/responses.js';
import { findSurveysForShare } from '../data/surveys.js';
import { NotFoundError } from '../errors.js';
import type { FormTiming } from './form-timing.js';
import { alreadySubmitted, assertAcceptingAnswers, type SurveyContext } from './survey-lookup.js';

export type SubmitResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly fieldErrors: Readonly<Record<string, string>>;
      readonly formErrors: readonly string[];
    };

/** The UTC calendar day of `date` as 'YYYY-MM-DD'. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** One accepted form waiting for its transaction. */
interface Submission {
  readonly response: NewResponse;
  readonly itemIds: readonly string[];
  readonly invitationId: number | null;
}

const deleted = () => new NotFoundError('There is no survey at this address. Check that you copied the whole link.');

export function createResponseService({ db, clock, formTiming }: { db: Knex; clock: Clock; formTiming: FormTiming }) {
  /** The batch in one transaction: per item the open/closed check and the invitation; one INSERT for all accepted. */
  async function write(trx: Knex.Transaction, items: readonly Submission[]): Promise<Outcome<void>[]> {
    // The open/closed check again, on the locked rows: a close waits for this transaction, and this
    // transaction sees a close that committed first, so nothing lands after a close is acknowledged.
    const surveys = await findSurveysForShare(trx, [...new Set(items.map((item) => item.response.surveyId))]);
    const now = clock();
    const outcomes: Outcome<void>[] = [];
    const accepted: Submission[] = [];
    for (const item of items) {
      const survey = surveys.get(item.response.surveyId);
      try {
        // Deleted while the form was filled in (services/survey-edits.ts): the same answer as an unknown link.
        if (!survey) throw deleted();
        assertAcceptingAnswers(survey, now);
        if (item.invitationId !== null && !(await markInvitationUsed(trx, item.invitationId))) throw alreadySubmitted();
      } catch (error) {
        outcomes.push({ ok: false, error });
        continue;
      }
      outcomes.push({ ok: true, value: undefined });
      accepted.push(item);
    }
    await insertResponsesOf(trx, accepted);
    return outcomes;
  }

  const writer = createGroupCommit<Submission, void>({ db, write });

  /** `language`: the one the form was shown in (survey-lookup.ts `languageFor`), stored with the response. */
  async function submit(
    context: SurveyContext,
    body: unknown,
    language = context.form.languages[0],
  ): Promise<SubmitResult> {
    const parsed = context.form.parse(body, context.fixedUnit !== null, language);
    if (!parsed.ok) return parsed;
    const form = parsed.data;
    const started = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).started : undefined;
    const flag = qualityFlag({
      // N/A (0) is no answer on the scale: the straight-lining check looks at the answers given.
      answers: Object.values(form.answers).filter((v) => v !== NOT_APPLICABLE),
      elapsedMs: formTiming.elapsedMs(context.survey.code, started),
    });
    await writer.submit({
      response: {
        surveyId: context.survey.id,
        unitId: context.fixedUnit?.id ?? form.unitId,
        workflow: form.workflow,
        roleLevel: form.roleLevel,
        submittedOn: dayOf(clock()),
        answers: form.answers,
        comment: form.comment,
        qualityFlag: flag,
        language,
        demographics: form.demographics,
      },
      itemIds: context.form.itemIds,
      invitationId: context.invitation?.id ?? null,
    });
    return { ok: true };
  }

  return { submit };
}

export type ResponseService = ReturnType<typeof createResponseService>;
