import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { rowCount, testDatabases } from '../helpers/db.js';
import { createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

const NEW_EMAIL = 'new.person@example.com';
const NEW_PASSWORD = 'a long first password';

/** Makes every insert into users fail (a trigger in either dialect), as a broken database would. */
async function failUserInserts(db: Knex): Promise<void> {
  if (db.client.config.client === 'pg') {
    await db.raw(`CREATE FUNCTION fail_user_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`);
    await db.raw('CREATE TRIGGER fail_user_insert BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION fail_user_insert()');
  } else {
    await db.raw(`CREATE TRIGGER fail_user_insert BEFORE INSERT ON users BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
  }
}

/** Everything console.error and console.warn were given, as text. */
function logged(...spies: MockInstance[]): string {
  return spies.flatMap((spy) => spy.mock.calls.flat()).map((arg) => (arg instanceof Error ? `${arg.stack} ${JSON.stringify({ ...arg })}` : typeof arg === 'object' ? JSON.stringify(arg) : String(arg))).join('\n');
}

describe.each(testDatabases())('what the log gets from a failed insert on $name', ({ create }) => {
  let t: StaffTestApp;
  let errors: MockInstance;
  let warnings: MockInstance;
  beforeEach(async () => {
    t = await createStaffTestApp(undefined, create);
    await t.createUser('admin@example.com', 'admin');
    errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    errors.mockRestore();
    warnings.mockRestore();
    await t.destroy();
  });

  it('logs the error id of a 500 but neither the new user’s email nor their password hash', async () => {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    await failUserInserts(t.db);
    const res = await agent.post('/users').type('form').send({ _csrf: csrf, email: NEW_EMAIL, role: 'admin', password: NEW_PASSWORD }).expect(500);
    const errorId = /<code>([0-9a-f-]{36})<\/code>/.exec(res.text)?.[1];
    const log = logged(errors, warnings);
    expect(errorId).toBeDefined();
    expect(log).toContain(`[error ${errorId}]`);
    expect(log).not.toContain(NEW_EMAIL);
    expect(log).not.toContain('scrypt$');
  });

  it('answers the loser of two racing identical submissions with 409, and logs its error id without the email or hash', async () => {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const send = () => agent.post('/users').type('form').send({ _csrf: csrf, email: NEW_EMAIL, role: 'admin', password: NEW_PASSWORD });
    const statuses = (await Promise.all([send(), send()])).map((r) => r.status).sort();
    expect(statuses).toEqual([303, 409]);
    expect(await rowCount(t.db('users').where({ email: NEW_EMAIL }))).toBe(1);
    const log = logged(errors, warnings);
    expect(log).toMatch(/\[error [0-9a-f-]{36}\] POST \/users answered 409/);
    expect(log).not.toContain(NEW_EMAIL);
    expect(log).not.toContain('scrypt$');
  });
});
