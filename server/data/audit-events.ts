/**
 * Queries on the audit_events table: what staff did to an organization (invitations generated, surveys
 * created, edited, opened, closed, deleted and exported, organizations and units changed) or to a staff
 * account (organization null: deactivated, reactivated), by whom and when. Events are only ever added.
 */
import type { Knex } from 'knex';
import { parseJsonColumn, toDate } from './values.js';

export type AuditAction =
  | 'survey.create'
  | 'survey.edit'
  | 'survey.open'
  | 'survey.close'
  | 'survey.delete'
  | 'responses.export'
  | 'invitations.generate'
  | 'organization.rename'
  | 'unit.headcount'
  | 'unit.rename'
  | 'unit.move'
  | 'unit.archive'
  | 'unit.restore'
  | 'user.deactivate'
  | 'user.reactivate'
  | 'people.import'
  | 'survey.schedule'
  | 'invitations.email'
  | 'reminders.send'
  | 'recipients.erase'
  | 'plan.create'
  | 'plan.update';

export interface NewAuditEvent {
  /** The organization acted on; null for an event about a staff account. */
  readonly organizationId: number | null;
  /** The staff member who acted; null when no one signed in did (the CLI, a deleted account). */
  readonly userId: number | null;
  readonly surveyId: number | null;
  readonly action: AuditAction;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

export interface AuditEvent extends NewAuditEvent {
  readonly id: number;
  /** The email of the user, while the account exists. */
  readonly userEmail: string | null;
}

interface Row {
  id: number;
  organization_id: number | null;
  user_id: number | null;
  survey_id: number | null;
  action: AuditAction;
  detail: string;
  created_at: unknown;
  email: string | null;
}

export async function insertAuditEvent(db: Knex, event: NewAuditEvent): Promise<void> {
  await db('audit_events').insert({
    organization_id: event.organizationId,
    user_id: event.userId,
    survey_id: event.surveyId,
    action: event.action,
    detail: JSON.stringify(event.detail),
    // An ISO string, like surveys.opens_at, so times compare the same on both dialects.
    created_at: event.at.toISOString(),
  });
}

/** The organization's events (null: the account events), newest first (at most `limit`). */
export async function listAuditEvents(db: Knex, organizationId: number | null, limit = 500): Promise<AuditEvent[]> {
  const rows: Row[] = await db('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .modify((q) => (organizationId === null ? q.whereNull('e.organization_id') : q.where('e.organization_id', organizationId)))
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .select('e.id', 'e.organization_id', 'e.user_id', 'e.survey_id', 'e.action', 'e.detail', 'e.created_at', 'u.email');
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organization_id ?? null,
    userId: row.user_id ?? null,
    surveyId: row.survey_id ?? null,
    action: row.action,
    detail: parseJsonColumn<Record<string, unknown>>(row.detail, 'audit_events.detail'),
    at: toDate(row.created_at)!,
    userEmail: row.email ?? null,
  }));
}
