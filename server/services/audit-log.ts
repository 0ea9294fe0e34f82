/**
 * Reading an organization's audit log (the services that act write to it, inside their own
 * transactions), with each event described in words for the audit page.
 */
import type { Knex } from 'knex';
import { listAuditEvents, type AuditEvent } from '../data/audit-events.js';
import { listSurveys } from '../data/surveys.js';
import { describeMailEvent } from './audit-log-mail.js';
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
      return `${d.from === 'closed' ? 'Reopened' : 'Opened'} the survey${d.schedule ? ' on schedule' : ''}`;
    case 'survey.close':
      return `Closed the survey${d.schedule ? ' on schedule' : ''}`;
    case 'invitations.generate': {
      const units = Array.isArray(d.units) ? (d.units as { unit: string; count: number }[]) : [];
      const when = d.status === 'draft' ? 'before opening' : `while the survey was ${String(d.status)}`;
      return `Generated ${count(d.total, 'invitation link')} ${when}: ${units.map((u) => `${u.unit} ${u.count}`).join(', ')}`;
    }
    case 'unit.headcount':
      return `Changed the headcount of ${String(d.unit)} from ${d.from ?? 'not set'} to ${d.to ?? 'not set'}`;
    default:
      return describeChange(event);
  }
}

const quoted = (v: unknown) => `"${String(v)}"`;

/** The events added with editing, retiring and exporting (kept apart so each switch stays short). */
function describeChange(event: Pick<AuditEvent, 'action' | 'detail'>): string {
  const d = event.detail;
  switch (event.action) {
    case 'survey.edit': {
      const changes = Array.isArray(d.changes) ? (d.changes as { field: string; from: unknown; to: unknown }[]) : [];
      const said = changes.map((c) => `${c.field} from ${JSON.stringify(c.from)} to ${JSON.stringify(c.to)}`);
      return `Edited the survey: ${said.join('; ')}`;
    }
    case 'survey.delete':
      return `Deleted the survey ${quoted(d.title)} with all its responses, invitations and releases`;
    case 'responses.export':
      return `Exported ${count(d.responses, 'released response')} as CSV (release of ${String(d.releasedOn)})`;
    case 'organization.rename':
      return `Renamed the organization from ${quoted(d.from)} to ${quoted(d.to)}`;
    case 'unit.rename':
      return `Renamed the unit ${quoted(d.from)} to ${quoted(d.to)}`;
    case 'unit.move':
      return `Moved ${quoted(d.unit)} from ${d.from === null ? 'the top level' : quoted(d.from)} to ${d.to === null ? 'the top level' : quoted(d.to)}`;
    case 'unit.archive':
      return `Archived ${quoted(d.unit)} (${count(d.units, 'unit')} with those below it)`;
    case 'unit.restore':
      return `Restored ${quoted(d.unit)} (${count(d.units, 'unit')} with those below it)`;
    case 'user.deactivate':
      return `Deactivated the account ${String(d.email)} and ended its ${count(d.sessions, 'session')}`;
    case 'user.reactivate':
      return `Reactivated the account ${String(d.email)}`;
    case 'plan.create':
    case 'plan.update':
      return describePlanEvent(event.action, d);
    default:
      return describeMailEvent(event);
  }
}

export function createAuditLogService({ db }: { db: Knex }) {
  /** The organization's events, newest first; null: the events about staff accounts. */
  async function list(organizationId: number | null): Promise<AuditEntry[]> {
    const titles = new Map(
      organizationId === null ? [] : (await listSurveys(db, organizationId)).map((s) => [s.id, s.title]),
    );
    return (await listAuditEvents(db, organizationId)).map((event) => ({
      id: event.id,
      at: event.at,
      // user_id is set to null when an account is deleted, so both cases read the same.
      who:
        event.userEmail ??
        (event.detail.schedule ? 'the schedule' : 'no account (the command line, or a deleted account)'),
      what: describeAuditEvent(event),
      // A deleted survey's title stays in its events' detail.
      surveyTitle:
        event.surveyId === null
          ? null
          : (titles.get(event.surveyId) ?? (event.detail.title as string | undefined) ?? null),
    }));
  }

  return { list };
}

export type AuditLogService = ReturnType<typeof createAuditLogService>;
