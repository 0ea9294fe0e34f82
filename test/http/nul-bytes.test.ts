import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeAnswers } from '../helpers/answers.js';
import { rowCount, testDatabases } from '../helpers/db.js';
import { seedSurvey } from '../helpers/survey-fixture.js';
import { createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

const NOW = new Date('2026-12-01T10:00:00Z');

describe.each(testDatabases())('NUL bytes on $name', ({ create }) => {
  let t: StaffTestApp;
  beforeEach(async () => {
    t = await createStaffTestApp(() => NOW, create);
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('answers a NUL byte in the path or the query string with a 400 that says what is wrong', async () => {
    for (const url of ['/s/%00', '/s/a%00b/thanks', '/orgs/%00', '/signin?next=%00', '/benchmarks?industry=a%00']) {
      const res = await request(t.app).get(url).expect(400);
      expect(res.text).toContain('NUL character');
    }
  });

  it('shows the respondent form again with 400, keeping the answers and the comment without the NUL, and stores nothing', async () => {
    const { code, teamA, instrument } = await seedSurvey(t.db);
    const answers = completeAnswers(instrument);
    const res = await request(t.app)
      .post(`/s/${code}`)
      .type('form')
      .send({ ...answers, unit: String(teamA), role_level: instrument.roleLevels[0], comment: 'hello\u0000world' })
      .expect(400);
    expect(res.text).toContain('NUL character');
    expect(res.text).toContain('>helloworld</textarea>');
    for (const [id, value] of Object.entries(answers))
      expect(res.text).toContain(`id="${id}-${value}" name="${id}" value="${value}" checked>`);
    expect(await rowCount(t.db('responses'))).toBe(0);
  });

  it('refuses a staff form field holding a NUL byte with 400 and stores nothing', async () => {
    await t.createUser('admin@example.com', 'admin');
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const res = await agent
      .post('/orgs')
      .type('form')
      .send({ _csrf: csrf, name: 'Acme\u0000', industry: 'Retail' })
      .expect(400);
    expect(res.text).toContain('NUL character');
    expect(await rowCount(t.db('organizations'))).toBe(0);
  });
});
