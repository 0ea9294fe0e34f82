/**
 * Sentences for the audit events of people, schedules and email (services/audit-log.ts describes the
 * rest): imports, schedules set, invitations emailed, reminders sent and address lists erased.
 */
import type { AuditEvent } from '../data/audit-events.js';

const count = (n: unknown, word: string) => `${Number(n)} ${word}${Number(n) === 1 ? '' : 's'}`;
const day = (iso: unknown) => (typeof iso === 'string' ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'by hand');

export function describeMailEvent(event: Pick<AuditEvent, 'action' | 'detail'>): string {
  const d = event.detail;
  switch (event.action) {
    case 'people.import': {
      const headcounts = Array.isArray(d.headcounts) ? d.headcounts.length : 0;
      return `Imported people: ${count(d.added, 'added')}, ${Number(d.updated)} updated, ${Number(d.removed)} removed; ${count(d.unitsCreated, 'unit')} created, ${count(headcounts, 'headcount')} changed`;
    }
    case 'survey.schedule': {
      const days = Array.isArray(d.reminderDays) && d.reminderDays.length ? d.reminderDays.join(', ') : 'none';
      return `Set the schedule: opens ${day(d.opensAt)}, closes ${day(d.closesAt)}, invitations by email when it opens: ${d.inviteOnOpen ? 'yes' : 'no'}, reminders (days before closing): ${days}`;
    }
    case 'invitations.email':
      return d.error
        ? `Could not email the invitations planned for the opening: ${String(d.error)}`
        : `Emailed ${count(d.total, 'invitation')}${d.schedule ? ' as the survey opened' : ''}${d.unit ? ` to the people of ${String(d.unit)}` : ''}${Number(d.skippedArchived) > 0 ? `; skipped ${Number(d.skippedArchived)} in archived units` : ''}`;
    case 'reminders.send':
      return d.status === 'skipped'
        ? `Skipped the reminder ${count(d.daysBefore, 'day')} before closing (its day had passed)`
        : `Sent the reminder ${count(d.daysBefore, 'day')} before closing to the people who had not answered`;
    case 'recipients.erase':
      return `Erased the survey's address list (${Number(d.recipients)} address${Number(d.recipients) === 1 ? '' : 'es'}) and its ${count(d.messages, 'message')}`;
    default:
      return event.action;
  }
}
