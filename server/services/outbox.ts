/**
 * The outbox: every email the app sends is first a row of the outbox table, written in the
 * transaction of what caused it (invitations, reminders, a password reset), so a message exists if and
 * only if its cause was committed. The worker (services/outbox-worker.ts) sends the rows; without
 * SMTP_URL they stay here, and admins read them on the Outbox page.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import {
  countOutboxByStatus,
  findOutboxMessage,
  insertOutboxMessages,
  listOutboxMessages,
  type OutboxMessage,
  type OutboxStatus,
} from '../data/outbox.js';
import { renderMail, type MailTemplate } from '../mail/templates.js';
import { mailDomain } from '../mail/transport.js';

export type { OutboxMessage, OutboxStatus } from '../data/outbox.js';

/** What a message is, for the worker (a reminder's address is blanked once sent) and the Outbox page. */
export type MailKind = 'invitation' | 'reminder' | 'password-reset';

export interface MailToQueue {
  readonly kind: MailKind & MailTemplate;
  readonly organizationId: number | null;
  readonly surveyId: number | null;
  readonly to: string;
  readonly locals: Record<string, unknown>;
  /** The recipient's language (people.language): the message goes out in it when there is a translation. */
  readonly language?: string | null;
}

/** What a service that sends mail needs: the database, the clock, the base of its links, the outbox. */
export interface MailingDeps {
  readonly db: Knex;
  readonly clock: Clock;
  readonly baseUrl: string;
  readonly outbox: OutboxService;
}

export function createOutboxService({ db, clock, mailFrom }: { db: Knex; clock: Clock; mailFrom: string }) {
  const domain = mailDomain(mailFrom);

  /** Renders and queues messages inside `trx`, the transaction of what they announce. */
  async function queue(trx: Knex, mails: readonly MailToQueue[]): Promise<void> {
    const rows = mails.map((mail) => {
      const rendered = renderMail(mail.kind, mail.locals, mail.language);
      return {
        kind: mail.kind,
        organizationId: mail.organizationId,
        surveyId: mail.surveyId,
        recipient: mail.to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: `<${randomUUID()}@${domain}>`,
      };
    });
    await insertOutboxMessages(trx, rows, clock());
  }

  /** The newest messages, at most `limit`, optionally of one status. */
  function list(status: OutboxStatus | undefined, limit = 200): Promise<OutboxMessage[]> {
    return listOutboxMessages(db, { status, limit });
  }

  async function find(id: number): Promise<OutboxMessage | null> {
    return Number.isSafeInteger(id) ? ((await findOutboxMessage(db, id)) ?? null) : null;
  }

  function counts(): Promise<Record<OutboxStatus, number>> {
    return countOutboxByStatus(db);
  }

  return { queue, list, find, counts, mailFrom };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
