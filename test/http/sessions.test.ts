import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowCount, testDatabases } from '../helpers/db.js';
import { createStaffTestApp, csrfFrom, PASSWORD, signIn, type StaffTestApp } from './staff-app.js';

const VISITS = 25;

describe.each(testDatabases())('session rows on $name', ({ create }) => {
  let t: StaffTestApp;
  beforeEach(async () => {
    t = await createStaffTestApp(undefined, create);
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('stores no session for anonymous visits to /setup, even when the form is posted with a mistake', async () => {
    for (let i = 0; i < VISITS; i++) await request(t.app).get('/setup').expect(200);
    const agent = request.agent(t.app);
    const form = await agent.get('/setup').expect(200);
    await agent
      .post('/setup')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: 'admin@example.com', password: PASSWORD, confirm: 'different' })
      .expect(400);
    expect(await rowCount(t.db('sessions'))).toBe(0);
  });

  it('stores no session for anonymous visits to /signin or a failed sign-in, and exactly one for a sign-in', async () => {
    await t.createUser('admin@example.com', 'admin');
    for (let i = 0; i < VISITS; i++) await request(t.app).get('/signin').expect(200);
    const agent = request.agent(t.app);
    for (let i = 0; i < 3; i++) await agent.get('/signin').expect(200);
    const form = await agent.get('/signin').expect(200);
    await agent
      .post('/signin')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: 'admin@example.com', password: 'wrong password' })
      .expect(401);
    expect(await rowCount(t.db('sessions'))).toBe(0);

    await signIn(t.app, 'admin@example.com');
    expect(await rowCount(t.db('sessions'))).toBe(1);
  });
});
