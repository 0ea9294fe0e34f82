/**
 * Queues test mail in an outbox through the real service (rendered templates, Message-IDs), and reads
 * the rows back, for the outbox worker tests.
 */
import type { Knex } from 'knex';
import type { OutboxStatus } from '../../server/data/outbox.js';
import { createOutboxService } from '../../server/services/outbox.js';

export const MAIL_FROM = 'Readiness <readiness@readiness.test>';

/** Queues `n` invitations to person-<i>@example.com (or the addresses given). */
export async function queueInvitations(db: Knex, at: Date, recipients: number | string[]): Promise<void> {
  const outbox = createOutboxService({ db, clock: () => at, mailFrom: MAIL_FROM });
  const to =
    typeof recipients === 'number'
      ? Array.from({ length: recipients }, (_, i) => `person-${i}@example.com`)
      : recipients;
  await outbox.queue(
    db,
    to.map((address, i) => ({
      kind: 'invitation' as const,
      organizationId: null,
      surveyId: null,
      to: address,
      locals: {
        orgName: 'Acme',
        surveyTitle: 'Spring wave',
        closesAt: null,
        link: `http://readiness.test/s/wave?t=token-${i}`,
      },
    })),
  );
}

export interface OutboxRow {
  id: number;
  recipient: string;
  status: OutboxStatus;
  attempts: number;
  message_id: string;
  claimed_by: string | null;
  next_attempt_at: unknown;
  last_error: string | null;
  text_body: string;
}

export async function outboxRows(db: Knex): Promise<OutboxRow[]> {
  return db('outbox')
    .orderBy('id')
    .select(
      'id',
      'recipient',
      'status',
      'attempts',
      'message_id',
      'claimed_by',
      'next_attempt_at',
      'last_error',
      'text_body',
    );
}
