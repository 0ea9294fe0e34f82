/**
 * Accepting a response: validate the form against the instrument, then, in one transaction, mark the
 * invitation used (if any) and store the answers. A failure stores neither. Nothing that identifies the
 * respondent is stored: no IP address, user agent or invitation id, and the date is the day only.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { markInvitationUsed } from '../data/invitations.js';
import { insertResponse } from '../data/responses.js';
import { instrumentItemIds } from '../instruments/load.js';
import { parseResponseForm } from './response-form.js';
import { alreadySubmitted, type SurveyContext } from './survey-lookup.js';

export type SubmitResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly fieldErrors: Readonly<Record<string, string>>; readonly formErrors: readonly string[] };

/** The UTC calendar day of `date` as 'YYYY-MM-DD'. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function createResponseService({ db, clock }: { db: Knex; clock: Clock }) {
  async function submit(context: SurveyContext, body: unknown): Promise<SubmitResult> {
    const choices = {
      unitIds: context.unitChoices.flatMap((group) => group.units.map((u) => u.id)),
      unitFixed: context.fixedUnit !== null,
      workflows: context.survey.workflows,
    };
    const parsed = parseResponseForm(context.instrument, choices, body);
    if (!parsed.ok) return parsed;
    const form = parsed.data;

    await db.transaction(async (trx) => {
      if (context.invitation && !(await markInvitationUsed(trx, context.invitation.id))) throw alreadySubmitted();
      await insertResponse(trx, {
        surveyId: context.survey.id,
        unitId: context.fixedUnit?.id ?? form.unitId,
        workflow: form.workflow,
        roleLevel: form.roleLevel,
        submittedOn: dayOf(clock()),
        answers: form.answers,
        comment: form.comment,
      }, instrumentItemIds(context.instrument));
    });
    return { ok: true };
  }

  return { submit };
}

export type ResponseService = ReturnType<typeof createResponseService>;
