/**
 * Rate limits shared by two app servers on one database (on PostgreSQL each with its own pool): the
 * submission limit and the sign-in limit count every server's hits, so sending alternately through
 * both gets no more than one server's allowance.
 */
import type { Knex } from 'knex';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { SIGN_IN_ATTEMPTS } from '../../server/auth/sign-in-limit.js';
import { loadConfig } from '../../server/config.js';
import { createServices } from '../../server/services/index.js';
import { createUserService } from '../../server/services/users.js';
import { completeAnswers } from '../helpers/answers.js';
import { rowCount, secondConnection, testDatabases, type TestDb } from '../helpers/db.js';
import { seedSurvey } from '../helpers/survey-fixture.js';
import { csrfFrom, PASSWORD } from './staff-app.js';

const SECRET = 'test-secret-test-secret-test-secret';

describe.each(testDatabases())('rate limits across two app servers on $name', ({ create }) => {
  let t: TestDb;
  let other: { db: Knex; close(): Promise<void> };
  beforeEach(async () => {
    t = await create();
    other = secondConnection(t.db);
  });
  afterEach(async () => {
    await other.close();
    await t.destroy();
  });

  const appOn = (db: Knex, env: Record<string, string> = {}) => {
    const config = loadConfig({ SESSION_SECRET: SECRET, BASE_URL: 'http://readiness.test', ...env });
    return createApp({ services: createServices({ db, config }), config });
  };

  it('holds SUBMIT_RATE_LIMIT for submissions sent alternately through both servers', async () => {
    const { code, surveyId, teamA, instrument } = await seedSurvey(t.db);
    const servers = [appOn(t.db, { SUBMIT_RATE_LIMIT: '3' }), appOn(other.db, { SUBMIT_RATE_LIMIT: '3' })];
    const answer = { ...completeAnswers(instrument), unit: String(teamA), role_level: 'Manager' };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await request(servers[i % 2])
            .post(`/s/${code}`)
            .type('form')
            .send(answer)
        ).status,
      );
    expect(statuses).toEqual([303, 303, 303, 429, 429, 429]);
    expect(await rowCount(t.db('responses').where({ survey_id: surveyId }))).toBe(3);
  });

  it(`refuses the sign-in after ${SIGN_IN_ATTEMPTS} failed attempts for one email, whichever server they went to`, async () => {
    await createUserService({ db: t.db }).create({
      email: 'admin@example.com',
      password: PASSWORD,
      role: 'admin',
      organizationId: null,
    });
    const browsers = await Promise.all(
      [appOn(t.db), appOn(other.db)].map(async (app) => {
        const agent = request.agent(app);
        return { agent, csrf: csrfFrom((await agent.get('/signin').expect(200)).text) };
      }),
    );
    const attempt = (i: number, password: string) =>
      browsers[i % 2].agent
        .post('/signin')
        .type('form')
        .send({ _csrf: browsers[i % 2].csrf, email: 'admin@example.com', password });
    for (let i = 0; i < SIGN_IN_ATTEMPTS; i++) await attempt(i, `guess ${i}`).expect(401);
    for (const i of [0, 1]) {
      const refused = await attempt(i, PASSWORD).expect(429);
      expect(refused.text).toContain('Too many attempts');
    }
  });
});
