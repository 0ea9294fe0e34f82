import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowCount, testDatabases } from '../helpers/db.js';
import { captureLogs, type LogCapture } from '../helpers/log-capture.js';
import { createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

const NEW_EMAIL = 'new.person@example.com';
const NEW_PASSWORD = 'a long first password';

/** Makes every insert into users fail (a trigger in either dialect), as a broken database would. */
async function failUserInserts(db: Knex): Promise<void> {
  if (db.client.config.client === 'pg') {
    await db.raw(
      `CREATE FUNCTION fail_user_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`,
    );
    await db.raw(
      'CREATE TRIGGER fail_user_insert BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION fail_user_insert()',
    );
  } else {
    await db.raw(`CREATE TRIGGER fail_user_insert BEFORE INSERT ON users BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
  }
}

describe.each(testDatabases())('what the log gets from a failed insert on $name', ({ create }) => {
  let t: StaffTestApp;
  let logs: LogCapture;
  beforeEach(async () => {
    logs = captureLogs();
    t = await createStaffTestApp(undefined, create, logs.logger);
    await t.createUser('admin@example.com', 'admin');
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('logs the error id of a 500 but neither the new user’s email nor their password hash', async () => {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    await failUserInserts(t.db);
    const res = await agent
      .post('/users')
      .type('form')
      .send({ _csrf: csrf, email: NEW_EMAIL, role: 'admin', password: NEW_PASSWORD })
      .expect(500);
    const errorId = /<code>([0-9a-f-]{36})<\/code>/.exec(res.text)?.[1];
    expect(errorId).toBeDefined();
    const failures = logs.entries().filter((entry) => entry.level === 50);
    expect(failures).toEqual([
      expect.objectContaining({
        errorId,
        requestId: res.headers['x-request-id'],
        method: 'POST',
        path: '/users',
        status: 500,
        msg: 'request failed',
      }),
    ]);
    expect(failures[0].err).toMatch(/^database error/);
    expect(logs.text()).not.toContain(NEW_EMAIL);
    expect(logs.text()).not.toContain(NEW_PASSWORD);
    expect(logs.text()).not.toContain('scrypt$');
  });

  it('answers the loser of two racing identical submissions with 409, and logs its error id without the email or hash', async () => {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const send = () =>
      agent.post('/users').type('form').send({ _csrf: csrf, email: NEW_EMAIL, role: 'admin', password: NEW_PASSWORD });
    const statuses = (await Promise.all([send(), send()])).map((r) => r.status).sort();
    expect(statuses).toEqual([303, 409]);
    expect(await rowCount(t.db('users').where({ email: NEW_EMAIL }))).toBe(1);
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({
        level: 40,
        errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        method: 'POST',
        path: '/users',
        status: 409,
      }),
    );
    expect(logs.text()).not.toContain(NEW_EMAIL);
    expect(logs.text()).not.toContain(NEW_PASSWORD);
    expect(logs.text()).not.toContain('scrypt$');
  });
});
