/**
 * A fresh in-memory SQLite database built by the real migrations (never a hand-written schema).
 * Call `await db.destroy()` in afterAll/afterEach.
 */
import type { Knex } from 'knex';
import { createDb } from '../../server/db.js';
import { migrate } from '../../server/migrations-source.js';

export async function createTestDb(): Promise<Knex> {
  const db = createDb(':memory:');
  await migrate(db);
  return db;
}
