/**
 * The report pages and CSV downloads over HTTP: every route renders for the organization's analyst,
 * is a 404 for another organization's analyst, never shows a suppressed unit's n or figures (pages,
 * chart data, CSV), hides comments below the comment threshold, and shows only the fact of too few
 * responses for a survey below the threshold.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemColumnsFromRows, scoreScales } from '../../analysis/scales/scoring.js';
import { ensureInstrument } from '../../server/data/instruments.js';
import { insertOrganization } from '../../server/data/organizations.js';
import { insertSurvey } from '../../server/data/surveys.js';
import { seedDemo } from '../../server/demo/seed-demo.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { CSV_NAMES } from '../../server/routes/staff/report-csv.js';
import { REPORT_PAGES } from '../../server/routes/staff/reports.js';
import { testDatabases } from '../helpers/db.js';
import { arrangeReportSurvey, insertResponses, SMALL_TEAM, type ReportSurvey } from '../helpers/report-survey.js';
import { BASE_URL, createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

const instrument = loadDefaultInstrument();
const pageUrls = (slug: string, id: number) =>
  REPORT_PAGES.map((p) => `/orgs/${slug}/surveys/${id}/report${p.path ? `/${p.path}` : ''}`);
const csvUrls = (slug: string, id: number) => CSV_NAMES.map((n) => `/orgs/${slug}/surveys/${id}/report/csv/${n}.csv`);

describe.each(testDatabases())('report pages and downloads on $name', ({ create }) => {
  let t: StaffTestApp;
  let a: ReportSurvey;
  let tinySurveyId: number;
  let unitsHiddenSurveyId: number;
  let orgBSlug: string;

  beforeAll(async () => {
    t = await createStaffTestApp(undefined, create);
    a = await arrangeReportSurvey(t.db, { slug: 'org-a' });
    // Three comments, below the comment threshold of 10: they must not appear anywhere.
    const smallIds = await t.db('responses').where({ survey_id: a.surveyId, unit_id: a.units[SMALL_TEAM] }).pluck('id');
    await t.db('responses').whereIn('id', smallIds).update({ comment: 'Night shift private remark' });
    // A second survey in org A with 3 responses: below the anonymity threshold of 5.
    const instrumentId = await ensureInstrument(t.db, instrument);
    tinySurveyId = await insertSurvey(t.db, {
      organizationId: a.organizationId,
      instrumentId,
      title: 'Pilot wave',
      status: 'open',
      anonymityThreshold: 5,
    });
    await insertResponses(
      t.db,
      tinySurveyId,
      a.units.Claims,
      generateResponses(instrument, { n: 3, units: ['x'], workflows: ['w'], seed: 3 }),
    );
    // A third survey with 6 responses, 3 in Claims and 3 without a unit: shown overall, every unit suppressed.
    unitsHiddenSurveyId = await insertSurvey(t.db, {
      organizationId: a.organizationId,
      instrumentId,
      title: 'Split wave',
      status: 'open',
      anonymityThreshold: 5,
    });
    const six = generateResponses(instrument, { n: 6, units: ['x'], workflows: ['w'], seed: 5 });
    await insertResponses(t.db, unitsHiddenSurveyId, a.units.Claims, six.slice(0, 3));
    await insertResponses(t.db, unitsHiddenSurveyId, null, six.slice(3));
    const orgB = await insertOrganization(t.db, { name: 'Org B', slug: 'org-b' });
    orgBSlug = 'org-b';
    await t.createUser('analyst-a@example.com', 'analyst', a.organizationId);
    await t.createUser('analyst-b@example.com', 'analyst', orgB);
    await t.createUser('admin@example.com', 'admin');
  });
  afterAll(async () => {
    await t.destroy();
  });

  describe('report pages', () => {
    it('renders every page and every CSV for the organization’s analyst, with the headline, charts and their tables', async () => {
      const { agent } = await signIn(t.app, 'analyst-a@example.com');
      for (const url of pageUrls('org-a', a.surveyId)) {
        const res = await agent.get(url).expect(200);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.text).toContain('/public/js/report-charts.js');
        // every chart has its data block, a table alternative and a CSV link
        const canvases = res.text.match(/<canvas /g)?.length ?? 0;
        expect(res.text.match(/type="application\/json"/g)?.length ?? 0).toBe(canvases);
        expect(res.text.match(/<summary>Table of this chart<\/summary>/g)?.length ?? 0).toBe(canvases);
      }
      const breakdown = await agent.get(`/orgs/org-a/surveys/${a.surveyId}/report/breakdown`).expect(200);
      expect(breakdown.text).toMatch(/Organizational factors explain \d+%/);
      expect(breakdown.text).toContain('average gain in R²');
      expect(breakdown.text).toContain('associations, not causes');
      // The intervals named (BCa for R² and LMG, percentile for shares), and the share's own interval beside it.
      expect(breakdown.text).toMatch(
        /Intervals: 95% bootstrap intervals, BCa for R² and the LMG values, percentile for the shares; \d+ resamples/,
      );
      expect(breakdown.text).toContain('R² and each LMG value come with a 95% BCa bootstrap interval');
      expect(breakdown.text).toMatch(
        /Organizational factors, this survey<\/th><td class="num">\d+%<\/td><td class="num">\d+% to \d+%<\/td>/,
      );
      for (const url of csvUrls('org-a', a.surveyId)) {
        const res = await agent.get(url).expect(200);
        expect(res.headers['content-type']).toMatch(/text\/csv/);
        expect(res.headers['content-disposition']).toMatch(/^attachment; filename="org-a-survey-\d+-[a-z-]+\.csv"$/);
        expect(res.text.startsWith('\uFEFF'), `${url} starts with the UTF-8 BOM`).toBe(true);
        expect(res.text.split('\r\n')[0].length).toBeGreaterThan(1);
      }
    });

    it('names the organization and the survey in a print-only page header on every page, and the print stylesheet sets @page margins', async () => {
      const { agent } = await signIn(t.app, 'analyst-a@example.com');
      const org = await t.db('organizations').where({ id: a.organizationId }).first();
      for (const url of pageUrls('org-a', a.surveyId)) {
        const html = (await agent.get(url).expect(200)).text;
        const header = /<p class="print-header"[^>]*>(.*?)<\/p>/s.exec(html);
        expect(header, url).not.toBeNull();
        expect(header![1]).toContain(org.name);
        expect(header![1]).toMatch(/\S+ · \S+/);
      }
      const css = (await agent.get('/public/css/report.css').expect(200)).text;
      expect(css).toMatch(/@page\s*\{[^}]*margin:\s*[^;]+;/);
    });

    it('lets an admin read any organization’s report, and names the demo’s first workflow, its first lever and the three redesign questions', async () => {
      const { agent } = await signIn(t.app, 'admin@example.com');
      await agent.get(`/orgs/org-a/surveys/${a.surveyId}/report/heatmap`).expect(200);
      const demo = await seedDemo(t.db, { baseUrl: BASE_URL });
      const html = (await agent.get(`/orgs/demo/surveys/${demo.surveyId}/report/priorities`).expect(200)).text;
      // server/demo/demo-organization.ts plants the bottleneck in "Financial reporting", lever data access
      expect(html).toMatch(/First workflow: <strong>Financial reporting<\/strong>/);
      expect(html).toMatch(/First lever: <strong data-testid="first-lever">data access<\/strong>/);
      for (const q of [
        'who approves, overrides and is accountable for AI output',
        'what context does the AI lack',
        'which business outcome do we define before AI touches the work',
      ])
        expect(html).toContain(q);
    });

    it('answers 404 on every report page and CSV of organization A to an analyst of organization B, and for A’s survey under B’s address', async () => {
      const { agent } = await signIn(t.app, 'analyst-b@example.com');
      const urls = [
        ...pageUrls('org-a', a.surveyId),
        ...csvUrls('org-a', a.surveyId),
        ...pageUrls(orgBSlug, a.surveyId),
        ...csvUrls(orgBSlug, a.surveyId),
      ];
      for (const url of urls) {
        const res = await agent.get(url);
        expect(res.status, url).toBe(404);
        expect(res.text).not.toContain('Organizational factors explain');
      }
    });

    it('answers 404 for an unknown page, CSV name or survey id, and sends signed-out visitors to sign in', async () => {
      const { agent } = await signIn(t.app, 'analyst-a@example.com');
      await agent.get(`/orgs/org-a/surveys/${a.surveyId}/report/nothing`).expect(404);
      await agent.get(`/orgs/org-a/surveys/${a.surveyId}/report/csv/nothing.csv`).expect(404);
      await agent.get(`/orgs/org-a/surveys/${a.surveyId}/report/csv/heatmap.txt`).expect(404);
      await agent.get('/orgs/org-a/surveys/999999/report').expect(404);
      await request(t.app)
        .get(`/orgs/org-a/surveys/${a.surveyId}/report`)
        .expect(303)
        .expect('location', /^\/signin\?next=/);
    });
  });

  describe('anonymity in the report', () => {
    const smallMeans = () => {
      const ids = instrument.scales.flatMap((s) => s.items.map((i) => i.id));
      const scores = scoreScales(instrument, itemColumnsFromRows(a.smallTeamAnswers, ids));
      return Object.values(scores).map((col) => (col.reduce((x, y) => x + y, 0) / col.length).toFixed(2));
    };
    const rowOf = (html: string, name: string) => {
      const match = new RegExp(`<tr>\\s*<th[^>]*>(?:Operations / )?${name}.*?</tr>`, 's').exec(html);
      if (!match) throw new Error(`no table row for ${name}`);
      return match[0];
    };

    it('shows the small team as “fewer than 5” in the heatmap, with none of its means or its n', async () => {
      const { agent } = await signIn(t.app, 'analyst-a@example.com');
      const html = (await agent.get(`/orgs/org-a/surveys/${a.surveyId}/report/heatmap`).expect(200)).text;
      const row = rowOf(html, SMALL_TEAM);
      expect(row).toContain('fewer than 5');
      expect(row).not.toMatch(/>\s*3\s*</);
      for (const mean of smallMeans()) expect(row).not.toContain(mean);
      // the differencing guard hides one more team, so the department total cannot reveal the small one
      expect(html.match(/class="suppressed"[^>]*>fewer than 5/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    });

    it('writes “suppressed (fewer than 5)” and no n or value in the CSV rows of the small team', async () => {
      const { agent } = await signIn(t.app, 'analyst-a@example.com');
      for (const name of ['heatmap', 'segments', 'response-rates']) {
        const csv = (await agent.get(`/orgs/org-a/surveys/${a.surveyId}/report/csv/${name}.csv`).expect(200)).text;
        const line = csv.split('\r\n').find((l) => l.includes(SMALL_TEAM));
        expect(line, name).toBeDefined();
        const cells = line!.split(',');
        const figures = cells.slice(cells.findIndex((c) => c.startsWith('suppressed')));
        expect(figures.length, name).toBeGreaterThan(0);
        expect(
          figures.every((c) => c === 'suppressed (fewer than 5)'),
          `${name}: ${line}`,
        ).toBe(true);
      }
    });

    it('gives the small team no bar in the segment chart data and no row figures on the overview', async () => {
      const { agent } = await signIn(t.app, 'analyst-a@example.com');
      const segments = (await agent.get(`/orgs/org-a/surveys/${a.surveyId}/report/segments`).expect(200)).text;
      const data = /<script type="application\/json" id="segment-units-data">(.*?)<\/script>/s.exec(segments)![1];
      expect(data).not.toContain(SMALL_TEAM);
      const overview = (await agent.get(`/orgs/org-a/surveys/${a.surveyId}/report`).expect(200)).text;
      const row = rowOf(overview, SMALL_TEAM);
      expect(row).toContain('fewer than 5');
      expect(row).not.toMatch(/>\s*3\s*</);
    });

    it('shows a sentence instead of an empty segment chart when every unit is suppressed', async () => {
      const { agent } = await signIn(t.app, 'analyst-a@example.com');
      const html = (await agent.get(`/orgs/org-a/surveys/${unitsHiddenSurveyId}/report/segments`).expect(200)).text;
      expect(html).toContain('data-testid="misaligned"');
      expect(html).not.toContain('<canvas');
      expect(html).toMatch(/data-testid="segments-all-suppressed">Every unit has fewer than 5 responses/);
      // the table still lists the units, each as “fewer than 5”
      expect(html).toContain('Segment shares per unit');
      const heat = (await agent.get(`/orgs/org-a/surveys/${unitsHiddenSurveyId}/report/heatmap`).expect(200)).text;
      expect(heat.match(/class="heat-suppressed"/g)?.length ?? 0).toBe(2);
    });

    it('shows no comment while fewer than 10 exist, on any page or CSV', async () => {
      const { agent } = await signIn(t.app, 'analyst-a@example.com');
      for (const url of [...pageUrls('org-a', a.surveyId), ...csvUrls('org-a', a.surveyId)]) {
        expect((await agent.get(url).expect(200)).text).not.toContain('Night shift private remark');
      }
    });

    it('shows only “fewer than 5 responses so far” for a survey below the threshold, on every page and CSV', async () => {
      const { agent } = await signIn(t.app, 'analyst-a@example.com');
      for (const url of pageUrls('org-a', tinySurveyId)) {
        const res = await agent.get(url).expect(200);
        expect(res.text).toContain('Fewer than 5 responses so far');
        expect(res.text).toContain('Figures appear at 5');
        expect(res.text).not.toContain('<canvas');
        expect(res.text).not.toMatch(/\b3 responses\b/);
      }
      for (const url of csvUrls('org-a', tinySurveyId)) {
        const csv = (await agent.get(url).expect(200)).text;
        expect(csv).toBe('\uFEFFnote\r\nsuppressed (fewer than 5) responses in total: figures appear at 5\r\n');
      }
    });
  });
});
