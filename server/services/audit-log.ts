/**
 * Reading an organization's audit log (the services that act write to it, inside their own
 * transactions), with each event described in words for the audit page.
 */
import type { Knex } from 'knex';
import { listAuditEvents, type AuditEvent } from '../data/audit-events.js';
import { listSurveys } from '../data/surveys.js';
import { describePlanEvent } from './plan-audit.js';

export interface AuditEntry {
  readonly id: number;
  readonly at: Date;
  /** The staff member's email, or a note that there is no account behind the event. */
  readonly who: string;
  readonly what: string;
  readonly surveyTitle: string | null;
}

const count = (n: unknown, word: string) => `${Number(n)} ${word}${Number(n) === 1 ? '' : 's'}`;

/** One sentence for an event, from its action and detail. */
export function describeAuditEvent(event: Pick<AuditEvent, 'action' | 'detail'>): string {
  const d = event.detail;
  switch (event.action) {
    case 'survey.create':
      return `Created the survey "${String(d.title)}" (${d.access === 'invitation' ? 'invitation only' : 'open link'}, anonymity threshold ${Number(d.anonymityThreshold)})`;
    case 'survey.open':
      return d.from === 'closed' ? 'Reopened the survey' : 'Opened the survey';
    case 'survey.close':
      return 'Closed the survey';
    case 'invitations.generate': {
      const units = Array.isArray(d.units) ? (d.units as { unit: string; count: number }[]) : [];
      const when = d.status === 'draft' ? 'before opening' : `while the survey was ${String(d.status)}`;
      return `Generated ${count(d.total, 'invitation link')} ${when}: ${units.map((u) => `${u.unit} ${u.count}`).join(', ')}`;
    }
    case 'unit.headcount':
      return `Changed the headcount of ${String(d.unit)} from ${d.from ?? 'not set'} to ${d.to ?? 'not set'}`;
    case 'plan.create':
    case 'plan.update':
      return describePlanEvent(event.action, d);
  }
}

export function createAuditLogService({ db }: { db: Knex }) {
  /** The organization's events, newest first. */
  async function list(organizationId: number): Promise<AuditEntry[]> {
    const titles = new Map((await listSurveys(db, organizationId)).map((s) => [s.id, s.title]));
    return (await listAuditEvents(db, organizationId)).map((event) => ({
      id: event.id,
      at: event.at,
      // user_id is set to null when an account is deleted, so both cases read the same.
      who: event.userEmail ?? 'no account (the command line, or a deleted account)',
      what: describeAuditEvent(event),
      surveyTitle: event.surveyId === null ? null : (titles.get(event.surveyId) ?? null),
    }));
  }

  return { list };
}

export type AuditLogService = ReturnType<typeof createAuditLogService>;
