/**
 * The benchmarks page in real Chromium, signed in as an admin over the demo organization plus the
 * benchmark arrangement (test/helpers/benchmark-orgs.ts): the organizational-share chart's canvas has
 * drawn pixels, the filter form narrows the page through a plain GET, axe-core finds no serious or
 * critical violation, print hides the filters, and no console error or CSP violation occurs.
 * Screenshots go to test-artifacts/ (gitignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserService } from '../../server/services/users.js';
import { arrangeBenchmarkOrgs } from '../helpers/benchmark-orgs.js';
import { axeViolations, seriousViolations } from './axe.js';
import { canvasPixels } from './canvas.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { startTestServer, type TestServer } from './server.js';

const chromiumPath = chromiumForTests('test/browser/benchmarks.test.ts');
const artifacts = join(process.cwd(), 'test-artifacts');
const EMAIL = 'admin@benchmarks.example';
const PASSWORD = 'a long benchmark password';

describe.skipIf(!chromiumPath)('the benchmarks page in Chromium', () => {
  let server: TestServer;
  let browser: ChromiumSession;
  let page: Page;
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer();
    await arrangeBenchmarkOrgs(server.db);
    await createUserService({ db: server.db }).create({ email: EMAIL, password: PASSWORD, role: 'admin' });
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
    await page.goto(`${server.baseUrl}/signin`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/orgs$/), page.getByRole('button', { name: /sign in/i }).click()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the organizational-share chart, reached from the navigation, with no serious accessibility violation', async () => {
    await Promise.all([page.waitForURL(/\/benchmarks$/), page.getByRole('link', { name: 'Benchmarks' }).click()]);
    await page.waitForLoadState('load');
    const canvases = await canvasPixels(page);
    expect(canvases.map((c) => c.id)).toEqual(['org-share-canvas']);
    expect(canvases[0].width * canvases[0].height).toBeGreaterThan(0);
    expect(canvases[0].drawn).toBeGreaterThan(500);
    expect(await page.getByText('fewer than 5 responses').count()).toBeGreaterThan(0);
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.screenshot({ path: join(artifacts, 'benchmarks.png'), fullPage: true });
    expect(list, `axe-core found serious or critical violations on /benchmarks:\n${report}`).toEqual([]);
  });

  it('narrows the organizations with the filter form, and prints without the filters', async () => {
    await page.getByLabel('Industry').selectOption('Retail');
    await Promise.all([
      page.waitForURL(/industry=Retail/),
      page.getByRole('button', { name: 'Apply filters' }).click(),
    ]);
    const rows = await page.locator('[data-testid="benchmark-table"] tbody tr[data-row] th a').allTextContents();
    expect(rows.map((h) => h.trim())).toEqual(['Empty Estates', 'Gamma Retail']);
    expect((await canvasPixels(page))[0].drawn).toBeGreaterThan(500);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Apply filters' }).isVisible()).toBe(false);
    await page.screenshot({ path: join(artifacts, 'benchmarks-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('logged no console error and no Content-Security-Policy violation', () => {
    expect(failedRequests).toEqual([]);
    const errors = consoleErrors.filter(
      (e) => !/Failed to load resource: the server responded with a status of 404/.test(e),
    );
    expect(errors).toEqual([]);
  });
});
