/**
 * `npm run bench:mail`: emails per second through the outbox worker to a local SMTP server (the
 * smtp-server package, in this process, accepting everything), and what a kill -9 costs. For each
 * database it queues `--messages` invitations and times one worker, then two workers on the same
 * database (as two app servers), draining the outbox; then it kills the app (server/main.ts, SIGKILL) `--kills` times
 * mid-sending, lets another worker take over once the leases have passed, and counts lost and
 * duplicated messages. Not a test: it prints, it does not assert.
 *
 *   npm run bench:mail                                               # SQLite (a temporary file)
 *   npm run bench:mail -- --pg postgres://postgres@127.0.0.1:5432/test   # and PostgreSQL
 *   options: --messages 2000 --kills 3 --concurrency 5 --batch 20
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { createDb } from '../server/db.js';
import { silentLogger } from '../server/logger.js';
import { createSmtpTransport } from '../server/mail/transport.js';
import { migrate } from '../server/migrations-source.js';
import { createOutboxWorker } from '../server/services/outbox-worker.js';
import { killAppWhileSending } from '../test/helpers/kill-run.js';
import { MAIL_FROM, queueInvitations } from '../test/helpers/outbox-fixture.js';
import { startSmtpSink, type SmtpSink } from '../test/helpers/smtp-sink.js';

const { values: args } = parseArgs({
  options: {
    pg: { type: 'string' },
    messages: { type: 'string', default: '2000' },
    kills: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '5' },
    batch: { type: 'string', default: '20' },
  },
});
const messages = Number(args.messages);
const concurrency = Number(args.concurrency);
const batchSize = Number(args.batch);

interface Database {
  readonly url: string;
  destroy(): Promise<void>;
}

function sqliteFile(): Database {
  const dir = mkdtempSync(join(tmpdir(), 'readiness-bench-mail-'));
  return { url: join(dir, 'bench.sqlite'), destroy: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function pgSchema(url: string): Promise<Database> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = createDb(url);
  await admin.raw('create schema ??', [schema]);
  const withPath = new URL(url);
  withPath.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: withPath.toString(),
    async destroy() {
      await admin.raw('drop schema ?? cascade', [schema]);
      await admin.destroy();
    },
  };
}

/** Drains a freshly queued outbox with `workers` workers (one knex each); resolves to emails/s. */
async function throughput(url: string, sink: SmtpSink, workers: number): Promise<number> {
  const handles: Knex[] = Array.from({ length: workers }, () => createDb(url));
  await handles[0]('outbox').del();
  await queueInvitations(handles[0], new Date(), messages);
  const before = sink.received.length;
  const started = process.hrtime.bigint();
  const running = handles.map((db, i) =>
    createOutboxWorker({
      db,
      transport: createSmtpTransport(sink.url, { maxConnections: concurrency }),
      from: MAIL_FROM,
      clock: () => new Date(),
      logger: silentLogger,
      workerId: `bench-${i}`,
      concurrency,
      batchSize,
    }),
  );
  await Promise.all(running.map((w) => w.drain()));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await Promise.all(running.map((w) => w.stop()));
  await Promise.all(handles.map((db) => db.destroy()));
  if (sink.received.length - before !== messages)
    throw new Error(`expected ${messages} messages, got ${sink.received.length - before}`);
  return messages / seconds;
}

/** Kills the app while it sends (test/helpers/kill-run.ts); resolves to lost and duplicated counts. */
async function killRun(url: string, killAt: number): Promise<{ lost: number; duplicates: number; window: number }> {
  const db = createDb(url);
  await db('outbox').del();
  const queued = 300;
  try {
    const run = await killAppWhileSending({ url, db, queued, killAt });
    return { lost: queued - run.copies.size, duplicates: run.duplicates, window: run.window.length };
  } finally {
    await db.destroy();
  }
}

async function run(name: string, database: Database): Promise<void> {
  const db = createDb(database.url);
  await migrate(db);
  await db.destroy();
  const sink = await startSmtpSink();
  try {
    const one = await throughput(database.url, sink, 1);
    const two = await throughput(database.url, sink, 2);
    console.log(
      `${name}: ${messages} emails, 1 worker: ${one.toFixed(0)} emails/s; 2 workers on one database: ${two.toFixed(0)} emails/s`,
    );
  } finally {
    await sink.close();
  }
  const kills = Number(args.kills);
  let lost = 0;
  let duplicates = 0;
  let window = 0;
  for (let k = 0; k < kills; k++) {
    const r = await killRun(database.url, 50 + 37 * k);
    lost += r.lost;
    duplicates += r.duplicates;
    window += r.window;
  }
  if (kills > 0)
    console.log(
      `${name}: ${kills} kill -9 while sending: ${lost} lost, ${duplicates} duplicate(s) (${window} message(s) were accepted and not yet marked when killed)`,
    );
  await database.destroy();
}

await run('sqlite', sqliteFile());
if (args.pg) await run('postgres', await pgSchema(args.pg));
