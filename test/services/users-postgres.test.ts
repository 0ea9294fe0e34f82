/** createFirstAdmin under real concurrency on PostgreSQL (runs when TEST_DATABASE_URL is set). */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserService } from '../../server/services/users.js';
import { createPostgresSchema, type TestDb } from '../helpers/db.js';

const pgUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!pgUrl)('users service on PostgreSQL (TEST_DATABASE_URL)', () => {
  let testDb: TestDb;
  let db: Knex;

  beforeAll(async () => {
    testDb = await createPostgresSchema(pgUrl!);
    db = testDb.db;
  });

  afterAll(async () => {
    await testDb?.destroy();
  });

  it('lets exactly one of several concurrent createFirstAdmin calls succeed (separate connections)', async () => {
    const users = createUserService({ db });
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) => users.createFirstAdmin(`admin${i}@example.com`, 'long enough')),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await users.count()).toBe(1);
  });
});
