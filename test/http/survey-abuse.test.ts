/**
 * Open-link abuse: one IP address flooding POST /s/:code, one browser answering twice, and the data-quality
 * verdict stored with each response (responses stay accepted).
 */
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { instrumentItems, loadDefaultInstrument } from '../../server/instruments/load.js';
import { SUBMIT_WINDOW_MS } from '../../server/routes/submit-limit.js';
import { createServices } from '../../server/services/index.js';
import { completeAnswers } from '../helpers/answers.js';
import { rowCount, testDatabases, type TestDb } from '../helpers/db.js';
import { seedInvitations, seedSurvey } from '../helpers/survey-fixture.js';

const instrument = loadDefaultInstrument();
const items = instrumentItems(instrument);
const SECRET = 'test-secret-test-secret-test-secret';

describe.each(testDatabases())('open-link abuse limits on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let now: Date;
  const clock = () => now;
  const appWith = (env: Record<string, string> = {}) => {
    const config = loadConfig({ SESSION_SECRET: SECRET, ...env });
    return createApp({ services: createServices({ db, config, clock }), config });
  };

  beforeAll(async () => {
    t = await create();
    db = t.db;
    now = new Date('2026-03-14T16:45:12Z');
  });
  afterAll(async () => {
    await t.destroy();
  });
  // The submission counters live in the database the tests share: each test starts in a minute of its own.
  beforeEach(() => {
    now = new Date(now.getTime() + SUBMIT_WINDOW_MS);
  });

  const stored = (surveyId: number) => rowCount(db('responses').where({ survey_id: surveyId }));
  const answer = (unit: number) => ({ ...completeAnswers(instrument), unit: String(unit), role_level: 'Manager' });

  describe('SUBMIT_RATE_LIMIT', () => {
    it('accepts 30 submissions per minute from one IP address by default, then answers 429 with a page that says nothing was stored', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db);
      const app = appWith();
      const statuses: number[] = [];
      // A fresh agent per submission: no answered cookie, as a script would send them.
      for (let i = 0; i < 40; i++)
        statuses.push((await request(app).post(`/s/${code}`).type('form').send(answer(teamA))).status);
      expect(statuses.filter((s) => s === 303)).toHaveLength(30);
      expect(statuses.slice(30)).toEqual(Array(10).fill(429));
      expect(await stored(surveyId)).toBe(30);

      const refused = await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send(answer(teamA))
        .expect(429)
        .expect('Content-Type', /html/);
      expect(refused.text).toContain('Too many answers have been sent from your network in the last minute');
      expect(refused.text).toContain('Nothing was stored');
      expect(refused.headers['retry-after']).toBeDefined();
      expect(await stored(surveyId)).toBe(30);
      // Reading the form is not limited.
      await request(app).get(`/s/${code}`).expect(200);
    });

    it('follows SUBMIT_RATE_LIMIT, and 0 turns the limit off', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db);
      const limited = appWith({ SUBMIT_RATE_LIMIT: '3' });
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await request(limited).post(`/s/${code}`).type('form').send(answer(teamA))).status);
      expect(statuses).toEqual([303, 303, 303, 429]);

      const unlimited = appWith({ SUBMIT_RATE_LIMIT: '0' });
      for (let i = 0; i < 40; i++)
        await request(unlimited).post(`/s/${code}`).type('form').send(answer(teamA)).expect(303);
      expect(await stored(surveyId)).toBe(43);
    });
  });

  describe('one response per browser on open-link surveys', () => {
    it('sets a path-scoped httpOnly cookie, refuses a second submission from that browser with 409 and stores nothing, and says so on the form', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db);
      const app = appWith();
      const browser = request.agent(app);
      const first = await browser.post(`/s/${code}`).type('form').send(answer(teamA)).expect(303);
      const cookie = (first.headers['set-cookie'] as unknown as string[]).join('\n');
      expect(cookie).toMatch(
        new RegExp(`^answered=1; Max-Age=\\d{7,}; Path=/s/${code}; Expires=[^;]+; HttpOnly; SameSite=Lax$`),
      );

      const again = await browser
        .post(`/s/${code}`)
        .type('form')
        .send({ ...answer(teamA), role_level: 'Team lead' })
        .expect(409);
      expect(again.text).toContain('This browser has already been used to answer this survey');
      expect(await stored(surveyId)).toBe(1);
      const form = await browser.get(`/s/${code}`).expect(409);
      expect(form.text).toContain('This browser has already been used to answer this survey');

      // Another browser, and this browser on another survey, still answer.
      await request(app).post(`/s/${code}`).type('form').send(answer(teamA)).expect(303);
      const other = await seedSurvey(db);
      await browser.get(`/s/${other.code}`).expect(200);
      await browser.post(`/s/${other.code}`).type('form').send(answer(other.teamA)).expect(303);
      expect(await stored(surveyId)).toBe(2);
    });

    it('leaves invitation-only surveys to their single-use links: no cookie, one response per link', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db, { access: 'invitation' });
      await seedInvitations(db, surveyId, teamA, ['tok-1', 'tok-2']);
      const browser = request.agent(appWith());
      const first = await browser
        .post(`/s/${code}`)
        .type('form')
        .send({ ...answer(teamA), t: 'tok-1' })
        .expect(303);
      expect(first.headers['set-cookie']).toBeUndefined();
      await browser
        .post(`/s/${code}`)
        .type('form')
        .send({ ...answer(teamA), t: 'tok-1' })
        .expect(409);
      await browser
        .post(`/s/${code}`)
        .type('form')
        .send({ ...answer(teamA), t: 'tok-2' })
        .expect(303);
      expect(await stored(surveyId)).toBe(2);
    });
  });

  describe('quality flags', () => {
    const startedOf = (html: string) =>
      /<input type="hidden" name="started" value="([^"]+)" data-form-started>/.exec(html)?.[1];
    const flags = async (surveyId: number) =>
      (await db('responses').where({ survey_id: surveyId }).orderBy('id').pluck('quality_flag')) as (string | null)[];

    it('stores "fast" for a form submitted under 2 seconds per item after it was loaded, and thanks the respondent as usual', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db);
      const app = appWith();
      const loaded = await request(app).get(`/s/${code}`).expect(200);
      const started = startedOf(loaded.text);
      expect(started).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);

      const t0 = now;
      now = new Date(t0.getTime() + 30_000);
      const res = await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({ ...answer(teamA), started })
        .expect(303);
      expect(res.headers.location).toBe(`/s/${code}/thanks?lang=en`);
      now = new Date(t0.getTime() + items.length * 2000 + 5000);
      await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({ ...answer(teamA), started })
        .expect(303);
      now = t0;
      expect(await flags(surveyId)).toEqual(['fast', null]);
    });

    it('stores "straightline" when every item has the same answer', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db);
      await request(appWith())
        .post(`/s/${code}`)
        .type('form')
        .send({ ...completeAnswers(instrument, () => 3), unit: String(teamA), role_level: 'Manager' })
        .expect(303);
      expect(await flags(surveyId)).toEqual(['straightline']);
    });

    it('keeps the first load time when the form comes back with errors, and stores no time', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db);
      const app = appWith();
      const started = startedOf((await request(app).get(`/s/${code}`).expect(200)).text)!;
      const t0 = now;
      now = new Date(t0.getTime() + 10_000);
      const missing = await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({ unit: String(teamA), started })
        .expect(400);
      expect(startedOf(missing.text)).toBe(started);
      await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({ ...answer(teamA), started })
        .expect(303);
      now = t0;
      const [row] = await db('responses').where({ survey_id: surveyId });
      expect(row.quality_flag).toBe('fast');
      expect(JSON.stringify(row)).not.toContain(started.split('.')[0]);
    });
  });
});
