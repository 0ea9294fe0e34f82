/**
 * Queries on survey_mail_plans and survey_reminders: what a survey sends by itself (invitations when it
 * opens, reminders before it closes) and which of those the scheduler has done. Each piece of work is
 * claimed by one conditional write (an UPDATE that sets `invited_at` only while it is null; an INSERT of
 * the reminder row that does nothing when the row exists), in the transaction that does the work, so it
 * is done once however many servers tick.
 */
import type { Knex } from 'knex';
import { toBool, toDate } from './values.js';

export interface MailPlan {
  readonly surveyId: number;
  readonly inviteOnOpen: boolean;
  /** Invite only the people of this unit and the units below it; null: everyone. */
  readonly inviteUnitId: number | null;
  /** Days before closing on which those who have not answered are reminded, most days first. */
  readonly reminderDays: readonly number[];
  /** When the invitations planned for the opening were sent (null: not yet). */
  readonly invitedAt: Date | null;
}

export type ReminderStatus = 'sent' | 'skipped';

export interface ReminderDone {
  readonly daysBefore: number;
  readonly status: ReminderStatus;
  readonly at: Date;
}

interface Row {
  survey_id: number;
  invite_on_open: unknown;
  invite_unit_id: number | null;
  reminder_days: string;
  invited_at: unknown;
}

/** "3,1" → [3, 1]; the column holds what services/survey-mailing.ts validated. */
export function parseReminderDays(text: string): number[] {
  return text
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)
    .map(Number)
    .sort((a, b) => b - a);
}

function fromRow(row: Row): MailPlan {
  return {
    surveyId: row.survey_id,
    inviteOnOpen: toBool(row.invite_on_open),
    inviteUnitId: row.invite_unit_id ?? null,
    reminderDays: parseReminderDays(row.reminder_days),
    invitedAt: toDate(row.invited_at),
  };
}

export async function findMailPlan(db: Knex, surveyId: number): Promise<MailPlan | undefined> {
  const row = await db<Row>('survey_mail_plans').where({ survey_id: surveyId }).first();
  return row ? fromRow(row) : undefined;
}

/** Creates or replaces the plan's settings (never `invited_at`, which only the claim sets). */
export async function saveMailPlan(
  db: Knex,
  plan: { surveyId: number; inviteOnOpen: boolean; inviteUnitId: number | null; reminderDays: readonly number[] },
): Promise<void> {
  const settings = {
    invite_on_open: plan.inviteOnOpen,
    invite_unit_id: plan.inviteUnitId,
    reminder_days: plan.reminderDays.join(','),
  };
  await db('survey_mail_plans')
    .insert({ survey_id: plan.surveyId, ...settings })
    .onConflict('survey_id')
    .merge(settings);
}

/** Open surveys (open by `now`) whose plan sends invitations at the opening and has not yet. */
export async function listSurveysDueForInvitations(db: Knex, now: Date): Promise<number[]> {
  const ids: unknown[] = await db('survey_mail_plans as p')
    .join('surveys as s', 's.id', 'p.survey_id')
    .where('p.invite_on_open', true)
    .whereNull('p.invited_at')
    .where('s.status', 'open')
    .where((q) => q.whereNull('s.opens_at').orWhere('s.opens_at', '<=', now.toISOString()))
    .orderBy('s.id')
    .pluck('s.id');
  return ids.map(Number);
}

/** Claims the opening's invitations of the survey: true for the one caller that sets `invited_at`. */
export async function claimInvitationsOnOpen(db: Knex, surveyId: number, at: Date): Promise<boolean> {
  const changed = await db('survey_mail_plans')
    .where({ survey_id: surveyId, invite_on_open: true })
    .whereNull('invited_at')
    .update({ invited_at: at.toISOString() });
  return changed === 1;
}

/** Open surveys with a closing time and reminder days, with the reminders already dealt with. */
export async function listOpenSurveysWithReminders(
  db: Knex,
): Promise<{ surveyId: number; opensAt: Date | null; closesAt: Date; reminderDays: number[]; done: number[] }[]> {
  const rows: { id: number; opens_at: unknown; closes_at: unknown; reminder_days: string }[] = await db('survey_mail_plans as p')
    .join('surveys as s', 's.id', 'p.survey_id')
    .where('s.status', 'open')
    .whereNotNull('s.closes_at')
    .whereNot('p.reminder_days', '')
    .orderBy('s.id')
    .select('s.id', 's.opens_at', 's.closes_at', 'p.reminder_days');
  if (rows.length === 0) return [];
  const done: { survey_id: number; days_before: number }[] = await db('survey_reminders')
    .whereIn(
      'survey_id',
      rows.map((r) => r.id),
    )
    .select('survey_id', 'days_before');
  return rows.map((r) => ({
    surveyId: Number(r.id),
    opensAt: toDate(r.opens_at),
    closesAt: toDate(r.closes_at)!,
    reminderDays: parseReminderDays(r.reminder_days),
    done: done.filter((d) => Number(d.survey_id) === Number(r.id)).map((d) => Number(d.days_before)),
  }));
}

/** Claims one reminder of a survey by inserting its row: true for the one caller whose insert lands. */
export async function claimReminder(db: Knex, surveyId: number, daysBefore: number, status: ReminderStatus, at: Date): Promise<boolean> {
  const rows = await db('survey_reminders')
    .insert({ survey_id: surveyId, days_before: daysBefore, status, done_at: at.toISOString() })
    .onConflict(['survey_id', 'days_before'])
    .ignore()
    .returning('id');
  return rows.length === 1;
}

/** The reminders of a survey already dealt with, most days first. */
export async function listRemindersDone(db: Knex, surveyId: number): Promise<ReminderDone[]> {
  const rows: { days_before: number; status: ReminderStatus; done_at: unknown }[] = await db('survey_reminders')
    .where({ survey_id: surveyId })
    .orderBy('days_before', 'desc')
    .select('days_before', 'status', 'done_at');
  return rows.map((r) => ({ daysBefore: Number(r.days_before), status: r.status, at: toDate(r.done_at)! }));
}
