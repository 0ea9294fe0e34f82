/**
 * The measured process of `npm run bench:load` (bench/load.ts forks it, so the load generator never
 * shares this event loop): on a fresh database (a temporary SQLite file, or a throw-away PostgreSQL
 * schema `bench_<hex>` when given a postgres:// URL) it seeds one open survey and listens on 127.0.0.1
 * with two servers:
 *
 * - the app (`createApp`, SUBMIT_RATE_LIMIT=0, no logging) answering POST /s/CODE;
 * - a bare node:http server that parses the same form body and does one INSERT of the same 40 fields
 *   (37 items, unit, role level, workflow) into a table of 40 columns, `bench_bare`, in the same
 *   database through the same knex settings: the limit the app is compared with.
 *
 * It tells the parent the addresses and the form's choices over IPC, answers `count` with the rows
 * each server stored, and on `stop` closes everything and removes the database.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { ensureInstrument } from '../server/data/instruments.js';
import { insertOrganization } from '../server/data/organizations.js';
import { countResponses } from '../server/data/responses.js';
import { insertSurvey } from '../server/data/surveys.js';
import { insertUnit } from '../server/data/units.js';
import { createDb, isPostgresUrl } from '../server/db.js';
import { instrumentItemIds, loadDefaultInstrument } from '../server/instruments/load.js';
import { migrate } from '../server/migrations-source.js';
import { createServices } from '../server/services/index.js';

export interface LoadTarget {
  readonly appUrl: string;
  readonly bareUrl: string;
  readonly path: string;
  readonly itemIds: readonly string[];
  readonly likertMax: number;
  readonly unitIds: readonly number[];
  readonly roleLevels: readonly string[];
  readonly workflows: readonly string[];
}

export type ParentMessage = { type: 'count' } | { type: 'stop' };
export type ChildMessage =
  | { type: 'ready'; target: LoadTarget }
  | { type: 'counts'; app: number; bare: number }
  | { type: 'error'; message: string };

const WORKFLOWS = ['Claims handling', 'Invoicing', 'Customer email'];

/** A fresh database: its knex instance and how to remove it afterwards. */
async function openDatabase(url: string | undefined): Promise<{ db: Knex; remove(): Promise<void> }> {
  if (url && isPostgresUrl(url)) {
    const schema = `bench_${randomBytes(6).toString('hex')}`;
    const admin = createDb(url);
    await admin.raw('create schema ??', [schema]);
    const db = createDb(url, { searchPath: [schema] });
    return {
      db,
      remove: async () => {
        await db.destroy();
        await admin.raw('drop schema if exists ?? cascade', [schema]);
        await admin.destroy();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'readiness-bench-load-'));
  const db = createDb(join(dir, 'bench.sqlite'));
  return {
    db,
    remove: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

/** The bare server: read the body, parse it, one INSERT of the 40 fields, 303. No validation at all. */
function bareServer(db: Knex, itemIds: readonly string[]): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const row: Record<string, unknown> = {
        unit_id: Number(form.get('unit')),
        role_level: form.get('role_level'),
        workflow: form.get('workflow'),
      };
      for (const id of itemIds) row[id] = Number(form.get(id));
      db('bench_bare')
        .insert(row)
        .then(
          () => res.writeHead(303, { location: '/thanks' }).end(),
          () => res.writeHead(500).end(),
        );
    });
  });
}

async function main(): Promise<void> {
  const { db, remove } = await openDatabase(process.env.DATABASE_URL);
  await migrate(db);
  const instrument = loadDefaultInstrument();
  const itemIds = instrumentItemIds(instrument);
  await db.schema.createTable('bench_bare', (table) => {
    table.increments('id');
    table.integer('unit_id');
    table.string('role_level');
    table.string('workflow');
    for (const id of itemIds) table.integer(id);
  });

  const organizationId = await insertOrganization(db, { name: 'Bench', slug: 'bench' });
  const department = await insertUnit(db, { organizationId, name: 'Operations', kind: 'department' });
  const unitIds: number[] = [];
  for (const name of ['Claims', 'Billing', 'Support', 'Sales'])
    unitIds.push(await insertUnit(db, { organizationId, parentId: department, name, kind: 'team' }));
  const instrumentId = await ensureInstrument(db, instrument);
  const code = 'benchload';
  const surveyId = await insertSurvey(db, {
    organizationId,
    instrumentId,
    title: 'Load',
    code,
    status: 'open',
    workflows: WORKFLOWS,
  });

  const config = loadConfig({ SUBMIT_RATE_LIMIT: '0', LOG_LEVEL: 'silent' });
  const app = createApp({ services: createServices({ db, config }), config });
  const appServer = createServer(app);
  const bare = bareServer(db, itemIds);
  const target: LoadTarget = {
    appUrl: await listen(appServer),
    bareUrl: await listen(bare),
    path: `/s/${code}`,
    itemIds,
    likertMax: instrument.likert.max,
    unitIds,
    roleLevels: instrument.roleLevels,
    workflows: WORKFLOWS,
  };
  const send = (message: ChildMessage) => process.send?.(message);
  send({ type: 'ready', target });

  process.on('message', async (message: ParentMessage) => {
    if (message.type === 'count') {
      const [row] = await db('bench_bare').count({ n: '*' });
      send({ type: 'counts', app: await countResponses(db, surveyId), bare: Number(row.n) });
    } else {
      appServer.closeAllConnections();
      bare.closeAllConnections();
      await Promise.all([new Promise((r) => appServer.close(r)), new Promise((r) => bare.close(r))]);
      await remove();
      process.disconnect();
    }
  });
}

main().catch((err: Error) => {
  process.send?.({ type: 'error', message: err.stack ?? err.message } satisfies ChildMessage);
  process.exitCode = 1;
});
