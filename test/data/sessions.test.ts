/** server/data/sessions.ts: ending a user's other sessions, with `sess` stored as text (SQLite) or json (PostgreSQL). */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteOtherSessionsOfUser } from '../../server/data/sessions.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

const expired = new Date('2100-01-01T00:00:00Z');

async function storeSession(db: Knex, sid: string, sess: Record<string, unknown>): Promise<void> {
  await db('sessions').insert({ sid, sess: JSON.stringify(sess), expired });
}

describe.each(testDatabases())('sessions data on $name', ({ create }) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(async () => {
    await t.destroy();
  });

  it("deletes the user's other sessions and keeps the current one, other users' and anonymous ones", async () => {
    const cookie = { originalMaxAge: 1000, path: '/' };
    await storeSession(t.db, 'current', { cookie, userId: 7 });
    await storeSession(t.db, 'laptop', { cookie, userId: 7 });
    await storeSession(t.db, 'phone', { cookie, userId: 7 });
    await storeSession(t.db, 'colleague', { cookie, userId: 8 });
    await storeSession(t.db, 'same-digits-as-text', { cookie, userId: '7' });
    await storeSession(t.db, 'anonymous', { cookie });

    expect(await deleteOtherSessionsOfUser(t.db, 7, 'current')).toBe(2);

    const left: string[] = await t.db('sessions').orderBy('sid').pluck('sid');
    expect(left).toEqual(['anonymous', 'colleague', 'current', 'same-digits-as-text']);
  });

  it('deletes nothing and resolves to 0 when the user has no other session', async () => {
    await storeSession(t.db, 'current', { userId: 7 });
    expect(await deleteOtherSessionsOfUser(t.db, 7, 'current')).toBe(0);
    expect(await deleteOtherSessionsOfUser(t.db, 9, 'elsewhere')).toBe(0);
    expect(await t.db('sessions').pluck('sid')).toEqual(['current']);
  });
});
