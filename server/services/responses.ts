/**
 * Accepting a response: validate the form with the survey's compiled schema (services/survey-forms.ts), then, in one transaction, check that
 * the survey still accepts answers (on its row, share-locked: see data/surveys.ts findSurveyForShare), mark the
 * invitation used (if any) and store the answers with their data-quality verdict. A failure stores
 * nothing. Nothing that identifies the respondent is stored: no IP address, user agent, invitation id or
 * time taken, and the date is the day only.
 */
import type { Knex } from 'knex';
import { qualityFlag } from '../../analysis/scales/quality-flags.js';
import type { Clock } from '../clock.js';
import { NOT_APPLICABLE } from '../data/answer-columns.js';
import { markInvitationUsed } from '../data/invitations.js';
import { insertResponse } from '../data/responses.js';
import { findSurveyForShare } from '../data/surveys.js';
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

export function createResponseService({ db, clock, formTiming }: { db: Knex; clock: Clock; formTiming: FormTiming }) {
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

    await db.transaction(async (trx) => {
      // The open/closed check again, on the locked row: a close waits for this transaction, and this
      // transaction sees a close that committed first, so nothing lands after a close is acknowledged.
      const survey = await findSurveyForShare(trx, context.survey.id);
      // Deleted while the form was filled in (services/survey-edits.ts): the same answer as an unknown link.
      if (!survey) throw new NotFoundError('There is no survey at this address. Check that you copied the whole link.');
      assertAcceptingAnswers(survey, clock());
      if (context.invitation && !(await markInvitationUsed(trx, context.invitation.id))) throw alreadySubmitted();
      await insertResponse(
        trx,
        {
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
        context.form.itemIds,
      );
    });
    return { ok: true };
  }

  return { submit };
}

export type ResponseService = ReturnType<typeof createResponseService>;
