/**
 * The Trend page of a survey series and its CSV: two waves of one organization on one instrument.
 * The overall change in each scale is the difference of the two reports' means and the change in
 * the organizational share that of the two reports' shares; a unit's change is shown only where both
 * reports show the unit (the small team and the sibling hidden with it are "not shown"); the CSV
 * carries the same figures as the page; drafts are not waves.
 */
import { parse } from 'csv-parse/sync';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FullReport } from '../../analysis/report/report.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { ensureInstrument, seriesInstrumentIds } from '../../server/data/instruments.js';
import { findSurveyById, insertSurvey } from '../../server/data/surveys.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { createServices } from '../../server/services/index.js';
import { createReportService } from '../../server/services/reports.js';
import { createTrendService } from '../../server/services/trend.js';
import { createUserService } from '../../server/services/users.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { arrangeReportSurvey, insertResponses, SMALL_TEAM, type ReportSurvey } from '../helpers/report-survey.js';
import { BASE_URL, signIn } from './staff-app.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const clock = () => NOW;
const bootstrap = { B: 40, seed: 3, level: 0.9 };

/** A second wave of the same organization and instrument, with 30 responses in each big team and 2 in the small one. */
async function secondWave(db: Knex, s: ReportSurvey): Promise<number> {
  const first = (await findSurveyById(db, s.surveyId))!;
  const surveyId = await insertSurvey(db, {
    organizationId: s.organizationId,
    instrumentId: first.instrumentId,
    title: 'Wave 2',
    status: 'open',
    workflows: ['Claims triage', 'Renewals'],
  });
  const rows = generateResponses(loadDefaultInstrument(), {
    n: 90,
    units: ['Claims', 'Underwriting', SMALL_TEAM],
    workflows: ['Claims triage', 'Renewals'],
    seed: 77,
  });
  const of = (name: string, n: number) => rows.filter((r) => r.unit === name).slice(0, n);
  await insertResponses(db, surveyId, s.units.Claims, of('Claims', 30));
  await insertResponses(db, surveyId, s.units.Underwriting, of('Underwriting', 30));
  await insertResponses(db, surveyId, s.units[SMALL_TEAM], of(SMALL_TEAM, 2));
  return surveyId;
}

describe.each(testDatabases())('trend on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let s: ReportSurvey;
  let wave2: number;
  beforeEach(async () => {
    t = await create();
    db = t.db;
    s = await arrangeReportSurvey(db, { slug: 'acme' });
    wave2 = await secondWave(db, s);
    // A draft of the same instrument is no wave.
    await insertSurvey(db, {
      organizationId: s.organizationId,
      instrumentId: (await findSurveyById(db, s.surveyId))!.instrumentId,
      title: 'Wave 3 (draft)',
      status: 'draft',
    });
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('compares the two waves overall as their reports do, and per unit only where both reports show it', async () => {
    const reports = createReportService({ db, clock, bootstrap: { B: 0, seed: 1, level: 0.95 } });
    const trends = createTrendService({ db, reports, bootstrap });
    const a = (await findSurveyById(db, s.surveyId))!;
    const b = (await findSurveyById(db, wave2))!;
    expect((await trends.series(b)).map((w) => w.title)).toEqual(['Survey of acme', 'Wave 2']);

    const trend = await trends.trend(a, b);
    if (trend.overall.suppressed) throw new Error(trend.overall.reason);
    const c = trend.overall.comparison;
    const ra = (await reports.forSurvey(a)).report as FullReport;
    const rb = (await reports.forSurvey(b)).report as FullReport;
    expect(c.n).toEqual({ a: 83, b: 62 });
    for (const scale of c.scales) {
      const ma = ra.scales.find((x) => x.id === scale.id)!.mean;
      const mb = rb.scales.find((x) => x.id === scale.id)!.mean;
      expect(scale.change).toBeCloseTo(mb - ma, 9);
      expect(scale.ci![0]).toBeLessThanOrEqual(scale.ci![1]);
    }
    const share = (r: FullReport) => r.decomposition!.groups.find((g) => g.group === 'organizational')!.share;
    expect(c.org_share!.a).toBeCloseTo(share(ra), 9);
    expect(c.org_share!.b).toBeCloseTo(share(rb), 9);
    expect(c.bootstrap).toMatchObject({ B: 40, level: 0.9 });

    const byName = Object.fromEntries(trend.units.map((u) => [u.path, u.result]));
    expect(byName['Operations / Night shift']).toMatchObject({ suppressed: true });
    expect(byName['Operations / Night shift']).not.toHaveProperty('comparison');
    expect(byName['Operations / Underwriting']).toMatchObject({ suppressed: false });
    expect(byName.Operations).toMatchObject({ suppressed: false, comparison: { n: { a: 83, b: 62 } } });
    // Every unit compared is shown in both reports; every unit hidden in either is not compared.
    for (const u of trend.units) {
      const shown = [ra, rb].every((r) => {
        const row = r.units.find((x) => x.id === u.unit);
        return row !== undefined && !row.scores.suppressed && row.scores.n > 0;
      });
      expect(u.result.suppressed).toBe(!shown);
    }
  });

  it('keeps one series across instrument versions scored alike (the default v1 → v2), not across a changed item set', async () => {
    const trends = createTrendService({ db, reports: createReportService({ db, clock }), bootstrap });
    const first = (await findSurveyById(db, s.surveyId))!;
    const current = loadDefaultInstrument();
    // The default as stored before it shipped translations: version 1, the same items and scales.
    const { translations: _t, ...untranslated } = current;
    const v1 = await ensureInstrument(db, { ...untranslated, version: 1 });
    const withItem = await ensureInstrument(db, {
      ...untranslated,
      version: 99,
      scales: untranslated.scales.map((sc, k) =>
        k === 0 ? { ...sc, items: [...sc.items.slice(0, 3), { id: 'extra', text: 'New', reverse: false }] } : sc,
      ),
    });
    expect(first.instrumentId).not.toBe(v1);
    expect(new Set(await seriesInstrumentIds(db, first.instrumentId))).toEqual(new Set([first.instrumentId, v1]));
    const older = await insertSurvey(db, {
      organizationId: s.organizationId,
      instrumentId: v1,
      title: 'Wave 0',
      status: 'closed',
    });
    const changed = await insertSurvey(db, {
      organizationId: s.organizationId,
      instrumentId: withItem,
      title: 'Other questions',
      status: 'closed',
    });
    const titles = (await trends.series((await findSurveyById(db, wave2))!)).map((w) => w.title);
    expect(titles).toContain('Wave 0');
    expect(titles).not.toContain('Other questions');
    expect((await trends.series((await findSurveyById(db, changed))!)).map((w) => w.title)).toEqual([
      'Other questions',
    ]);
    expect(older).toBeGreaterThan(0);
  });

  it('shows the page and a CSV with the same overall figures; a wave below its threshold shows none', async () => {
    const config = loadConfig({ SESSION_SECRET: 'test-secret-test-secret-test-secret', BASE_URL });
    const app = createApp({ services: createServices({ db, config, clock, trend: { bootstrap } }), config });
    await createUserService({ db }).create({
      email: 'admin@example.com',
      password: 'correct horse battery',
      role: 'admin',
    });
    const { agent } = await signIn(app, 'admin@example.com');
    const page = await agent.get(`/orgs/acme/surveys/${wave2}/trend`).expect(200);
    expect(page.text).toContain(
      'From <strong>Survey of acme</strong> (figures as of 2026-12-01) to <strong>Wave 2</strong>',
    );
    expect(page.text).not.toContain('Wave 3 (draft)');
    expect(page.text).toMatch(new RegExp(`<tr data-unit="${s.units[SMALL_TEAM]}">[\\s\\S]*?not shown: hidden in`));
    const csv = await agent.get(`/orgs/acme/surveys/${wave2}/trend.csv?from=${s.surveyId}&to=${wave2}`).expect(200);
    const records = parse(csv.text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    const overall = records.filter((r) => r.scope === 'overall');
    for (const r of overall.filter((x) => x.figure_key.startsWith('scale:'))) {
      const id = r.figure_key.split(':')[1];
      const cell = new RegExp(
        `<tr data-figure="${id}">.*?<td class="num">([\\d.]+)</td><td class="num">([\\d.]+)</td>`,
      ).exec(page.text);
      expect(cell, id).not.toBeNull();
      expect(Number(r.wave_a).toFixed(2)).toBe(cell![1]);
      expect(Number(r.wave_b).toFixed(2)).toBe(cell![2]);
    }
    expect(records.find((r) => r.scope === 'unit' && r.unit === 'Operations / Night shift')!.note).toMatch(
      /^not shown: /,
    );

    // Choosing the same wave twice, or one outside the series, is a 400.
    await agent.get(`/orgs/acme/surveys/${wave2}/trend?from=${wave2}&to=${wave2}`).expect(400);
    const other = await arrangeReportSurvey(db, { slug: 'other' });
    await agent.get(`/orgs/acme/surveys/${wave2}/trend?from=${other.surveyId}`).expect(400);

    // A wave with fewer responses than its threshold: nothing but the fact.
    await db('surveys').where({ id: wave2 }).update({ anonymity_threshold: 100 });
    const small = await agent.get(`/orgs/acme/surveys/${wave2}/trend`).expect(200);
    expect(small.text).toContain('data-testid="trend-overall-suppressed"');
    expect(small.text).not.toContain('data-testid="trend-overall"');
  });
});
