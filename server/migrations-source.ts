/**
 * Runs the migrations listed in migrations/index.ts through a custom knex migration source,
 * so no directory scanning or file-extension guessing is involved.
 */
import type { Knex } from 'knex';
import { migrations, type NamedMigration } from '../migrations/index.js';

/** A knex MigrationSource over a static list (defaults to the project's migrations). */
export function staticMigrationSource(
  list: readonly NamedMigration[] = migrations,
): Knex.MigrationSource<NamedMigration> {
  return {
    getMigrations: async () => [...list],
    getMigrationName: (m) => m.name,
    getMigration: async (m) => m.migration,
  };
}

function migratorConfig(): Knex.MigratorConfig {
  return { migrationSource: staticMigrationSource() };
}

/** Applies every pending migration; resolves to the names applied in this call. */
export async function migrate(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migratorConfig())) as [number, string[]];
  return applied;
}

/** Rolls back every applied migration (all batches); resolves to the names rolled back. */
export async function rollbackAll(db: Knex): Promise<string[]> {
  const [, rolledBack] = (await db.migrate.rollback(migratorConfig(), true)) as [number, string[]];
  return rolledBack;
}
