import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger.js';
import { createSmtpTransport } from '../../server/mail/transport.js';
import { createOutboxWorker } from '../../server/services/outbox-worker.js';
import { MAIL_FROM, outboxRows, queueInvitations } from '../helpers/outbox-fixture.js';
import { sharedTestDatabases, type SharedDb } from '../helpers/shared-db.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const NOW = new Date('2026-12-10T09:00:00.000Z');

describe.each(sharedTestDatabases())('two outbox workers on one $name database', ({ create }) => {
  let shared: SharedDb;
  let sink: SmtpSink;
  beforeEach(async () => {
    shared = await create();
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await sink.close();
    await shared.destroy();
  });

  it('never send the same message: 120 queued, 120 delivered once each, shared between them', async () => {
    await queueInvitations(shared.first, NOW, 120);
    const [a, b] = [shared.first, shared.second].map((db, i) =>
      createOutboxWorker({
        db,
        transport: createSmtpTransport(sink.url),
        from: MAIL_FROM,
        clock: () => NOW,
        logger: silentLogger,
        workerId: `server-${i}`,
      }),
    );
    const [fromA, fromB] = await Promise.all([a.drain(), b.drain()]);
    await Promise.all([a.stop(), b.stop()]);

    expect(fromA.sent + fromB.sent).toBe(120);
    expect(fromA.sent).toBeGreaterThan(0);
    expect(fromB.sent).toBeGreaterThan(0);
    expect(fromA.lost + fromB.lost).toBe(0);
    const copies = sink.copies();
    expect(copies.size).toBe(120);
    expect([...copies.values()].filter((n) => n > 1)).toEqual([]);
    expect((await outboxRows(shared.first)).filter((r) => r.status !== 'sent')).toEqual([]);
  });
});
