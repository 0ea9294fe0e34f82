/**
 * Closing a survey while submissions are in flight: the open/closed check runs inside the insert
 * transaction on the locked survey row, so once the close has returned no further response is stored.
 */
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { createServices } from '../../server/services/index.js';
import { createSurveyService } from '../../server/services/surveys.js';
import { completeAnswers } from '../helpers/answers.js';
import { rowCount, testDatabases, type TestDb } from '../helpers/db.js';
import { seedSurvey } from '../helpers/survey-fixture.js';

const instrument = loadDefaultInstrument();
/** Respondents submitting one after another, side by side, until the survey refuses them. */
const RESPONDENTS = 8;
/** The close starts when this many submissions have looked the survey up. */
const CLOSE_AFTER = 40;

describe.each(testDatabases())('closing a survey during submissions on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  beforeAll(async () => {
    t = await create();
    db = t.db;
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('stores every submission answered 303, none started after the close returned, and the count never grows after it', async () => {
    const clock = () => new Date('2026-03-14T16:45:12Z');
    const { code, surveyId, organizationId, teamA } = await seedSurvey(db);
    // The rate limit is off: this is one machine sending many submissions on purpose.
    const config = loadConfig({ SUBMIT_RATE_LIMIT: '0' });
    const app = createApp({ services: createServices({ db, config, clock }), config });
    const surveys = createSurveyService({ db, instrument, clock });
    const stored = () => rowCount(db('responses').where({ survey_id: surveyId }));
    const body = { ...completeAnswers(instrument), unit: String(teamA), role_level: 'Manager' };

    // Close from inside the stream of submissions, when the CLOSE_AFTER-th looks the survey up by its
    // code: the other respondents' submissions are then at every stage up to inserting their answers.
    let lookups = 0;
    let startClose!: (closing: Promise<boolean>) => void;
    const closing = new Promise<boolean>((resolve) => (startClose = resolve));
    const onQuery = (query: { sql: string }) => {
      if (/from ["`]surveys["`].* where ["`](surveys["`]\.["`])?code["`]/i.test(query.sql) && ++lookups === CLOSE_AFTER)
        startClose(surveys.close(organizationId, surveyId));
    };
    db.on('query', onQuery);

    let closeReturned = false;
    const results: { status: number; startedAfterClose: boolean }[] = [];
    const respondent = async () => {
      for (;;) {
        const startedAfterClose = closeReturned;
        const { status } = await request(app).post(`/s/${code}`).type('form').send(body);
        results.push({ status, startedAfterClose });
        if (status !== 303) return;
      }
    };
    const respondents = Array.from({ length: RESPONDENTS }, respondent);

    expect(await closing).toBe(true);
    closeReturned = true;
    db.off('query', onQuery);
    const atClose = await stored();
    await Promise.all(respondents);

    const accepted = results.filter((r) => r.status === 303).length;
    expect(
      results.every((r) => r.status === 303 || r.status === 410),
      results.map((r) => r.status).join(' '),
    ).toBe(true);
    expect(results.filter((r) => r.startedAfterClose && r.status !== 410)).toEqual([]);
    expect(await stored()).toBe(atClose);
    expect(accepted).toBe(atClose);
    // The race was real: submissions were accepted before the close.
    expect(accepted).toBeGreaterThan(0);
  });
});
