/** The test-database helper: which databases run, and that PostgreSQL schemas are separate and dropped. */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../server/db.js';
import { emptyTestDatabases, testDatabases, withSearchPath } from './helpers/db.js';

describe('testDatabases', () => {
  it('is SQLite alone without TEST_DATABASE_URL, and SQLite then PostgreSQL with it', () => {
    expect(testDatabases({}).map((d) => d.name)).toEqual(['sqlite']);
    expect(testDatabases({ TEST_DATABASE_URL: 'postgres://u@h/db' }).map((d) => d.name)).toEqual([
      'sqlite',
      'postgres',
    ]);
    expect(emptyTestDatabases({ TEST_DATABASE_URL: 'postgres://u@h/db' }).map((d) => d.name)).toEqual([
      'sqlite',
      'postgres',
    ]);
  });

  it('gives a migrated in-memory SQLite', async () => {
    const t = await testDatabases({})[0].create();
    try {
      expect(await t.db.schema.hasTable('responses')).toBe(true);
    } finally {
      await t.destroy();
    }
  });

  it('sets the search path as a startup option and keeps the rest of the URL', () => {
    const url = new URL(withSearchPath('postgres://u:p@h:5433/db?sslmode=disable', 'test_ab12'));
    expect(url.searchParams.get('options')).toBe('-c search_path=test_ab12');
    expect(url.searchParams.get('sslmode')).toBe('disable');
    expect([url.username, url.password, url.host, url.pathname]).toEqual(['u', 'p', 'h:5433', '/db']);
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!pgUrl)('testDatabases on PostgreSQL (TEST_DATABASE_URL)', () => {
  let admin: Knex;
  const schemas = () =>
    admin('pg_namespace').where('nspname', 'like', 'test\\_%').pluck('nspname') as Promise<string[]>;
  beforeAll(() => {
    admin = createDb(pgUrl!);
  });
  afterAll(async () => {
    await admin?.destroy();
  });

  it('creates a separate migrated schema per database and drops it on destroy', async () => {
    const postgres = testDatabases()[1];
    const [first, second] = await Promise.all([postgres.create(), postgres.create()]);
    const [firstSchema] = (await first.db.raw('select current_schema() as s')).rows.map((r: { s: string }) => r.s);
    const [secondSchema] = (await second.db.raw('select current_schema() as s')).rows.map((r: { s: string }) => r.s);
    expect(firstSchema).toMatch(/^test_[0-9a-f]{16}$/);
    expect(secondSchema).not.toBe(firstSchema);
    await first.db('organizations').insert({ name: 'Only here', slug: 'only-here' });
    expect(await second.db('organizations').pluck('slug')).toEqual([]);
    expect(await schemas()).toEqual(expect.arrayContaining([firstSchema, secondSchema]));

    await Promise.all([first.destroy(), second.destroy()]);

    expect(await schemas()).not.toContain(firstSchema);
    expect(await schemas()).not.toContain(secondSchema);
  });

  it('gives an empty schema named by a URL for code that connects by itself', async () => {
    const database = await emptyTestDatabases()[1].create();
    const db = createDb(database.url);
    try {
      const schema = (await db.raw('select current_schema() as s')).rows[0].s as string;
      expect(schema).toMatch(/^test_[0-9a-f]{16}$/);
      expect(await db.schema.hasTable('organizations')).toBe(false);
    } finally {
      await db.destroy();
      await database.destroy();
    }
    expect(await schemas()).not.toContain(new URL(database.url).searchParams.get('options')!.split('=')[1]);
  });
});
