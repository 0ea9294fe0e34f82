import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowCount, testDatabases } from '../helpers/db.js';
import { createStaffTestApp, csrfFrom, PASSWORD, signIn, type StaffTestApp } from './staff-app.js';

/** A syntactically valid address of 310 characters: longer than the users.email column (254). */
const LONG_EMAIL = `a@${`${'b'.repeat(60)}.`.repeat(5)}com`;

describe.each(testDatabases())('over-long form fields on $name', ({ create }) => {
  let t: StaffTestApp;
  beforeEach(async () => {
    t = await createStaffTestApp(undefined, create);
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('refuses an email longer than its column on /setup with a 400 beside the field and stores nothing', async () => {
    const agent = request.agent(t.app);
    const form = await agent.get('/setup').expect(200);
    const res = await agent
      .post('/setup')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: LONG_EMAIL, password: PASSWORD, confirm: PASSWORD })
      .expect(400);
    expect(res.text).toMatch(/id="f-email-error"[^>]*>.*Use at most 254 characters/s);
    expect(await rowCount(t.db('users'))).toBe(0);
  });

  it('refuses an email longer than its column when an admin adds a user, and stores nothing', async () => {
    await t.createUser('admin@example.com', 'admin');
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const res = await agent
      .post('/users')
      .type('form')
      .send({ _csrf: csrf, email: LONG_EMAIL, role: 'admin', password: PASSWORD })
      .expect(400);
    expect(res.text).toContain('Use at most 254 characters.');
    expect(await rowCount(t.db('users'))).toBe(1);
  });

  it('refuses an over-long email in the users service too (ADMIN_EMAIL goes through it)', async () => {
    await expect(t.createUser(LONG_EMAIL, 'admin')).rejects.toThrow('Use at most 254 characters.');
    expect(await rowCount(t.db('users'))).toBe(0);
  });
});
