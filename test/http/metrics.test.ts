/**
 * GET /metrics (server/routes/metrics.ts, server/metrics.ts): absent without METRICS_TOKEN, 401 without the
 * right bearer token; with it, Prometheus text in which the submissions counter moves for an accepted and a
 * rejected answer, the report builds counter and duration histogram move after a build, and request
 * latency is labelled by route pattern, never by the survey's code. Two apps keep their own counts.
 */
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { findSurveyById } from '../../server/data/surveys.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { createServices, type Services } from '../../server/services/index.js';
import { completeAnswers } from '../helpers/answers.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { arrangeReportSurvey } from '../helpers/report-survey.js';
import { seedSurvey } from '../helpers/survey-fixture.js';

const TOKEN = 'metrics-token-0123456789';
const instrument = loadDefaultInstrument();

/** The value of one sample line (`name{labels} value`) in Prometheus text, 0 when the line is absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe.each(testDatabases())('metrics on $name', ({ create }) => {
  let t: TestDb;
  let services: Services;
  let app: Express;
  const scrape = async (target: Express = app) =>
    (await request(target).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text;

  beforeAll(async () => {
    t = await create();
    const config = loadConfig({ METRICS_TOKEN: TOKEN });
    services = createServices({
      db: t.db,
      config,
      clock: () => new Date('2026-03-14T16:45:12Z'),
      reports: { bootstrap: { B: 20, seed: 1, level: 0.95 } },
    });
    app = createApp({ services, config });
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('is not served without METRICS_TOKEN, and asks for the token when it is missing or wrong', async () => {
    const config = loadConfig({});
    await request(createApp({ services: createServices({ db: t.db, config }), config }))
      .get('/metrics')
      .expect(404);
    await request(app)
      .get('/metrics')
      .expect(401)
      .expect('WWW-Authenticate', /Bearer/);
    await request(app).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789').expect(401);
    const res = await request(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('counts accepted and rejected submissions and times them by route pattern', async () => {
    const { code, teamA } = await seedSurvey(t.db);
    const before = await scrape();
    await request(app)
      .post(`/s/${code}`)
      .type('form')
      .send({ ...completeAnswers(instrument), unit: String(teamA), role_level: 'Manager' })
      .expect(303);
    await request(app)
      .post(`/s/${code}`)
      .type('form')
      .send({ unit: String(teamA) })
      .expect(400);
    await request(app).post('/s/no-such-survey').type('form').send({}).expect(404);
    const after = await scrape();
    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect(moved('readiness_submissions_total{outcome="accepted"}')).toBe(1);
    expect(moved('readiness_submissions_total{outcome="rejected"}')).toBe(2);
    expect(moved('readiness_http_request_duration_seconds_count{method="POST",route="/s/:code",status="303"}')).toBe(1);
    expect(after).not.toContain(code);
  });

  it('counts and times report builds, and another app keeps its own counts', async () => {
    const a = await arrangeReportSurvey(t.db, { slug: 'metered', perTeam: 10 });
    const before = await scrape();
    await services.reports.forSurvey((await findSurveyById(t.db, a.surveyId))!);
    const after = await scrape();
    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect(moved('readiness_report_builds_total{method="rows",outcome="ok"}')).toBe(1);
    expect(moved('readiness_report_build_duration_seconds_count{method="rows"}')).toBe(1);
    const config = loadConfig({ METRICS_TOKEN: TOKEN });
    const other = createApp({ services: createServices({ db: t.db, config }), config });
    expect(sample(await scrape(other), 'readiness_report_builds_total{method="rows",outcome="ok"}')).toBe(0);
  });

  it('reports the outbox depth once a reader is given', async () => {
    expect(await scrape()).not.toContain('readiness_outbox_depth');
    services.metrics.observeOutboxDepth(async () => 4);
    expect(sample(await scrape(), 'readiness_outbox_depth')).toBe(4);
  });
});
