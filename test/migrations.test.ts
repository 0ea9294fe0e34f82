import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import { createDb } from '../server/db.js';
import { migrate, rollbackAll } from '../server/migrations-source.js';

const tables = [
  'organizations',
  'units',
  'instruments',
  'surveys',
  'invitations',
  'responses',
  'audit_events',
  'people',
  'outbox',
  'survey_recipients',
  'survey_mail_plans',
  'survey_reminders',
  'password_resets',
];
const allNames = migrations.map((m) => m.name);

async function latestRollbackLatest(db: Knex): Promise<void> {
  expect(await migrate(db)).toEqual(allNames);
  for (const table of tables) expect(await db.schema.hasTable(table), table).toBe(true);

  expect(await rollbackAll(db)).toEqual([...allNames].reverse());
  for (const table of tables) expect(await db.schema.hasTable(table), table).toBe(false);

  expect(await migrate(db)).toEqual(allNames);
  expect(await migrate(db)).toEqual([]);
  for (const table of tables) expect(await db.schema.hasTable(table), table).toBe(true);
}

describe('migrations on SQLite', () => {
  it('run latest, roll back all, and run latest again', async () => {
    const db = createDb(':memory:');
    try {
      await latestRollbackLatest(db);
    } finally {
      await db.destroy();
    }
  });

  it('are named YYYYMMDDHHMM_verb_noun and listed in order', () => {
    for (const name of allNames) expect(name).toMatch(/^\d{12}_[a-z]+(_[a-z]+)+$/);
    expect([...allNames].sort()).toEqual(allNames);
  });

  it('enforce foreign keys (PRAGMA foreign_keys is on)', async () => {
    const db = createDb(':memory:');
    try {
      await migrate(db);
      await expect(db('units').insert({ organization_id: 999, name: 'Orphan', kind: 'team' })).rejects.toThrow(
        /FOREIGN KEY/,
      );
    } finally {
      await db.destroy();
    }
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) {
  console.warn('[migrations.test] TEST_DATABASE_URL is not set: skipping the PostgreSQL migration test.');
}

describe.skipIf(!pgUrl)('migrations on PostgreSQL (TEST_DATABASE_URL)', () => {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  let admin: Knex;
  let db: Knex;

  beforeAll(async () => {
    admin = createDb(pgUrl!);
    await admin.raw('create schema ??', [schema]);
    db = createDb(pgUrl!, { searchPath: [schema] });
  });

  afterAll(async () => {
    await db?.destroy();
    await admin?.raw('drop schema if exists ?? cascade', [schema]);
    await admin?.destroy();
  });

  it('run latest, roll back all, and run latest again in a fresh schema', async () => {
    await latestRollbackLatest(db);
    const rows = await admin('information_schema.tables').where({ table_schema: schema }).pluck('table_name');
    expect(rows).toEqual(expect.arrayContaining(tables));
  });
});
