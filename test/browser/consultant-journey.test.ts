/**
 * Issue 14's "Done when" as one journey a consultant takes in real Chromium, so the pieces built apart
 * (import, API tokens, the pool, the executive report) are checked against each other:
 * 1. a consultant of Harbour Freight Co (units, an open survey) uploads the client's Culture Amp-shaped
 *    CSV export, lets the mapping screen guess the columns, sees the check report two bad rows, fixes
 *    the file, uploads it again, imports it and waits for the status page to finish;
 * 2. opens the report (the first release lets every imported response in) and notes R² and the
 *    organizational share on the variance breakdown;
 * 3. creates an API token on Account → API tokens and fetches the same report with the real `curl`
 *    binary: the same figures, and a 304 for If-None-Match with the ETag;
 * 4. an admin gives the client's consent on its pool page; six other pool members are seeded through
 *    the services (test/helpers/benchmark-pool.ts); the consultant sees the percentile ranks among 6,
 *    the client's own figures as the report has them, and the chart;
 * 5. opens the executive report and prints it to a PDF that names the organization;
 * 6. the consultant's script, polling with the ETag, gets the new release once late responses are in.
 * Cross-checks between the pieces: the report's scale means are the export's, the API's R², share and
 * headline are the page's, the pool page and the PDF show the report's share, the executive report's
 * ranks are the pool page's, and the token sees the client only.
 * Every page on the way has no serious or critical axe-core violation and no script error.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureInstrument } from '../../server/data/instruments.js';
import { insertOrganization } from '../../server/data/organizations.js';
import { insertSurvey } from '../../server/data/surveys.js';
import { insertUnit } from '../../server/data/units.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { createBenchmarkPoolService } from '../../server/services/benchmark-pool.js';
import { createReportService } from '../../server/services/reports.js';
import { createUserService } from '../../server/services/users.js';
import { arrangePoolMembers } from '../helpers/benchmark-pool.js';
import { insertResponses } from '../helpers/report-survey.js';
import { axeViolations, seriousViolations } from './axe.js';
import { canvasPixels } from './canvas.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { pdfTexts } from './pdf-text.js';
import { startTestServer, type TestServer } from './server.js';
import { signInThroughForm } from './sign-in.js';

const chromiumPath = chromiumForTests('test/browser/consultant-journey.test.ts');
const curlPath = ['/usr/bin/curl', '/usr/local/bin/curl', '/bin/curl'].find((p) => existsSync(p));
if (chromiumPath && !curlPath) {
  const bar = '!'.repeat(100);
  console.warn(
    `\n${bar}\n!! SKIPPING THE curl STEP of test/browser/consultant-journey.test.ts: no curl binary found (apt-get install -y curl).\n${bar}\n`,
  );
}
const run = promisify(execFile);
const artifacts = join(process.cwd(), 'test-artifacts');
const PASSWORD = 'a long journey password';
const CONSULTANT = 'consultant@journey.example';
const ADMIN = 'admin@journey.example';
const CLIENT = 'Harbour Freight Co';
const ROWS = 96;
const TEAMS = ['Operations > Claims', 'Operations > Billing', 'Commercial > Renewals'];
const WORKFLOWS = ['Claims triage', 'Renewals'];
/** Data rows (0-based) that carry a typo in the first export: an answer off the 1–5 scale, an unknown department. */
const BAD_ANSWER = 30;
const BAD_TEAM = 70;

/**
 * The client's Culture Amp export of the default instrument: one column per question (its text as the
 * header), answers 1–5, the department as a path, the level, a custom workflow question, and the
 * submission time. The answers come from the demo generator (stated model, seeded), so the report has
 * a variance breakdown; `typos` adds the two bad rows.
 */
const instrument = loadDefaultInstrument();
const generated = generateResponses(instrument, { n: ROWS, units: TEAMS, workflows: WORKFLOWS, seed: 1414 });

function cultureAmpExport(typos: boolean): string {
  const items = instrument.scales.flatMap((s) => s.items);
  const quote = (text: string) => (/[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const titleCase = (text: string) => text.replace(/\b\w/g, (c) => c.toUpperCase());
  const header = [
    'Response ID',
    'Employee ID',
    'Email',
    'Submitted At',
    'Department',
    'Level',
    'Location',
    ...items.map((i) => i.text),
    'Which workflow do you spend most time on?',
  ];
  const lines = generated.map((r, i) => {
    const answers = items.map((item) => String(r.answers[item.id]));
    if (typos && i === BAD_ANSWER) answers[0] = '6';
    const department = typos && i === BAD_TEAM ? 'Marketing' : r.unit;
    const at = `2026-11-${String(10 + (i % 9)).padStart(2, '0')}T09:${String(i % 60).padStart(2, '0')}:00Z`;
    return [`ca-${1000 + i}`, `E${5000 + i}`, `person${i}@harbour.example`, at, department, titleCase(r.roleLevel)]
      .concat(['Rotterdam', ...answers, r.workflow])
      .map(quote)
      .join(',');
  });
  return [header.map(quote).join(','), ...lines].join('\n') + '\n';
}

/** Each scale's mean over the exported answers (reverse-keyed items flipped), as the report should have it. */
function exportedScaleMeans(): Record<string, number> {
  const { min, max } = instrument.likert;
  return Object.fromEntries(
    instrument.scales.map((scale) => {
      const scores = generated.map(
        (r) =>
          scale.items.reduce(
            (sum, item) => sum + (item.reverse ? min + max - r.answers[item.id] : r.answers[item.id]),
            0,
          ) / scale.items.length,
      );
      return [scale.id, scores.reduce((a, b) => a + b, 0) / scores.length];
    }),
  );
}

interface CurlResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** GET `url` with the real curl binary, `headers` added; the status, headers (lower-case) and body. */
async function curl(url: string, headers: readonly string[]): Promise<CurlResult> {
  const { stdout } = await run(curlPath!, ['-sS', '--include', ...headers.flatMap((h) => ['-H', h]), url], {
    maxBuffer: 64 * 1_048_576,
  });
  const end = stdout.indexOf('\r\n\r\n');
  const [statusLine, ...fields] = stdout.slice(0, end).split('\r\n');
  return {
    status: Number(statusLine.split(' ')[1]),
    headers: Object.fromEntries(
      fields.map((f) => [f.slice(0, f.indexOf(':')).trim().toLowerCase(), f.slice(f.indexOf(':') + 1).trim()]),
    ),
    body: stdout.slice(end + 4),
  };
}

describe.skipIf(!chromiumPath)('a consultant’s journey through issue 14 in Chromium', () => {
  let server: TestServer;
  let browser: ChromiumSession;
  let page: Page;
  let surveyId = 0;
  let surveyPath = '';
  let token = '';
  /** What the consultant noted on the report pages. */
  const seen = { headline: '', r2: '', orgShare: '', responses: '', ranks: [] as string[] };
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer({ reports: { bootstrap: { B: 200, seed: 1, level: 0.95 } } });
    const users = createUserService({ db: server.db });
    const admin = await users.create({ email: ADMIN, password: PASSWORD, role: 'admin' });
    const consultant = await users.create({ email: CONSULTANT, password: PASSWORD, role: 'consultant' });
    const organizationId = await insertOrganization(server.db, {
      name: CLIENT,
      slug: 'harbour',
      industry: 'Logistics',
      sizeBand: null,
    });
    for (const [department, teams] of [
      ['Operations', ['Claims', 'Billing']],
      ['Commercial', ['Renewals']],
    ] as const) {
      const parentId = await insertUnit(server.db, { organizationId, name: department, kind: 'department' });
      for (const name of teams) await insertUnit(server.db, { organizationId, parentId, name, kind: 'team' });
    }
    surveyId = await insertSurvey(server.db, {
      organizationId,
      instrumentId: await ensureInstrument(server.db, instrument),
      title: 'Harbour AI pulse (Culture Amp)',
      status: 'open',
      anonymityThreshold: 5,
      workflows: WORKFLOWS,
    });
    surveyPath = `/orgs/harbour/surveys/${surveyId}`;
    await users.assignOrganization(consultant.id, organizationId);
    // The six other pool members, with an admin's consent through the pool service.
    const pool = createBenchmarkPoolService({ db: server.db, reports: createReportService({ db: server.db }) });
    await arrangePoolMembers(server.db, (id) => pool.join(admin, id), 6);

    browser = await launchChromium(chromiumPath!);
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
        consoleErrors.push(`${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
    await signIn(CONSULTANT);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(email: string): Promise<void> {
    await signInThroughForm(page, server.baseUrl, email, PASSWORD);
  }

  async function check(name: string): Promise<void> {
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.screenshot({ path: join(artifacts, `journey-${name}.png`), fullPage: true });
    expect(list, `axe-core found serious or critical violations on ${name}:\n${report}`).toEqual([]);
  }

  const choose = (csv: string) =>
    page
      .getByLabel('Export file (CSV in UTF-8, or .xlsx)')
      .setInputFiles({ name: 'harbour-culture-amp.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

  async function uploadAndCheck(csv: string): Promise<void> {
    await choose(csv);
    await Promise.all([
      page.waitForURL(/\/import\/[0-9a-f]{32}$/),
      page.getByRole('button', { name: 'Upload and map the columns' }).click(),
    ]);
    // The guess reads Culture Amp's columns: questions by their text, the department, level, workflow and date.
    await expect(page.getByLabel('Unit column').inputValue()).resolves.toBe('Department');
    await expect(page.getByLabel('Workflow column').inputValue()).resolves.toBe(
      'Which workflow do you spend most time on?',
    );
    await expect(page.getByLabel('Role level column').inputValue()).resolves.toBe('Level');
    await expect(page.getByLabel('Date column').inputValue()).resolves.toBe('Submitted At');
    await page.getByRole('button', { name: 'Check every row' }).click();
  }

  it('imports the client’s Culture Amp export, fixing the two bad rows the check reports', async () => {
    await page.getByRole('link', { name: CLIENT }).click();
    await Promise.all([
      page.waitForURL((url) => url.pathname === surveyPath),
      page.getByRole('link', { name: 'Harbour AI pulse (Culture Amp)' }).click(),
    ]);
    await Promise.all([page.waitForURL(/\/import$/), page.getByRole('link', { name: 'Import responses' }).click()]);
    await check('upload');

    await uploadAndCheck(cultureAmpExport(true));
    const errors = page.getByTestId('row-errors').locator('tbody tr');
    await expect(errors.count()).resolves.toBe(2);
    const cells = (await errors.allInnerTexts()).map((t) => t.split('\t').map((c) => c.trim()));
    expect(cells.map((c) => [c[0], c[2]])).toEqual([
      [String(BAD_ANSWER + 2), '6'],
      [String(BAD_TEAM + 2), 'Marketing'],
    ]);
    expect(cells[1][1]).toBe('Department');
    await check('errors');
    expect(await server.db('responses').where({ survey_id: surveyId }).count({ n: '*' }).first()).toMatchObject({
      n: 0,
    });

    // The consultant corrects the file and uploads it again.
    await page.goto(`${server.baseUrl}${surveyPath}/import`);
    await uploadAndCheck(cultureAmpExport(false));
    await expect(page.getByTestId('ready-count').innerText()).resolves.toBe(String(ROWS));
    await check('ready');
    await Promise.all([
      page.waitForURL(/\/status$/),
      page.getByRole('button', { name: `Import ${ROWS} responses` }).click(),
    ]);
    await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
    await check('done');
    const statusUrl = page.url();

    // Uploading the same file again by mistake is refused: its responses would count twice.
    await page.goto(`${server.baseUrl}${surveyPath}/import`);
    await uploadAndCheck(cultureAmpExport(false));
    await expect(page.getByRole('heading', { name: 'This file was already imported' }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: /^Import \d+ responses$/ }).count()).resolves.toBe(0);
    await page.goto(statusUrl);
  }, 60_000);

  it('sees the imported responses in the report and notes the headline figures', async () => {
    await Promise.all([page.waitForURL(/\/report$/), page.getByRole('link', { name: 'Open the report' }).click()]);
    seen.responses = await page.getByTestId('responses').innerText();
    expect(seen.responses).toBe(String(ROWS));
    await check('report');
    await Promise.all([
      page.waitForURL(/\/report\/breakdown$/),
      page.getByRole('link', { name: 'Variance breakdown', exact: true }).click(),
    ]);
    seen.headline = (await page.getByTestId('headline').textContent()) ?? '';
    const r2Cell = page.locator('dt', { hasText: 'R² / adjusted R²' }).locator('xpath=following-sibling::dd[1]');
    seen.r2 = (await r2Cell.innerText()).split(' / ')[0];
    const split = page.locator('tr', { has: page.locator('th', { hasText: 'Organizational factors, this survey' }) });
    seen.orgShare = await split
      .locator('td')
      .first()
      .textContent()
      .then((t) => (t ?? '').trim());
    expect(seen.headline).toContain(`R² = ${seen.r2}`);
    expect(seen.orgShare).toMatch(/^\d+%$/);
    await check('breakdown');
  }, 60_000);

  it.skipIf(!curlPath)(
    'creates an API token and fetches the same report with curl, then a 304 for its ETag',
    async () => {
      await Promise.all([
        page.waitForURL(/\/account\/tokens$/),
        page.getByRole('link', { name: 'API tokens' }).click(),
      ]);
      await page.getByLabel('Name').fill('Harbour reporting');
      await page.getByLabel('Expires after (days)').fill('30');
      await Promise.all([
        page.waitForURL(/\/account\/tokens$/),
        page.getByRole('button', { name: 'Create token' }).click(),
      ]);
      token = await page.getByLabel('Your new token').inputValue();
      expect(token).toMatch(/^rdy_/);
      await check('token');

      const url = `${server.baseUrl}/api/v1/organizations/harbour/surveys/${surveyId}/report`;
      const first = await curl(url, [`Authorization: Bearer ${token}`]);
      expect(first.status, first.body).toBe(200);
      expect(first.headers['content-type']).toMatch(/^application\/json/);
      const report = JSON.parse(first.body) as {
        status: string;
        meta: { responses: number; excluded_low_quality: number };
        scales: { id: string; mean: number; n: number }[];
        decomposition: { r2: number; headline: string; groups: { group: string; share: number }[] };
      };
      expect(report.status).toBe('ok');
      expect(String(report.meta.responses)).toBe(seen.responses);
      // The imported answers reach the figures unchanged: each scale's mean is the export's.
      expect(report.meta.excluded_low_quality).toBe(0);
      const means = exportedScaleMeans();
      expect(report.scales.map((x) => x.id)).toEqual(instrument.scales.map((x) => x.id));
      for (const scale of report.scales) {
        expect(scale.n, scale.id).toBe(ROWS);
        expect(scale.mean, scale.id).toBeCloseTo(means[scale.id], 10);
      }
      expect(report.decomposition.headline).toBe(seen.headline);
      expect(report.decomposition.r2.toFixed(2)).toBe(seen.r2);
      const org = report.decomposition.groups.find((g) => g.group === 'organizational')!;
      expect(`${(org.share * 100).toFixed(0)}%`).toBe(seen.orgShare);

      const etag = first.headers.etag;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await curl(url, [`Authorization: Bearer ${token}`, `If-None-Match: ${etag}`]);
      expect(again.status).toBe(304);
      expect(again.body).toBe('');
      // The token is the consultant's: it lists their client only, and a pool member's report is not theirs.
      const orgs = await curl(`${server.baseUrl}/api/v1/organizations`, [`Authorization: Bearer ${token}`]);
      expect(orgs.status).toBe(200);
      expect((JSON.parse(orgs.body) as { data: { slug: string }[] }).data.map((o) => o.slug)).toEqual(['harbour']);
      const other = await server.db('surveys').where({ title: 'Wave 1 of pool-1' }).first<{ id: number }>();
      const foreign = await curl(`${server.baseUrl}/api/v1/organizations/pool-1/surveys/${other.id}/report`, [
        `Authorization: Bearer ${token}`,
      ]);
      expect(foreign.status).toBe(404);
      expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
    },
    60_000,
  );

  it('joins the pool with an admin’s consent and compares the client against 6 organizations', async () => {
    // An admin gives the consent on the client's pool page, in their own session.
    const consultantCookies = await browser.context.cookies();
    await browser.context.clearCookies();
    await signIn(ADMIN);
    await page.goto(`${server.baseUrl}/orgs/harbour/benchmark-pool`);
    await Promise.all([
      page.waitForURL(/\/benchmark-pool$/),
      page.getByRole('button', { name: 'Give consent and join the pool' }).click(),
    ]);
    await expect(page.getByTestId('pool-status').innerText()).resolves.toContain(
      `${CLIENT} is in the benchmark pool: consent given by ${ADMIN}`,
    );
    await check('consent');
    await browser.context.clearCookies();
    await browser.context.addCookies(consultantCookies);

    await page.goto(`${server.baseUrl}/orgs`);
    await Promise.all([page.waitForURL(/\/benchmarks$/), page.getByRole('link', { name: 'Benchmarks' }).click()]);
    // The consultant's own table names their client and no pool member.
    expect(await page.getByText('Pool member').count()).toBe(0);
    await check('benchmarks');
    await Promise.all([page.waitForURL(/\/benchmarks\/harbour$/), page.getByRole('link', { name: CLIENT }).click()]);
    await page.waitForLoadState('load');
    await expect(page.getByTestId('wave-used').innerText()).resolves.toContain(
      'Harbour AI pulse (Culture Amp), the latest wave with released figures',
    );
    await expect(
      page.getByRole('heading', { name: 'Percentile ranks among 6 pool organizations' }).count(),
    ).resolves.toBe(1);
    // The client's own organizational share is the report's, as the consultant noted it.
    await expect(page.locator('tr[data-figure="org_share"] td').first().innerText()).resolves.toBe(seen.orgShare);
    const ranks = await page.locator('[data-testid^="rank-"]').allTextContents();
    seen.ranks = ranks;
    expect(ranks.length).toBeGreaterThan(5);
    for (const r of ranks) expect(Number(r)).toBeGreaterThanOrEqual(0);
    for (const r of ranks) expect(Number(r)).toBeLessThanOrEqual(100);
    const canvases = await canvasPixels(page);
    expect(canvases.map((c) => c.id)).toEqual(['pool-position-canvas']);
    expect(canvases[0].drawn).toBeGreaterThan(500);
    expect(await page.getByText('Pool member').count()).toBe(0);
    await check('pool');
  }, 60_000);

  it('opens the executive report and prints it to a PDF that names the client', async () => {
    await Promise.all([
      page.waitForURL(new RegExp(`${surveyPath}/report/executive$`)),
      page.getByRole('link', { name: 'Executive report of this wave' }).click(),
    ]);
    await page.waitForLoadState('load');
    await expect(page.getByTestId('executive-org').innerText()).resolves.toBe(CLIENT);
    await expect(page.getByTestId('executive-pool').innerText()).resolves.toContain(
      'Percentile ranks of this wave among 6 organizations',
    );
    // The same ranks as on the pool page, figure by figure.
    const executiveRanks = await page
      .getByRole('table', { name: 'Position in the benchmark pool, per figure' })
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[2]?.textContent?.trim() ?? ''));
    expect(executiveRanks).toEqual(seen.ranks);
    await check('executive');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    writeFileSync(join(artifacts, 'journey-executive-report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const texts = pdfTexts(pdf);
    expect(texts.some((t) => t.includes(CLIENT))).toBe(true);
    expect(texts.some((t) => t.includes(seen.orgShare))).toBe(true);
  }, 60_000);

  it.skipIf(!curlPath)(
    'polls the report with the ETag and gets the new release once late responses are let in',
    async () => {
      const url = `${server.baseUrl}/api/v1/organizations/harbour/surveys/${surveyId}/report`;
      const auth = `Authorization: Bearer ${token}`;
      const before = await curl(url, [auth]);
      expect(before.status).toBe(200);
      // Five late answers from one team and workflow: the release rule lets all five in at once (K = 5).
      const claims = await server.db('units').where({ name: 'Claims' }).first<{ id: number }>();
      const late = generateResponses(instrument, { n: 5, units: ['Claims'], workflows: ['Claims triage'], seed: 77 });
      await insertResponses(server.db, surveyId, claims.id, late);
      const after = await curl(url, [auth, `If-None-Match: ${before.headers.etag}`]);
      expect(after.status).toBe(200);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      expect((JSON.parse(after.body) as { meta: { responses: number } }).meta.responses).toBe(ROWS + late.length);
      const again = await curl(url, [auth, `If-None-Match: ${after.headers.etag}`]);
      expect(again.status).toBe(304);
    },
  );

  it('met no script error on the way', () => {
    expect(consoleErrors).toEqual([]);
  });
});
