/**
 * The staff flow on PostgreSQL (runs when TEST_DATABASE_URL is set, in a throw-away schema): sessions in
 * the connect-session-knex store, organizations, units, surveys, invitation CSV and the suppressed counts.
 */
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createServices } from '../../server/services/index.js';
import { createUserService } from '../../server/services/users.js';
import { createPostgresSchema, type TestDb } from '../helpers/db.js';
import { csrfFrom, PASSWORD } from './staff-app.js';

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) console.warn('[staff-postgres.test] TEST_DATABASE_URL is not set: skipping the staff flow on PostgreSQL.');

describe.skipIf(!pgUrl)('staff flow on PostgreSQL (TEST_DATABASE_URL)', () => {
  let testDb: TestDb;
  let db: Knex;

  beforeAll(async () => {
    testDb = await createPostgresSchema(pgUrl!);
    db = testDb.db;
    await createUserService({ db }).create({ email: 'admin@example.com', password: PASSWORD, role: 'admin' });
  });

  afterAll(async () => {
    await testDb?.destroy();
  });

  it('signs in with a database session, sets up a survey, downloads invitations and shows no count below the threshold', async () => {
    const config = loadConfig({
      SESSION_SECRET: 'test-secret-test-secret-test-secret',
      BASE_URL: 'http://readiness.test',
    });
    const app = createApp({ services: createServices({ db, config }), config });
    const agent = request.agent(app);
    const form = await agent.get('/signin').expect(200);
    const signedIn = await agent
      .post('/signin')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: 'admin@example.com', password: PASSWORD })
      .expect(303);
    // A second app on the same database (another server) accepts the same session cookie.
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0];
    expect(cookie).toMatch(/^readiness\.sid=/);
    await request(createApp({ services: createServices({ db, config }), config }))
      .get('/orgs')
      .set('Cookie', cookie)
      .expect(200);

    const csrf = csrfFrom((await agent.get('/orgs').expect(200)).text);
    const orgPath = (await agent.post('/orgs').type('form').send({ _csrf: csrf, name: 'Acme' }).expect(303)).headers
      .location as string;
    await agent.post(`${orgPath}/units`).type('form').send({ _csrf: csrf, name: 'Operations' }).expect(303);
    const [ops] = await db('units').where({ name: 'Operations' });
    await agent
      .post(`${orgPath}/units`)
      .type('form')
      .send({ _csrf: csrf, name: 'Claims', parentId: String(ops.id) })
      .expect(303);
    const surveyPath = (
      await agent
        .post(`${orgPath}/surveys`)
        .type('form')
        .send({ _csrf: csrf, title: 'Wave', access: 'invitation', anonymityThreshold: '5', closesAt: '2099-01-01' })
        .expect(303)
    ).headers.location as string;
    await agent.post(`${surveyPath}/open`).type('form').send({ _csrf: csrf }).expect(303);
    const [claims] = await db('units').where({ name: 'Claims' });
    const csv = await agent
      .post(`${surveyPath}/invitations`)
      .type('form')
      .send({ _csrf: csrf, perUnit: '2', unitIds: String(claims.id) })
      .expect(200);
    const links = csv.text.trimEnd().split('\r\n').slice(1);
    expect(links).toHaveLength(2);
    const link = new URL(links[0].split(',')[1]);
    await request(app)
      .get(link.pathname + link.search)
      .expect(200);

    const page = await agent.get(surveyPath).expect(200);
    // No response yet: the released report is suppressed, and so is every count on the page.
    expect(page.text).toContain('fewer than 5 usable responses so far');
    await agent.post(`${surveyPath}/close`).type('form').send({ _csrf: csrf, confirm: 'close' }).expect(303);
    expect((await db('surveys').first()).status).toBe('closed');
  });
});
