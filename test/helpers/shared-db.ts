/**
 * One database reached through two knex instances, as two app servers reach it: a SQLite file (two
 * connections, WAL) or a PostgreSQL schema (two pools). Built by the real migrations; `destroy()`
 * closes both and removes the database. SQLite always; PostgreSQL when TEST_DATABASE_URL is set.
 */
import type { Knex } from 'knex';
import { createDb } from '../../server/db.js';
import { migrate } from '../../server/migrations-source.js';
import { emptyTestDatabases } from './db.js';

export interface SharedDb {
  /** The DATABASE_URL of the database (for a child process). */
  readonly url: string;
  readonly first: Knex;
  readonly second: Knex;
  destroy(): Promise<void>;
}

export function sharedTestDatabases(): { name: 'sqlite' | 'postgres'; create(): Promise<SharedDb> }[] {
  return emptyTestDatabases().map(({ name, create }) => ({
    name,
    async create() {
      const empty = await create();
      const first = createDb(empty.url);
      await migrate(first);
      const second = createDb(empty.url);
      return {
        url: empty.url,
        first,
        second,
        async destroy() {
          await Promise.all([first.destroy(), second.destroy()]);
          await empty.destroy();
        },
      };
    },
  }));
}
