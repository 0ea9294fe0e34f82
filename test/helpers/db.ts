/**
 * Test databases built by the real migrations (never a hand-written schema).
 *
 * - `createTestDb()`: a fresh in-memory SQLite; call `await db.destroy()` in afterAll/afterEach.
 * - `testDatabases()`: the databases a database-backed test file runs on: SQLite always, and PostgreSQL
 *   when TEST_DATABASE_URL is set (`.ci/run` sets it). Each PostgreSQL database is a throw-away schema
 *   `test_<random hex>` (so parallel test files never collide), dropped with CASCADE by `destroy()`.
 *
 *   describe.each(testDatabases())('users service on $name', ({ create }) => {
 *     let t: TestDb;
 *     beforeEach(async () => { t = await create(); });
 *     afterEach(async () => { await t.destroy(); });
 *   });
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { createDb } from '../../server/db.js';
import { migrate } from '../../server/migrations-source.js';

export interface TestDb {
  readonly db: Knex;
  /** Closes the connections (and drops the PostgreSQL schema). */
  destroy(): Promise<void>;
}

export interface TestDatabase {
  readonly name: 'sqlite' | 'postgres';
  create(): Promise<TestDb>;
}

export async function createTestDb(): Promise<Knex> {
  const db = createDb(':memory:');
  await migrate(db);
  return db;
}

async function createSqlite(): Promise<TestDb> {
  const db = await createTestDb();
  return { db, destroy: () => db.destroy() };
}

/** A fresh schema in the database at `url`, migrated; `destroy()` drops it even if a test failed. */
export async function createPostgresSchema(url: string): Promise<TestDb> {
  const schema = `test_${randomBytes(8).toString('hex')}`;
  const admin = createDb(url);
  await admin.raw('create schema ??', [schema]);
  const db = createDb(url, { searchPath: [schema] });
  const destroy = async () => {
    try {
      await db.destroy();
      await admin.raw('drop schema if exists ?? cascade', [schema]);
    } finally {
      await admin.destroy();
    }
  };
  try {
    await migrate(db);
  } catch (err) {
    await destroy();
    throw err;
  }
  return { db, destroy };
}

/**
 * Prints the skip notice once per vitest run, not once per test file: every test file runs in a
 * worker forked by the same vitest process, so a marker file named after that parent pid is created
 * (exclusively) by the first file only.
 */
function warnPostgresSkippedOnce(): void {
  try {
    writeFileSync(join(tmpdir(), `readiness-pg-skip-notice-${process.ppid}`), '', { flag: 'wx' });
  } catch {
    return;
  }
  console.warn('PostgreSQL tests skipped: TEST_DATABASE_URL is not set');
}

/** SQLite, plus PostgreSQL when TEST_DATABASE_URL is set. */
export function testDatabases(env: NodeJS.ProcessEnv = process.env): TestDatabase[] {
  const sqlite: TestDatabase = { name: 'sqlite', create: createSqlite };
  const url = env.TEST_DATABASE_URL;
  if (!url) {
    warnPostgresSkippedOnce();
    return [sqlite];
  }
  return [sqlite, { name: 'postgres', create: () => createPostgresSchema(url) }];
}

/** The number of rows `query` selects, as a number (PostgreSQL returns count(*) as a string). */
export async function rowCount(query: Knex.QueryBuilder): Promise<number> {
  const row = (await query.count({ n: '*' }).first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}
