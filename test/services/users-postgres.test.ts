/** createFirstAdmin under real concurrency on PostgreSQL (runs when TEST_DATABASE_URL is set). */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../server/db.js';
import { migrate } from '../../server/migrations-source.js';
import { createUserService } from '../../server/services/users.js';

const pgUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!pgUrl)('users service on PostgreSQL (TEST_DATABASE_URL)', () => {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  let admin: Knex;
  let db: Knex;

  beforeAll(async () => {
    admin = createDb(pgUrl!);
    await admin.raw('create schema ??', [schema]);
    db = createDb(pgUrl!, { searchPath: [schema] });
    await migrate(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await admin?.raw('drop schema if exists ?? cascade', [schema]);
    await admin?.destroy();
  });

  it('lets exactly one of several concurrent createFirstAdmin calls succeed (separate connections)', async () => {
    const users = createUserService({ db });
    const results = await Promise.all([1, 2, 3, 4].map((i) => users.createFirstAdmin(`admin${i}@example.com`, 'long enough')));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await users.count()).toBe(1);
  });
});
