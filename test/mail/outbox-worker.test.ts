import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimOutboxMessages } from '../../server/data/outbox.js';
import { toDate } from '../../server/data/values.js';
import { silentLogger } from '../../server/logger.js';
import { createSmtpTransport, type MailTransport } from '../../server/mail/transport.js';
import { createOutboxWorker, retryDelayMs } from '../../server/services/outbox-worker.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { MAIL_FROM, outboxRows, queueInvitations } from '../helpers/outbox-fixture.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const T0 = new Date('2026-12-10T09:00:00.000Z');
const LEASE = 300_000;

describe('retryDelayMs', () => {
  it('doubles from one minute and stops at an hour', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map(retryDelayMs)).toEqual([
      60_000, 120_000, 240_000, 480_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });
});

describe.each(testDatabases())('the outbox worker on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let sink: SmtpSink;
  let now: Date;
  const transports: MailTransport[] = [];

  beforeEach(async () => {
    t = await create();
    db = t.db;
    now = T0;
  });
  afterEach(async () => {
    for (const transport of transports.splice(0)) transport.close();
    await sink?.close();
    await t.destroy();
  });

  function worker(
    workerId: string,
    transport?: MailTransport,
    options: { concurrency?: number; batchSize?: number } = {},
  ) {
    const smtp = transport ?? createSmtpTransport(sink.url);
    transports.push(smtp);
    return createOutboxWorker({
      db,
      transport: smtp,
      from: MAIL_FROM,
      clock: () => now,
      logger: silentLogger,
      workerId,
      leaseMs: LEASE,
      ...options,
    });
  }

  it('sends queued mail through a real SMTP server as HTML and text, once, and keeps no body once sent', async () => {
    sink = await startSmtpSink();
    await queueInvitations(db, now, 3);
    const result = await worker('a').drain();
    expect(result).toMatchObject({ claimed: 3, sent: 3, retried: 0, failed: 0, lost: 0 });
    expect(sink.received.map((m) => m.to[0]).sort()).toEqual([
      'person-0@example.com',
      'person-1@example.com',
      'person-2@example.com',
    ]);
    const rows = await outboxRows(db);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(rows.every((r) => r.text_body === '' && r.claimed_by === null)).toBe(true);
    expect([...sink.copies().keys()].sort()).toEqual(rows.map((r) => r.message_id).sort());

    const first = sink.received.find((m) => m.to[0] === 'person-0@example.com')!;
    const parsed = await sink.parse(first);
    expect(parsed.from?.value).toEqual([{ name: 'Readiness', address: 'readiness@readiness.test' }]);
    expect(parsed.subject).toBe('Acme: please answer “Spring wave”');
    expect(parsed.text).toContain('http://readiness.test/s/wave?t=token-0');
    expect(parsed.html).toContain('href="http://readiness.test/s/wave?t=token-0"');
    expect(await worker('b').drain()).toMatchObject({ claimed: 0 });
  });

  it('retries a temporary refusal with exponential backoff and fails a permanent one at once', async () => {
    let refusalsLeft = 2;
    sink = await startSmtpSink({
      decide: (to) => {
        if (to[0] === 'never@example.com') return 550;
        if (to[0] === 'later@example.com' && refusalsLeft > 0) {
          refusalsLeft--;
          return 451;
        }
        return undefined;
      },
    });
    await queueInvitations(db, now, ['later@example.com', 'never@example.com']);
    const w = worker('a');
    expect(await w.drain()).toMatchObject({ sent: 0, retried: 1, failed: 1 });
    let [later, never] = await outboxRows(db);
    expect(never).toMatchObject({ status: 'failed', attempts: 1 });
    expect(never.last_error).toContain('550');
    expect(later).toMatchObject({ status: 'pending', attempts: 1 });
    expect(toDate(later.next_attempt_at)).toEqual(new Date(T0.getTime() + 60_000));

    now = new Date(T0.getTime() + 59_000);
    expect(await w.drain()).toMatchObject({ claimed: 0 });
    now = new Date(T0.getTime() + 60_000);
    expect(await w.drain()).toMatchObject({ retried: 1 });
    [later] = await outboxRows(db);
    expect(toDate(later.next_attempt_at)).toEqual(new Date(now.getTime() + 120_000));
    now = new Date(now.getTime() + 120_000);
    expect(await w.drain()).toMatchObject({ sent: 1 });
    [later, never] = await outboxRows(db);
    expect(later).toMatchObject({ status: 'sent', attempts: 3 });
    expect(never.status).toBe('failed');
    expect(sink.received.map((m) => m.to[0])).toEqual(['later@example.com']);
  });

  it('claims a row for one worker only, and claims it again once the lease of a worker that died has passed', async () => {
    sink = await startSmtpSink();
    await queueInvitations(db, now, 10);
    // A worker claims six rows and dies before sending any of them.
    const dead = await claimOutboxMessages(db, {
      claimedBy: 'dead',
      now,
      until: new Date(now.getTime() + LEASE),
      limit: 6,
    });
    expect(dead).toHaveLength(6);

    const alive = worker('alive');
    expect(await alive.drain()).toMatchObject({ claimed: 4, sent: 4 });
    now = new Date(T0.getTime() + LEASE - 1);
    expect(await alive.drain()).toMatchObject({ claimed: 0 });
    now = new Date(T0.getTime() + LEASE + 1);
    expect(await alive.drain()).toMatchObject({ claimed: 6, sent: 6 });

    expect((await outboxRows(db)).every((r) => r.status === 'sent')).toBe(true);
    expect(sink.received).toHaveLength(10);
    expect([...sink.copies().values()].every((n) => n === 1)).toBe(true);
  });

  it('sends a message twice only when its sender dies between the SMTP acceptance and the row update, and that window is counted', async () => {
    sink = await startSmtpSink();
    await queueInvitations(db, now, 8);
    // The dying worker's transport hands the fifth message to the SMTP server, which accepts it, and then
    // never returns: the process is frozen or gone before it can mark the row sent.
    const smtp = createSmtpTransport(sink.url);
    let handed = 0;
    const dying: MailTransport = {
      async send(mail) {
        await smtp.send(mail);
        if (++handed === 5) await new Promise(() => undefined);
      },
      close: () => smtp.close(),
    };
    void worker('dying', dying, { concurrency: 1, batchSize: 8 }).runOnce();
    await expect.poll(() => sink.received.length).toBe(5);

    // Kill time: the rows accepted by the SMTP server but not marked sent are the duplicate window.
    const accepted = new Set(sink.received.map((m) => m.messageId));
    const window = (await outboxRows(db)).filter((r) => r.status !== 'sent' && accepted.has(r.message_id));
    expect(window).toHaveLength(1);

    now = new Date(T0.getTime() + LEASE + 1);
    expect(await worker('recovery').drain()).toMatchObject({ sent: 4 });
    const copies = sink.copies();
    const duplicates = [...copies.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(copies.size).toBe(8); // nothing lost
    expect(duplicates).toBe(window.length); // and the only duplicate is the one in the window
    expect(copies.get(window[0].message_id)).toBe(2);
  });
});
