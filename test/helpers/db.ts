/**
 * Test databases built by the real migrations (never a hand-written schema).
 *
 * - `createTestDb()`: a fresh in-memory SQLite; call `await db.destroy()` in afterAll/afterEach.
 * - `testDatabases()`: the databases a database-backed test file runs on: SQLite always, and PostgreSQL
 *   when TEST_DATABASE_URL is set (`.ci/run` sets it). Each PostgreSQL database is a throw-away schema
 *   `test_<random hex>` (so parallel test files never collide), dropped with CASCADE by `destroy()`.
 * - `emptyTestDatabases()`: the same two, empty and named by a DATABASE_URL, for code that connects by
 *   itself (the CLI).
 * - `secondConnection(db)`: another handle on the same database, as a second app server has.
 *
 *   describe.each(testDatabases())('users service on $name', ({ create }) => {
 *     let t: TestDb;
 *     beforeEach(async () => { t = await create(); });
 *     afterEach(async () => { await t.destroy(); });
 *   });
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex, { type Knex } from 'knex';
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

/** Creates `test_<random hex>` with its own admin connection; `drop()` drops it (CASCADE) and closes that connection. */
async function createSchema(url: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `test_${randomBytes(8).toString('hex')}`;
  const admin = createDb(url);
  try {
    await admin.raw('create schema ??', [schema]);
  } catch (err) {
    await admin.destroy();
    throw err;
  }
  const drop = async () => {
    try {
      await admin.raw('drop schema if exists ?? cascade', [schema]);
    } finally {
      await admin.destroy();
    }
  };
  return { schema, drop };
}

/** A fresh schema in the database at `url`, migrated; `destroy()` drops it even if a test failed. */
export async function createPostgresSchema(url: string): Promise<TestDb> {
  const { schema, drop } = await createSchema(url);
  const db = createDb(url, { searchPath: [schema] });
  const destroy = async () => {
    try {
      await db.destroy();
    } finally {
      await drop();
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

/** `url` with the search_path set through the connection's startup options, for code that takes only a URL. */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

/** An empty (not migrated) database named only by a DATABASE_URL, for code that connects by itself (the CLI). */
export interface EmptyTestDatabase {
  readonly url: string;
  destroy(): Promise<void>;
}

/** A SQLite file in a fresh temporary folder (`nested/readiness.sqlite`: the folder does not exist yet). */
function emptySqliteFile(): Promise<EmptyTestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'readiness-test-db-'));
  const url = join(dir, 'nested', 'readiness.sqlite');
  return Promise.resolve({ url, destroy: async () => rmSync(dir, { recursive: true, force: true }) });
}

async function emptyPostgresSchema(url: string): Promise<EmptyTestDatabase> {
  const { schema, drop } = await createSchema(url);
  return { url: withSearchPath(url, schema), destroy: drop };
}

/**
 * Prints the skip notice once per vitest run, not once per test file: every test file runs in a
 * worker forked by the same vitest process, so a marker file named after that parent (pid and, on
 * Linux, start time, so a reused pid does not silence a later run) is created by the first file only.
 */
function warnPostgresSkippedOnce(): void {
  let parent = String(process.ppid);
  try {
    // Field 22 of /proc/<pid>/stat is the start time; the command name before it may hold spaces.
    parent += `-${readFileSync(`/proc/${process.ppid}/stat`, 'utf8').split(') ')[1].split(' ')[19]}`;
  } catch {
    // Not Linux: the pid alone.
  }
  try {
    writeFileSync(join(tmpdir(), `readiness-pg-skip-notice-${parent}`), '', { flag: 'wx' });
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
    if (env === process.env) warnPostgresSkippedOnce();
    return [sqlite];
  }
  return [sqlite, { name: 'postgres', create: () => createPostgresSchema(url) }];
}

/** Like testDatabases(), but each database is empty and named by a URL (a SQLite file path or a PostgreSQL URL). */
export function emptyTestDatabases(
  env: NodeJS.ProcessEnv = process.env,
): { name: 'sqlite' | 'postgres'; create(): Promise<EmptyTestDatabase> }[] {
  const url = env.TEST_DATABASE_URL;
  if (!url) {
    if (env === process.env) warnPostgresSkippedOnce();
    return [{ name: 'sqlite', create: emptySqliteFile }];
  }
  return [
    { name: 'sqlite', create: emptySqliteFile },
    { name: 'postgres', create: () => emptyPostgresSchema(url) },
  ];
}

/** The number of rows `query` selects, as a number (PostgreSQL returns count(*) as a string). */
export async function rowCount(query: Knex.QueryBuilder): Promise<number> {
  const row = (await query.count({ n: '*' }).first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

/**
 * Another handle on `db`'s database, as a second app server has: its own connection pool on
 * PostgreSQL (same schema); on SQLite the same one-connection instance (an in-memory database lives
 * only on its connection). `close()` ends only what this made.
 */
export function secondConnection(db: Knex): { db: Knex; close(): Promise<void> } {
  const config = db.client.config as Knex.Config;
  if (config.client !== 'pg') return { db, close: async () => undefined };
  const other = knex(config);
  return { db: other, close: () => other.destroy() };
}
