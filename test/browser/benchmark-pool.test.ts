/**
 * A consultant compares a client with the benchmark pool in real Chromium, then prints the client's
 * executive report to PDF. Seven organizations are seeded through the services (the client and six
 * pool members, consent given by an admin through the pool service), not the UI. Checks: the
 * consultant's table links the client; its pool page shows percentile ranks among 6 organizations
 * and draws the chart; axe-core finds no serious or critical violation on either page; the executive
 * report names the organization and prints to a PDF of more than one A4 page. Screenshots and the PDF
 * go to test-artifacts/ (gitignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBenchmarkPoolService } from '../../server/services/benchmark-pool.js';
import { createReportService } from '../../server/services/reports.js';
import { createUserService } from '../../server/services/users.js';
import { arrangeClientOrg, arrangePoolMembers } from '../helpers/benchmark-pool.js';
import { axeViolations, seriousViolations } from './axe.js';
import { canvasPixels } from './canvas.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { pdfTexts } from './pdf-text.js';
import { startTestServer, type TestServer } from './server.js';

const chromiumPath = chromiumForTests('test/browser/benchmark-pool.test.ts');
const artifacts = join(process.cwd(), 'test-artifacts');
const EMAIL = 'consultant@pool.example';
const PASSWORD = 'a long consultant password';
const CLIENT = 'Harbour Freight Co';

describe.skipIf(!chromiumPath)('the benchmark pool and the executive PDF in Chromium', () => {
  let server: TestServer;
  let browser: ChromiumSession;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer({ reports: { bootstrap: { B: 200, seed: 1, level: 0.95 } } });
    const users = createUserService({ db: server.db });
    const admin = await users.create({ email: 'admin@pool.example', password: PASSWORD, role: 'admin' });
    const consultant = await users.create({ email: EMAIL, password: PASSWORD, role: 'consultant' });
    const client = await arrangeClientOrg(server.db, { slug: 'harbour', name: CLIENT, responses: 90, seed: 41 });
    await users.assignOrganization(consultant.id, client.organizationId);
    const pool = createBenchmarkPoolService({ db: server.db, reports: createReportService({ db: server.db }) });
    await arrangePoolMembers(server.db, (id) => pool.join(admin, id), 6);
    browser = await launchChromium(chromiumPath!);
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(`${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
    await page.goto(`${server.baseUrl}/signin`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/orgs$/), page.getByRole('button', { name: /sign in/i }).click()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('compares the client against a pool of 6: percentile ranks, the chart, no serious accessibility violation', async () => {
    await Promise.all([page.waitForURL(/\/benchmarks$/), page.getByRole('link', { name: 'Benchmarks' }).click()]);
    await Promise.all([page.waitForURL(/\/benchmarks\/harbour$/), page.getByRole('link', { name: CLIENT }).click()]);
    await page.waitForLoadState('load');
    await expect(
      page.getByRole('heading', { name: 'Percentile ranks among 6 pool organizations' }).count(),
    ).resolves.toBe(1);
    const ranks = await page.locator('[data-testid^="rank-"]').allTextContents();
    expect(ranks.length).toBeGreaterThan(5);
    for (const r of ranks) expect(Number(r)).toBeGreaterThanOrEqual(0);
    const canvases = await canvasPixels(page);
    expect(canvases.map((c) => c.id)).toEqual(['pool-position-canvas']);
    expect(canvases[0].drawn).toBeGreaterThan(500);
    expect(await page.getByText('Pool member').count()).toBe(0);
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.screenshot({ path: join(artifacts, 'benchmark-pool.png'), fullPage: true });
    expect(list, `axe-core found serious or critical violations on the pool page:\n${report}`).toEqual([]);
  }, 60_000);

  it('opens the executive report, names the organization, and prints it to a PDF of more than one page', async () => {
    await Promise.all([
      page.waitForURL(/\/report\/executive$/),
      page.getByRole('link', { name: 'Executive report of this wave' }).click(),
    ]);
    await page.waitForLoadState('load');
    const text = await page.locator('main, body').first().innerText();
    expect(text).toContain(CLIENT);
    expect(text).toContain('What these figures do not show');
    expect(text).toContain('Percentile ranks of this wave among 6 organizations');
    expect(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(true);
    const { list, report } = seriousViolations(await axeViolations(page));
    expect(list, `axe-core found serious or critical violations on the executive report:\n${report}`).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(false);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    writeFileSync(join(artifacts, 'executive-report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThan(1);
    // The print CSS numbers every page in its bottom margin, and the printed text names the organization.
    const texts = pdfTexts(pdf);
    expect(texts.some((t) => t.includes(`Page 1 of ${pages.length}`))).toBe(true);
    expect(texts.some((t) => t.includes(`Page ${pages.length} of ${pages.length}`))).toBe(true);
    expect(texts.some((t) => t.includes('Harbour Freight Co'))).toBe(true);
    // A4 from the print CSS: 595 × 842 points.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 59[45](?:\.\d+)? 84[12](?:\.\d+)?\]/);
  }, 60_000);

  it('logged no console error', () => {
    expect(consoleErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  });
});
