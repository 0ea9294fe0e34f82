/**
 * The demo report in real Chromium: sign in through the form, open every report page, check that
 * every chart's canvas has drawn pixels (read back with getImageData), that no console error or CSP
 * violation occurs, and that axe-core finds no serious or critical violation on the sign-in page and
 * the report pages. Screenshots (and a printed PDF of the breakdown) go to test-artifacts/ (gitignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_PAGES } from '../../server/routes/staff/reports.js';
import { createUserService } from '../../server/services/users.js';
import { axeViolations, seriousViolations } from './axe.js';
import { canvasPixels } from './canvas.js';
import { chartLayouts } from './chart-layout.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { pageOverflow, tableRegion } from './layout.js';
import { startTestServer, type TestServer } from './server.js';

const chromiumPath = chromiumForTests('test/browser/report.test.ts');
const artifacts = join(process.cwd(), 'test-artifacts');
const EMAIL = 'analyst@demo.example';
const PASSWORD = 'a long demo password';

/** The page does not scroll sideways, and nothing sticks out of the viewport unless a scrolling box clips it. */
async function expectNoPageOverflow(page: Page): Promise<void> {
  const { excess, offenders } = await pageOverflow(page);
  expect(offenders.join('\n'), `sticking out of the viewport on ${page.url()}`).toBe('');
  expect(excess, `the page scrolls sideways on ${page.url()}`).toBe(0);
}

describe.skipIf(!chromiumPath)('the demo report in Chromium', () => {
  let server: TestServer;
  let browser: ChromiumSession;
  let page: Page;
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer();
    await createUserService({ db: server.db }).create({
      email: EMAIL,
      password: PASSWORD,
      role: 'analyst',
      organizationId: server.demo.organizationId,
    });
    browser = await launchChromium(chromiumPath!);
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(`${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) failedRequests.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in through the form, and the sign-in page has no serious or critical accessibility violation', async () => {
    const response = await page.goto(`${server.baseUrl}/signin`);
    expect(response?.status()).toBe(200);
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.screenshot({ path: join(artifacts, 'signin.png'), fullPage: true });
    expect(list, `axe-core found serious or critical violations on /signin:\n${report}`).toEqual([]);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/orgs$/), page.getByRole('button', { name: /sign in/i }).click()]);
  });

  for (const reportPage of REPORT_PAGES) {
    const name = reportPage.path || 'overview';
    it(`shows the ${reportPage.label} page with every chart drawn and no serious accessibility violation`, async () => {
      const url = `${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report${reportPage.path ? `/${reportPage.path}` : ''}`;
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(200);
      await page.waitForLoadState('load');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(reportPage.label);
      const canvases = await canvasPixels(page);
      for (const c of canvases) {
        expect(c.width * c.height, `${c.id} has no size`).toBeGreaterThan(0);
        expect(c.drawn, `${c.id} on ${name} has no drawn pixels`).toBeGreaterThan(500);
      }
      const { list, report } = seriousViolations(await axeViolations(page));
      await page.screenshot({ path: join(artifacts, `report-${name}.png`), fullPage: true });
      expect(list, `axe-core found serious or critical violations on ${url}:\n${report}`).toEqual([]);
    });
  }

  it('cuts the report by role level through the form (no script needed), draws its chart and stays axe-clean', async () => {
    // The demo survey is open: its cuts are withheld until it closes.
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report/cuts`);
    await expect.poll(() => page.getByText('Cuts are shown once the survey is closed.').count()).toBe(1);
    await server.db('surveys').where({ id: server.demo.surveyId }).update({ status: 'closed' });
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report/cuts`);
    await page.getByLabel('Cut by').selectOption('role_level');
    await Promise.all([page.waitForURL(/cut=role_level/), page.getByRole('button', { name: 'Show' }).click()]);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: /^Role level: everyone/ }).count()).toBe(1);
    const [chart] = (await canvasPixels(page)).filter((c) => c.id === 'cut-means-canvas');
    expect(chart?.drawn ?? 0, 'the cut chart has no drawn pixels').toBeGreaterThan(500);
    await expect.poll(() => page.getByRole('table', { name: /^Role level: everyone/ }).count()).toBe(1);
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.screenshot({ path: join(artifacts, 'report-cuts-role-level.png'), fullPage: true });
    expect(list, `axe-core found serious or critical violations on the cuts page:\n${report}`).toEqual([]);
  });

  it('has charts on the breakdown, scales, segments and priorities pages, and prints the breakdown to PDF', async () => {
    let total = 0;
    for (const path of ['breakdown', 'scales', 'segments', 'priorities']) {
      await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report/${path}`);
      total += (await canvasPixels(page)).length;
    }
    // breakdown 2, scales 1, segments 1, priorities 3 (workflow ranking, lever ranking, organization-wide factors)
    expect(total).toBe(7);
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report/breakdown`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.report-nav').isVisible()).toBe(false);
    await page.screenshot({ path: join(artifacts, 'report-breakdown-print.png'), fullPage: true });
    await page.pdf({ path: join(artifacts, 'report-breakdown.pdf'), format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('names the organization and the survey at the top of the printed page', async () => {
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report/heatmap`);
    const header = page.locator('.print-header');
    expect(await header.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await header.isVisible()).toBe(true);
      expect(await header.textContent()).toContain('Demo Company');
      await page.screenshot({ path: join(artifacts, 'report-heatmap-print.png'), fullPage: true });
      await page.pdf({ path: join(artifacts, 'report-heatmap.pdf'), format: 'A4', printBackground: true });
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('scrolls the heatmap inside its labelled region at 1280 px, keeps the unit column in view, and the page does not overflow', async () => {
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report/heatmap`);
    await page.screenshot({ path: join(artifacts, 'report-heatmap-1280.png'), fullPage: true });
    const t = await tableRegion(page, 'table.heatmap');
    expect(t.region).toMatchObject({ role: 'region', tabindex: '0' });
    expect(t.region!.label.length).toBeGreaterThan(0);
    expect(t.regionScrollWidth).toBeGreaterThanOrEqual(Math.floor(t.tableWidth));
    expect(t.regionPastPanel, 'the region ends inside its panel').toBeLessThanOrEqual(0);
    expect(t.firstColumnPosition).toBe('sticky');
    // scrolled to its far end: the last column is in view, the unit column still at the left edge
    expect(t.afterScroll.lastRightOffset).toBeLessThanOrEqual(1);
    expect(Math.abs(t.afterScroll.firstLeftOffset)).toBeLessThanOrEqual(1);
    await expectNoPageOverflow(page);
  });

  it('draws the workflow and lever rankings on the priorities page at 1280 px, with their tables in full inside their panels', async () => {
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report/priorities`);
    await page.screenshot({ path: join(artifacts, 'report-priorities-1280.png'), fullPage: true });
    const canvases = await canvasPixels(page);
    expect(canvases.map((c) => c.id)).toEqual([
      'workflow-priority-canvas',
      'lever-priority-canvas',
      'priority-scatter-canvas',
    ]);
    for (const c of canvases) expect(c.drawn, c.id).toBeGreaterThan(500);
    for (const selector of ['table[data-testid="workflow-ranking"]', 'table[data-testid="lever-ranking"]']) {
      const t = await tableRegion(page, selector);
      expect(t.regionPastPanel, selector).toBeLessThanOrEqual(0);
      expect(t.regionScrollWidth, `${selector} fits without scrolling`).toBeLessThanOrEqual(t.regionClientWidth + 1);
    }
    await expect.poll(() => page.getByTestId('recommendation').textContent()).toMatch(/ranks first in/);
    await expectNoPageOverflow(page);
  });

  describe('at 360 px', () => {
    beforeAll(async () => {
      await page.setViewportSize({ width: 360, height: 800 });
    });
    afterAll(async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    it('fits the ICC table or scrolls it in a labelled region, with no horizontal page overflow on the heatmap page', async () => {
      await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report/heatmap`);
      await page.screenshot({ path: join(artifacts, 'report-heatmap-360.png'), fullPage: true });
      const t = await tableRegion(page, 'section[aria-labelledby="ml-title"] table');
      expect(t.regionPastPanel, 'the ICC table ends inside its panel').toBeLessThanOrEqual(0);
      if (t.regionScrollWidth > t.regionClientWidth) {
        expect(t.region).toMatchObject({ role: 'region', tabindex: '0' });
        expect(t.region!.label.length).toBeGreaterThan(0);
      }
      await expectNoPageOverflow(page);
    });

    it('scrolls the workflow and lever ranking tables inside labelled regions that end inside their panels', async () => {
      await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report/priorities`);
      for (const selector of ['table[data-testid="workflow-ranking"]', 'table[data-testid="lever-ranking"]']) {
        const t = await tableRegion(page, selector);
        expect(t.regionPastPanel, selector).toBeLessThanOrEqual(0);
        expect(t.region).toMatchObject({ role: 'region', tabindex: '0' });
        expect(t.region!.label.length).toBeGreaterThan(0);
      }
      await expectNoPageOverflow(page);
    });

    for (const path of ['', 'breakdown', 'scales', 'segments', 'priorities']) {
      it(`draws the ${path || 'overview'} charts inside the page, with padding and no label outside the canvas`, async () => {
        await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report${path ? `/${path}` : ''}`);
        await page.screenshot({ path: join(artifacts, `report-${path || 'overview'}-360.png`), fullPage: true });
        const canvases = await canvasPixels(page);
        expect(canvases.length).toBeGreaterThan(0);
        for (const c of canvases) expect(c.drawn, `${c.id} has no drawn pixels`).toBeGreaterThan(500);
        await expectNoPageOverflow(page);
        const charts = await chartLayouts(page);
        for (const chart of charts) {
          expect(chart.padding, chart.id).toMatchObject({ right: expect.any(Number) });
          expect(chart.padding.right, chart.id).toBeGreaterThan(0);
          for (const s of chart.scales) {
            expect(s.left, chart.id).toBeGreaterThanOrEqual(0);
            expect(s.right, chart.id).toBeLessThanOrEqual(chart.width);
          }
          if (chart.category) {
            // every category label is drawn in full (wrapped, never cut), and a row is tall enough for its lines
            expect(chart.category.ticks, chart.id).toEqual(chart.category.names);
            if (chart.category.horizontal)
              expect(chart.category.band, chart.id).toBeGreaterThanOrEqual(chart.category.lines * 12);
          }
          if (chart.points === 0) continue;
          // every point is labelled in full, inside the canvas, and no two labels overlap
          expect(chart.labels, chart.id).not.toBeNull();
          expect(chart.labels!.length).toBe(chart.points);
          for (const [i, a] of chart.labels!.entries()) {
            expect(a.x, a.text).toBeGreaterThanOrEqual(0);
            expect(a.x + a.w, a.text).toBeLessThanOrEqual(chart.width);
            for (const b of chart.labels!.slice(i + 1))
              expect(
                a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h,
                `${a.text} overlaps ${b.text}`,
              ).toBe(false);
          }
        }
      });
    }
  });

  it('opens the overview with the plain-words summary and the split beside the Work Trend Index', async () => {
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report`);
    const lead = await page.locator('[data-testid="summary-lead"]').textContent();
    expect(lead).toMatch(/how the organization works: \d+% of the explained differences \(95% interval \d+–\d+%\)/);
    expect(await page.locator('[data-testid="summary-start"]').textContent()).toMatch(
      /^Start with: redesign data access in “Financial reporting”\./,
    );
    expect(await page.locator('[data-testid="wti-reference"]').isVisible()).toBe(true);
    expect(await page.locator('#variance-split-canvas').isVisible()).toBe(true);
  });

  for (const width of [1280, 360]) {
    it(`shows the glossary, linked from the report navigation, with no serious accessibility violation and no overflow at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      try {
        await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report`);
        await Promise.all([page.waitForURL(/\/glossary$/), page.locator('.report-nav a[href="/glossary"]').click()]);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Glossary');
        const { list, report } = seriousViolations(await axeViolations(page));
        await page.screenshot({ path: join(artifacts, `glossary-${width}.png`), fullPage: true });
        expect(list, `axe-core found serious or critical violations on /glossary:\n${report}`).toEqual([]);
        await expectNoPageOverflow(page);
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    });
  }

  it('logged no console error and no Content-Security-Policy violation', () => {
    // Every request the pages made succeeded; the browser's own /favicon.ico request (which the app does not
    // serve, and which pages do not see as a response) logs a 404 line that is the only one dropped here.
    expect(failedRequests).toEqual([]);
    const errors = consoleErrors.filter(
      (e) => !/Failed to load resource: the server responded with a status of 404/.test(e),
    );
    expect(errors).toEqual([]);
  });
});
