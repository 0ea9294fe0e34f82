/**
 * The schedule, honoured by a periodic tick in every app server: drafts open at `opens_at`, open surveys
 * close at `closes_at`, the invitations planned for the opening go out, and reminders go out on their
 * days before closing. The database is the only source of truth: each piece of work is claimed by one
 * conditional write at the start of the transaction that does it (data/survey-schedule.ts,
 * data/survey-mail-plans.ts), so however many servers tick at once, each is done exactly once, and a
 * server that dies mid-way rolls back its claim with its work.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { insertAuditEvent } from '../data/audit-events.js';
import {
  claimInvitationsOnOpen,
  claimReminder,
  findMailPlan,
  listOpenSurveysWithReminders,
  listSurveysDueForInvitations,
  type ReminderStatus,
} from '../data/survey-mail-plans.js';
import {
  claimScheduledClosing,
  claimScheduledOpening,
  listSurveysDueToClose,
  listSurveysDueToOpen,
} from '../data/survey-schedule.js';
import { findSurveyForUpdate, type Survey } from '../data/surveys.js';
import { HttpError } from '../errors.js';
import { loggableError } from '../log-safe-error.js';
import type { Logger } from '../logger.js';
import type { EmailInvitations } from './email-invitations.js';

const DAY_MS = 86_400_000;

export interface TickResult {
  readonly opened: number;
  readonly closed: number;
  /** Surveys whose planned invitations went out in this tick. */
  readonly invited: number;
  /** Reminders sent (one per survey and day). */
  readonly reminded: number;
}

export function createScheduler({
  db,
  clock,
  emails,
  logger,
}: {
  db: Knex;
  clock: Clock;
  emails: EmailInvitations;
  logger: Logger;
}) {
  /** Runs `work` in a transaction that starts with `claim`; resolves to whether this caller won the claim. */
  async function claimed(
    claim: (trx: Knex) => Promise<boolean>,
    work: (trx: Knex, survey: Survey) => Promise<void>,
    surveyId: number,
  ): Promise<boolean> {
    try {
      return await db.transaction(async (trx) => {
        if (!(await claim(trx))) return false;
        // The claim comes first (a write: on SQLite the transaction holds the write lock from here on).
        const survey = await findSurveyForUpdate(trx, surveyId);
        if (survey) await work(trx, survey);
        return true;
      });
    } catch (err) {
      logger.error({ surveyId, err: loggableError(err) }, 'scheduled survey work failed; the next tick tries again');
      return false;
    }
  }

  const audit = (
    trx: Knex,
    survey: Survey,
    action: 'survey.open' | 'survey.close' | 'reminders.send' | 'invitations.email',
    detail: Record<string, unknown>,
    now: Date,
  ) =>
    insertAuditEvent(trx, {
      organizationId: survey.organizationId,
      userId: null,
      surveyId: survey.id,
      action,
      detail,
      at: now,
    });

  /** `claimed` for each survey of `ids`; resolves to how many this caller won. */
  async function claimEach(
    ids: readonly number[],
    claim: (trx: Knex, id: number) => Promise<boolean>,
    work: (trx: Knex, survey: Survey) => Promise<void>,
  ): Promise<number> {
    let won = 0;
    for (const id of ids) if (await claimed((trx) => claim(trx, id), work, id)) won++;
    return won;
  }

  const openDue = async (now: Date) =>
    claimEach(
      await listSurveysDueToOpen(db, now),
      (trx, id) => claimScheduledOpening(trx, id, now),
      (trx, survey) => audit(trx, survey, 'survey.open', { from: 'draft', schedule: true }, now),
    );

  const closeDue = async (now: Date) =>
    claimEach(
      await listSurveysDueToClose(db, now),
      (trx, id) => claimScheduledClosing(trx, id, now),
      (trx, survey) => audit(trx, survey, 'survey.close', { from: 'open', schedule: true }, now),
    );

  const inviteDue = async (now: Date) =>
    claimEach(
      await listSurveysDueForInvitations(db, now),
      (trx, id) => claimInvitationsOnOpen(trx, id, now),
      async (trx, survey) => {
        const plan = await findMailPlan(trx, survey.id);
        try {
          await emails.inviteInTransaction(trx, null, survey, plan?.inviteUnitId ?? null);
        } catch (err) {
          // A rule refused (not invitation-only, a headcount too small) before anything was written:
          // the claim stays, and the audit log says why, for staff to send them by hand.
          if (!(err instanceof HttpError)) throw err;
          await audit(trx, survey, 'invitations.email', { error: err.message, schedule: true }, now);
        }
      },
    );

  /**
   * Of a survey's reminders whose day has come, the latest is sent and any earlier ones are skipped (a
   * server down for days sends one reminder, not several); a reminder is skipped, too, when its day
   * had passed before the survey opened or the survey has closed.
   */
  async function remindDue(now: Date): Promise<number> {
    let n = 0;
    for (const s of await listOpenSurveysWithReminders(db)) {
      const due = s.reminderDays.filter(
        (d) => !s.done.includes(d) && s.closesAt.getTime() - d * DAY_MS <= now.getTime(),
      );
      if (due.length === 0) continue;
      const latest = Math.min(...due);
      for (const days of due) {
        const dueAt = s.closesAt.getTime() - days * DAY_MS;
        const send = days === latest && now < s.closesAt && (s.opensAt === null || s.opensAt.getTime() <= dueAt);
        const status: ReminderStatus = send ? 'sent' : 'skipped';
        const won = await claimed(
          (trx) => claimReminder(trx, s.surveyId, days, status, now),
          async (trx, survey) => {
            if (send) await emails.remindInTransaction(trx, survey, days);
            await audit(trx, survey, 'reminders.send', { daysBefore: days, status }, now);
          },
          s.surveyId,
        );
        if (won && send) n++;
      }
    }
    return n;
  }

  /** One pass over every kind of scheduled work, as of the clock's now. */
  async function tick(): Promise<TickResult> {
    const now = clock();
    const opened = await openDue(now);
    const invited = await inviteDue(now);
    const closed = await closeDue(now);
    const reminded = await remindDue(now);
    return { opened, closed, invited, reminded };
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  /** Ticks now and every `intervalMs` until `stop`; a tick still running when the next is due makes that one skip. */
  function start(intervalMs = 30_000): void {
    if (timer) return;
    const run = () => {
      running ??= tick()
        .then(() => undefined)
        .catch((err: unknown) => logger.error({ err: loggableError(err) }, 'the scheduler tick failed'))
        .finally(() => {
          running = null;
        });
    };
    run();
    timer = setInterval(run, intervalMs);
  }

  /** Stops ticking; resolves once the tick in flight has finished. */
  async function stop(): Promise<void> {
    if (timer) clearInterval(timer);
    timer = null;
    await running;
  }

  return { tick, start, stop };
}

export type Scheduler = ReturnType<typeof createScheduler>;
