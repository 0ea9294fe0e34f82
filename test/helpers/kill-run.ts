/**
 * One kill -9 of the app while it sends the outbox, and the count of what it cost (used by the kill
 * test and by bench:mail): queues invitations, starts the app (server/main.ts) sending to a fresh
 * local SMTP server, kills it with SIGKILL the moment that server has accepted message `killAt`, notes
 * the duplicate window (messages accepted but not yet marked sent), then lets a worker of another
 * server send what is left once the dead server's leases have passed.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Knex } from 'knex';
import { silentLogger } from '../../server/logger.js';
import { createSmtpTransport } from '../../server/mail/transport.js';
import { createOutboxWorker } from '../../server/services/outbox-worker.js';
import { startApp } from './app-process.js';
import { MAIL_FROM, outboxRows, queueInvitations, type OutboxRow } from './outbox-fixture.js';
import { startSmtpSink } from './smtp-sink.js';

export interface KillRun {
  readonly exit: { code: number | null; signal: string | null };
  /** Rows marked sent when the app died. */
  readonly sentBeforeKill: number;
  /** Rows the SMTP server had accepted but that were not marked sent when the app died. */
  readonly window: readonly OutboxRow[];
  /** Copies of each Message-ID the SMTP server received, after the recovery. */
  readonly copies: ReadonlyMap<string, number>;
  readonly duplicates: number;
  /** The outbox after the recovery. */
  readonly rowsAfter: readonly OutboxRow[];
}

export async function killAppWhileSending(options: {
  /** The DATABASE_URL the app opens. */
  url: string;
  /** The same database, for this process. */
  db: Knex;
  /** The recovering server's handle on it (default `db`). */
  recoveryDb?: Knex;
  queued: number;
  killAt: number;
}): Promise<KillRun> {
  const { url, db, recoveryDb = db, queued, killAt } = options;
  await queueInvitations(db, new Date(), queued);
  const app: { child?: ChildProcess } = {};
  const sink = await startSmtpSink({
    onAccepted: (_mail, count) => {
      if (count === killAt) app.child?.kill('SIGKILL');
    },
  });
  try {
    const child = (app.child = startApp(url, sink.url));
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];

    const accepted = new Set(sink.received.map((m) => m.messageId));
    const rows = await outboxRows(db);
    const window = rows.filter((r) => r.status !== 'sent' && accepted.has(r.message_id));
    const sentBeforeKill = rows.filter((r) => r.status === 'sent').length;

    const later = new Date(Date.now() + 301_000);
    const recovery = createOutboxWorker({
      db: recoveryDb,
      transport: createSmtpTransport(sink.url),
      from: MAIL_FROM,
      clock: () => later,
      logger: silentLogger,
      workerId: 'recovery',
    });
    await recovery.drain();
    await recovery.stop();

    const copies = sink.copies();
    const duplicates = [...copies.values()].reduce((sum, n) => sum + n - 1, 0);
    return { exit: { code, signal }, sentBeforeKill, window, copies, duplicates, rowsAfter: await outboxRows(db) };
  } finally {
    app.child?.kill('SIGKILL');
    await sink.close();
  }
}
