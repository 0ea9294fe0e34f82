/**
 * kill -9 of the app (server/main.ts, with SMTP_URL set) while its outbox worker sends: nothing is lost,
 * and a message arrives twice only if the SMTP server had accepted it and the row was not yet marked
 * sent when the process died (the duplicate window), which this test counts.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger.js';
import { createSmtpTransport } from '../../server/mail/transport.js';
import { createOutboxWorker } from '../../server/services/outbox-worker.js';
import { startApp } from '../helpers/app-process.js';
import { MAIL_FROM, outboxRows, queueInvitations } from '../helpers/outbox-fixture.js';
import { sharedTestDatabases, type SharedDb } from '../helpers/shared-db.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const QUEUED = 120;
const KILL_AT = 40;
const CONCURRENCY = 5;

describe.each(sharedTestDatabases())('the app killed with SIGKILL while sending, on $name', ({ create }) => {
  let shared: SharedDb;
  let sink: SmtpSink;
  let child: ChildProcess | undefined;
  beforeEach(async () => {
    shared = await create();
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    await sink?.close();
    await shared.destroy();
  });

  it('loses no message, and sends twice exactly the messages in the window between acceptance and update', async () => {
    await queueInvitations(shared.first, new Date(), QUEUED);
    sink = await startSmtpSink({
      // Killed the moment the SMTP server has accepted message KILL_AT: inside the duplicate window.
      onAccepted: (_mail, count) => {
        if (count === KILL_AT) child?.kill('SIGKILL');
      },
    });
    child = startApp(shared.url, sink.url);
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });

    const accepted = new Set(sink.received.map((m) => m.messageId));
    const rows = await outboxRows(shared.first);
    const window = rows.filter((r) => r.status !== 'sent' && accepted.has(r.message_id));
    const sentBeforeKill = rows.filter((r) => r.status === 'sent').length;
    expect(sentBeforeKill).toBeLessThan(QUEUED);
    expect(window.length).toBeGreaterThanOrEqual(1);
    expect(window.length).toBeLessThanOrEqual(CONCURRENCY);

    // Another server, once the dead one's leases have passed.
    const later = new Date(Date.now() + 301_000);
    const recovery = createOutboxWorker({
      db: shared.second,
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
    expect(copies.size).toBe(QUEUED);
    expect(duplicates).toBe(window.length);
    expect(window.every((r) => copies.get(r.message_id) === 2)).toBe(true);
    expect((await outboxRows(shared.first)).every((r) => r.status === 'sent')).toBe(true);
    console.info(
      `[outbox-kill] killed after ${KILL_AT} accepted: ${sentBeforeKill} marked sent, ${window.length} in the duplicate window, ${duplicates} duplicate(s) after recovery, 0 lost`,
    );
  });
});
