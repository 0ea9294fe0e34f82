/**
 * A survey's schedule and mail plan, as staff set them: when it opens and closes, whether invitations go
 * out by email as it opens (to everyone, or to a unit and the units below it), and on which days before
 * closing those who have not answered are reminded. Also what has been sent, and erasing the survey's
 * address list (its recipients and its mail) once it is closed. The scheduler (services/scheduler.ts)
 * carries the plan out.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { insertAuditEvent } from '../data/audit-events.js';
import { deleteOutboxMessagesOfSurvey } from '../data/outbox.js';
import { countPeople } from '../data/people.js';
import {
  findMailPlan,
  listRemindersDone,
  saveMailPlan,
  type MailPlan,
  type ReminderDone,
} from '../data/survey-mail-plans.js';
import { countSurveyRecipients, deleteSurveyRecipients } from '../data/survey-recipients.js';
import { updateSurveySchedule } from '../data/survey-schedule.js';
import { findSurveyForUpdate, type Survey } from '../data/surveys.js';
import { findUnit } from '../data/units.js';
import { FieldError, ForbiddenError, NotFoundError } from '../errors.js';
import { needsInvitationAccess } from './email-invitations.js';
import type { StaffUser } from './users.js';

export type { MailPlan, ReminderDone } from '../data/survey-mail-plans.js';

export interface ScheduleInput {
  readonly opensAt: Date | null;
  readonly closesAt: Date | null;
  readonly inviteOnOpen: boolean;
  readonly inviteUnitId: number | null;
  readonly reminderDays: readonly number[];
}

export interface MailingView {
  readonly plan: MailPlan;
  readonly reminders: readonly ReminderDone[];
  /** People on the survey's address list (invited by email). */
  readonly recipients: number;
  /** People in the organization's address list. */
  readonly people: number;
}

export const MAX_REMINDERS = 5;
export const MAX_REMINDER_DAYS = 60;

export function createSurveyScheduleService({ db, clock }: { db: Knex; clock: Clock }) {
  async function view(survey: Survey): Promise<MailingView> {
    const [plan, reminders, recipients, people] = await Promise.all([
      findMailPlan(db, survey.id),
      listRemindersDone(db, survey.id),
      countSurveyRecipients(db, survey.id),
      countPeople(db, survey.organizationId),
    ]);
    return {
      plan: plan ?? { surveyId: survey.id, inviteOnOpen: false, inviteUnitId: null, reminderDays: [], invitedAt: null },
      reminders,
      recipients,
      people,
    };
  }

  async function lock(trx: Knex.Transaction, organizationId: number, surveyId: number): Promise<Survey> {
    const survey = await findSurveyForUpdate(trx, surveyId);
    if (!survey || survey.organizationId !== organizationId)
      throw new NotFoundError('There is no page at this address.');
    return survey;
  }

  /** The checks of `save`, on the locked survey; throws FieldError naming the field at fault. */
  async function check(trx: Knex, survey: Survey, input: ScheduleInput, now: Date): Promise<void> {
    if (survey.status === 'closed')
      throw new FieldError('closesAt', 'This survey is closed: reopen it to schedule it again.');
    const opensAtChanged = (input.opensAt?.getTime() ?? null) !== (survey.opensAt?.getTime() ?? null);
    if (survey.status === 'open' && opensAtChanged)
      throw new FieldError('opensAt', 'The survey is already open: its opening time stays as it was.');
    if (survey.status === 'draft' && input.opensAt && input.opensAt <= now)
      throw new FieldError('opensAt', 'Choose a time that has not passed yet, or open the survey now from its page.');
    if (input.closesAt && input.closesAt <= now)
      throw new FieldError('closesAt', 'Choose a time that has not passed yet.');
    if (input.closesAt && input.opensAt && input.closesAt <= input.opensAt)
      throw new FieldError('closesAt', 'Choose a closing time after the opening time.');
    const days = input.reminderDays;
    if (days.length > 0 && !input.closesAt)
      throw new FieldError('reminderDays', 'Reminders count back from the closing time: set one first.');
    if (days.length > MAX_REMINDERS) throw new FieldError('reminderDays', `Choose at most ${MAX_REMINDERS} reminders.`);
    if (days.some((d) => !Number.isInteger(d) || d < 1 || d > MAX_REMINDER_DAYS) || new Set(days).size !== days.length)
      throw new FieldError(
        'reminderDays',
        `Give different whole numbers of days from 1 to ${MAX_REMINDER_DAYS}, separated by commas, such as 3,1.`,
      );
    if ((input.inviteOnOpen || days.length > 0) && survey.access !== 'invitation')
      throw new FieldError(input.inviteOnOpen ? 'inviteOnOpen' : 'reminderDays', needsInvitationAccess);
    if (input.inviteOnOpen && survey.status !== 'draft')
      throw new FieldError('inviteOnOpen', 'The survey is already open: send the invitations now, below.');
    if (input.inviteUnitId !== null) {
      const unit = await findUnit(trx, input.inviteUnitId);
      if (!unit || unit.organizationId !== survey.organizationId)
        throw new FieldError('inviteUnitId', 'Choose a unit of this organization.');
    }
  }

  /** Sets the survey's times and mail plan (in the audit log). */
  async function save(actor: StaffUser, organizationId: number, surveyId: number, input: ScheduleInput): Promise<void> {
    await db.transaction(async (trx) => {
      const survey = await lock(trx, organizationId, surveyId);
      const now = clock();
      await check(trx, survey, input, now);
      await updateSurveySchedule(trx, organizationId, surveyId, { opensAt: input.opensAt, closesAt: input.closesAt });
      const reminderDays = [...input.reminderDays].sort((a, b) => b - a);
      await saveMailPlan(trx, {
        surveyId,
        inviteOnOpen: input.inviteOnOpen,
        inviteUnitId: input.inviteUnitId,
        reminderDays,
      });
      await insertAuditEvent(trx, {
        organizationId,
        userId: actor.id,
        surveyId,
        action: 'survey.schedule',
        detail: {
          opensAt: input.opensAt?.toISOString() ?? null,
          closesAt: input.closesAt?.toISOString() ?? null,
          inviteOnOpen: input.inviteOnOpen,
          reminderDays,
        },
        at: now,
      });
    });
  }

  /**
   * Erases the survey's address list: who was invited (survey_recipients) and every message of the
   * survey in the outbox. The organization's people stay, and so do the invitations (hashes and used
   * flags, with nobody's name). Admins only, once the survey is closed.
   */
  async function eraseAddressList(
    actor: StaffUser,
    organizationId: number,
    surveyId: number,
  ): Promise<{ recipients: number; messages: number }> {
    if (actor.role !== 'admin') throw new ForbiddenError('Only an admin can erase a survey’s address list.');
    return db.transaction(async (trx) => {
      const survey = await lock(trx, organizationId, surveyId);
      if (survey.status !== 'closed')
        throw new FieldError(
          'form',
          'Close the survey first: its address list is needed for reminders while it is open.',
        );
      const recipients = await deleteSurveyRecipients(trx, surveyId);
      const messages = await deleteOutboxMessagesOfSurvey(trx, surveyId);
      await insertAuditEvent(trx, {
        organizationId,
        userId: actor.id,
        surveyId,
        action: 'recipients.erase',
        detail: { recipients, messages },
        at: clock(),
      });
      return { recipients, messages };
    });
  }

  return { view, save, eraseAddressList };
}

export type SurveyScheduleService = ReturnType<typeof createSurveyScheduleService>;
