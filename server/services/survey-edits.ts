/**
 * Editing and deleting a survey wave. While it is a draft its title, workflows and anonymity threshold
 * may all change; once it has opened, respondents have chosen from its workflows and reports have been
 * cut at its threshold, so the workflows stay and the threshold may only go up (a lower one would show
 * groups that earlier releases hid). Deleting removes the survey with every response, invitation and
 * release: admins only, behind the survey's title typed out. Every change is in the audit log.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { insertAuditEvent } from '../data/audit-events.js';
import { deleteSurveyWithData, findSurveyForUpdate, updateSurveySettings, type Survey } from '../data/surveys.js';
import { FieldError, ForbiddenError } from '../errors.js';
import type { StaffUser } from './users.js';

export interface SurveySettings {
  readonly title: string;
  readonly workflows: readonly string[];
  readonly anonymityThreshold: number;
}

/** The fields that change from `before` to `after`, as the audit log records them. */
function changesOf(before: Survey, after: SurveySettings): { field: string; from: unknown; to: unknown }[] {
  const changes: { field: string; from: unknown; to: unknown }[] = [];
  if (before.title !== after.title) changes.push({ field: 'title', from: before.title, to: after.title });
  if (JSON.stringify(before.workflows) !== JSON.stringify(after.workflows))
    changes.push({ field: 'workflows', from: before.workflows, to: after.workflows });
  if (before.anonymityThreshold !== after.anonymityThreshold)
    changes.push({ field: 'anonymity threshold', from: before.anonymityThreshold, to: after.anonymityThreshold });
  return changes;
}

/** Why `after` may not replace the settings of `survey` now (FieldError on the field at fault), or nothing. */
export function checkSurveyEdit(
  survey: Pick<Survey, 'status' | 'workflows' | 'anonymityThreshold'>,
  after: SurveySettings,
): void {
  if (survey.status === 'draft') return;
  if (JSON.stringify(survey.workflows) !== JSON.stringify(after.workflows))
    throw new FieldError(
      'workflows',
      'The workflows can change only while the survey is a draft: respondents have already chosen from them.',
    );
  if (after.anonymityThreshold < survey.anonymityThreshold)
    throw new FieldError(
      'anonymityThreshold',
      `Once a survey has opened its threshold can only go up (it is ${survey.anonymityThreshold}): a lower one would show groups its reports have hidden.`,
    );
}

export function createSurveyEditService({ db, clock }: { db: Knex; clock: Clock }) {
  /** The survey of this organization locked for the rest of `trx`, or null. */
  async function locked(trx: Knex.Transaction, organizationId: number, surveyId: number): Promise<Survey | null> {
    const survey = await findSurveyForUpdate(trx, surveyId);
    return survey && survey.organizationId === organizationId ? survey : null;
  }

  /** Saves new settings under the rules above; resolves to false when the survey is not in the organization. */
  async function edit(
    actor: StaffUser | null,
    organizationId: number,
    surveyId: number,
    settings: SurveySettings,
  ): Promise<boolean> {
    return db.transaction(async (trx) => {
      const survey = await locked(trx, organizationId, surveyId);
      if (!survey) return false;
      checkSurveyEdit(survey, settings);
      const changes = changesOf(survey, settings);
      if (changes.length === 0) return true;
      await updateSurveySettings(trx, organizationId, surveyId, settings);
      await insertAuditEvent(trx, {
        organizationId,
        userId: actor?.id ?? null,
        surveyId,
        action: 'survey.edit',
        detail: { status: survey.status, changes },
        at: clock(),
      });
      return true;
    });
  }

  /**
   * Deletes the survey with all its data once `typedTitle` matches its title (spaces around it aside).
   * Throws ForbiddenError for anyone but an admin and FieldError('confirmTitle') for a mismatch; resolves
   * to false when the survey is not in the organization. Submissions in flight finish first (row lock).
   */
  async function remove(
    actor: StaffUser,
    organizationId: number,
    surveyId: number,
    typedTitle: string,
  ): Promise<boolean> {
    if (actor.role !== 'admin') throw new ForbiddenError('Only an admin can delete a survey.');
    return db.transaction(async (trx) => {
      const survey = await locked(trx, organizationId, surveyId);
      if (!survey) return false;
      if (typedTitle.trim() !== survey.title.trim())
        throw new FieldError(
          'confirmTitle',
          `Type the survey’s title exactly as shown, “${survey.title}”, to delete it.`,
        );
      await deleteSurveyWithData(trx, organizationId, surveyId);
      await insertAuditEvent(trx, {
        organizationId,
        userId: actor.id,
        surveyId,
        action: 'survey.delete',
        detail: { title: survey.title, code: survey.code, status: survey.status },
        at: clock(),
      });
      return true;
    });
  }

  return { edit, remove };
}

export type SurveyEditService = ReturnType<typeof createSurveyEditService>;
