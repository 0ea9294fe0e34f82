/**
 * The knex factory: PostgreSQL when the URL is postgres:// or postgresql://, otherwise an embedded
 * SQLite file (or ':memory:'). Creating the instance does not connect; the first query does.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex, { type Knex } from 'knex';
import { rememberFailedSql } from './log-safe-error.js';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export interface DbOptions {
  /** PostgreSQL only: schemas to search (tests use a throw-away schema per run). */
  readonly searchPath?: readonly string[];
}

interface SqliteConnection {
  exec(sql: string, callback: (err: Error | null) => void): void;
}

/** Creates a knex instance for `databaseUrl` (see Config.databaseUrl). */
export function createDb(databaseUrl: string, options: DbOptions = {}): Knex {
  return rememberingFailedSql(createKnex(databaseUrl, options));
}

/** Failed queries keep their SQL text (placeholders only) for the log; see server/log-safe-error.ts. */
function rememberingFailedSql(db: Knex): Knex {
  db.on('query-error', (err: unknown, query: { sql?: unknown }) => rememberFailedSql(err, query.sql));
  return db;
}

function createKnex(databaseUrl: string, options: DbOptions): Knex {
  if (isPostgresUrl(databaseUrl)) {
    return knex({
      client: 'pg',
      connection: databaseUrl,
      searchPath: options.searchPath ? [...options.searchPath] : undefined,
      pool: { min: 0, max: 10 },
    });
  }
  const filename = databaseUrl;
  const inMemory = filename === ':memory:' || filename.startsWith('file::memory:');
  if (!inMemory) mkdirSync(dirname(filename), { recursive: true });
  // WAL is meaningless for an in-memory database (and would be refused).
  const pragmas = [
    'PRAGMA foreign_keys = ON',
    'PRAGMA busy_timeout = 5000',
    ...(inMemory ? [] : ['PRAGMA journal_mode = WAL']),
  ];
  return knex({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // One connection: SQLite serializes writers anyway, and an in-memory database lives only as long as
    // its connection, so it must never be reaped while idle.
    pool: {
      min: 1,
      max: 1,
      idleTimeoutMillis: Number.MAX_SAFE_INTEGER,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) {
        conn.exec(pragmas.join('; '), (err) => done(err, conn));
      },
    },
  });
}

/** How logs and the CLI name a database: the file path, or the URL without its password. */
export function databaseLabel(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return databaseUrl;
  }
}
