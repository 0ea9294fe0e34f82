/**
 * Queries on the outbox table. A worker claims due rows with one conditional UPDATE that sets its name
 * and a lease (`claimed_until`): a row is claimable while pending, due, and unclaimed or past its lease,
 * so two workers never hold the same row, and a row claimed by a worker that died is claimed again once
 * its lease has passed. On PostgreSQL the candidate rows are picked FOR UPDATE SKIP LOCKED, so workers
 * claiming at once take different rows instead of waiting on one another; SQLite runs one writer at a
 * time (a dialect difference kept here). Finishing a row (sent, retry later, failed) is conditional on still holding the claim.
 * Times are ISO strings (they compare as text on SQLite and as timestamps on PostgreSQL).
 */
import type { Knex } from 'knex';
import { toDate } from './values.js';

export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface NewOutboxMessage {
  readonly kind: string;
  readonly organizationId: number | null;
  readonly surveyId: number | null;
  readonly recipient: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The Message-ID header, `<…@…>`, unique: a recipient's client can tell a resent copy by it. */
  readonly messageId: string;
}

export interface OutboxMessage extends NewOutboxMessage {
  readonly id: number;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly claimedBy: string | null;
  readonly claimedUntil: Date | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
}

interface Row {
  id: number;
  kind: string;
  organization_id: number | null;
  survey_id: number | null;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  message_id: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: unknown;
  claimed_by: string | null;
  claimed_until: unknown;
  last_error: string | null;
  created_at: unknown;
  sent_at: unknown;
}

function fromRow(row: Row): OutboxMessage {
  return {
    id: row.id,
    kind: row.kind,
    organizationId: row.organization_id ?? null,
    surveyId: row.survey_id ?? null,
    recipient: row.recipient,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    messageId: row.message_id,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: toDate(row.next_attempt_at)!,
    claimedBy: row.claimed_by ?? null,
    claimedUntil: toDate(row.claimed_until),
    lastError: row.last_error ?? null,
    createdAt: toDate(row.created_at)!,
    sentAt: toDate(row.sent_at),
  };
}

/** Rows per INSERT: 12 columns × 60 rows stays below SQLite's bound-parameter limit. */
const BATCH = 60;

/** Queues messages, due at once. */
export async function insertOutboxMessages(db: Knex, messages: readonly NewOutboxMessage[], at: Date): Promise<void> {
  const stamp = at.toISOString();
  const rows = messages.map((m) => ({
    kind: m.kind,
    organization_id: m.organizationId,
    survey_id: m.surveyId,
    recipient: m.recipient,
    subject: m.subject,
    text_body: m.text,
    html_body: m.html,
    message_id: m.messageId,
    status: 'pending',
    attempts: 0,
    next_attempt_at: stamp,
    created_at: stamp,
  }));
  for (let i = 0; i < rows.length; i += BATCH) await db('outbox').insert(rows.slice(i, i + BATCH));
}

function claimable(q: Knex.QueryBuilder, now: string): Knex.QueryBuilder {
  return q
    .where('status', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((w) => w.whereNull('claimed_until').orWhere('claimed_until', '<', now));
}

/**
 * Claims up to `limit` due messages for `claimedBy` until `until`, oldest first, and counts the attempt.
 * Resolves to the rows this call claimed (none that another worker holds).
 */
export async function claimOutboxMessages(
  db: Knex,
  claim: { claimedBy: string; now: Date; until: Date; limit: number },
): Promise<OutboxMessage[]> {
  const now = claim.now.toISOString();
  const until = claim.until.toISOString();
  let rows: Row[];
  if (db.client.config.client === 'pg') {
    // The candidates in a CTE, locked once (a CTE with FOR UPDATE is evaluated once; an IN (subquery)
    // may be run again per row and claim more than the limit). The conditions again on the UPDATE's own
    // rows are not needed: a row is locked before it is chosen.
    const result = await db.raw(
      `WITH c AS (
         SELECT id FROM outbox
         WHERE status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
         ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
       UPDATE outbox SET claimed_by = ?, claimed_until = ?, attempts = outbox.attempts + 1
       FROM c WHERE outbox.id = c.id
       RETURNING outbox.*`,
      [now, now, claim.limit, claim.claimedBy, until],
    );
    rows = (result as { rows: Row[] }).rows;
  } else {
    // SQLite runs the statement alone (one writer at a time) and evaluates the subquery once.
    const candidates = claimable(db('outbox').select('id'), now).orderBy('id').limit(claim.limit);
    rows = await claimable(db('outbox').whereIn('id', candidates), now)
      .update({ claimed_by: claim.claimedBy, claimed_until: until, attempts: db.raw('attempts + 1') })
      .returning('*');
  }
  return rows.map(fromRow).sort((a, b) => a.id - b.id);
}

/**
 * Marks a claimed message sent (only while `claimedBy` still holds it) and drops its bodies, which may
 * hold a personal link; `dropRecipient` also blanks the address (reminders: who was reminded is who had
 * not answered). Resolves to false when the claim was lost (the lease ran out and another worker took it).
 */
export async function markOutboxSent(db: Knex, id: number, claimedBy: string, at: Date, dropRecipient = false): Promise<boolean> {
  const changed = await db('outbox')
    .where({ id, claimed_by: claimedBy, status: 'pending' })
    .update({
      status: 'sent',
      sent_at: at.toISOString(),
      claimed_by: null,
      claimed_until: null,
      last_error: null,
      text_body: '',
      html_body: '',
      ...(dropRecipient ? { recipient: '' } : {}),
    });
  return changed === 1;
}

/** Gives a claimed message back after a failed attempt: due again at `retryAt`, or failed for good (`retryAt` null). */
export async function releaseOutboxMessage(
  db: Knex,
  id: number,
  claimedBy: string,
  outcome: { retryAt: Date | null; error: string },
): Promise<boolean> {
  const changed = await db('outbox')
    .where({ id, claimed_by: claimedBy, status: 'pending' })
    .update({
      ...(outcome.retryAt ? { next_attempt_at: outcome.retryAt.toISOString() } : { status: 'failed' }),
      claimed_by: null,
      claimed_until: null,
      last_error: outcome.error.slice(0, 300),
    });
  return changed === 1;
}

/** The newest messages first, at most `limit`, optionally of one status. */
export async function listOutboxMessages(db: Knex, options: { status?: OutboxStatus; limit: number }): Promise<OutboxMessage[]> {
  const rows: Row[] = await db<Row>('outbox')
    .modify((q) => {
      if (options.status) q.where('status', options.status);
    })
    .orderBy('id', 'desc')
    .limit(options.limit);
  return rows.map(fromRow);
}

export async function findOutboxMessage(db: Knex, id: number): Promise<OutboxMessage | undefined> {
  const row = await db<Row>('outbox').where({ id }).first();
  return row ? fromRow(row) : undefined;
}

/** How many messages are pending, sent and failed. */
export async function countOutboxByStatus(db: Knex): Promise<Record<OutboxStatus, number>> {
  const rows: { status: OutboxStatus; n: number | string }[] = await db('outbox').groupBy('status').select('status').count({ n: '*' });
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

/** Deletes every message of the survey (its invitations and reminders); resolves to how many. */
export async function deleteOutboxMessagesOfSurvey(db: Knex, surveyId: number): Promise<number> {
  return db('outbox').where({ survey_id: surveyId }).del();
}
