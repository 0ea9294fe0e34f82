/**
 * Which of the project's migrations (migrations/index.ts) the database has not applied yet, read from
 * knex's own bookkeeping table. Used by the readiness probe; `migrate` (server/migrations-source.ts)
 * is what applies them.
 */
import type { Knex } from 'knex';
import { migrations } from '../../migrations/index.js';

const TABLE = 'knex_migrations';

/** The names listed in migrations/index.ts that are not recorded as applied, in order (all of them on an empty database). */
export async function pendingMigrations(db: Knex, expected: readonly string[] = migrations.map((m) => m.name)): Promise<string[]> {
  if (!(await db.schema.hasTable(TABLE))) return [...expected];
  const applied = new Set<string>(await db(TABLE).pluck('name'));
  return expected.filter((name) => !applied.has(name));
}
