/**
 * A consultant creates an API token on the account page in real Chromium (reached from the site
 * navigation), copies it from the page, fetches the demo survey's report through /api/v1 with it (the
 * Report the report pages render), and revokes it, after which the API answers 401. The tokens page
 * and the API reference page have no serious or critical axe-core violation and no sideways scrolling
 * at 360 px.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrganizationBySlug } from '../../server/data/organizations.js';
import { createUserService } from '../../server/services/users.js';
import { axeViolations, seriousViolations } from './axe.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { pageOverflow } from './layout.js';
import { startTestServer, type TestServer } from './server.js';
import { signInThroughForm } from './sign-in.js';

const chromiumPath = chromiumForTests('test/browser/api-tokens.test.ts');
const artifacts = join(process.cwd(), 'test-artifacts');
const PASSWORD = 'browser test password';

describe.skipIf(!chromiumPath)('API tokens and the API reference in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: ChromiumSession;
  let page: Page;
  let token = '';

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer({ reports: { bootstrap: { B: 50, seed: 1, level: 0.95 } } });
    const users = createUserService({ db: server.db });
    const consultant = await users.create({ email: 'consultant@example.com', password: PASSWORD, role: 'consultant' });
    await users.assignOrganization(consultant.id, (await findOrganizationBySlug(server.db, 'demo'))!.id);
    browser = await launchChromium(chromiumPath!);
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function check(name: string): Promise<void> {
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.screenshot({ path: join(artifacts, `api-${name}.png`), fullPage: true });
    expect(list, `axe-core found serious or critical violations on ${name}:\n${report}`).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });
    const { excess, offenders } = await pageOverflow(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(offenders.join('\n'), `sticking out at 360 px on ${name}`).toBe('');
    expect(excess, `${name} scrolls sideways at 360 px`).toBe(0);
  }

  const api = (path: string) =>
    fetch(`${server.baseUrl}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });

  it('creates a token from the navigation and shows it once', async () => {
    await signInThroughForm(page, server.baseUrl, 'consultant@example.com', PASSWORD);
    await Promise.all([page.waitForURL(/\/account\/tokens$/), page.getByRole('link', { name: 'API tokens' }).click()]);
    await page.getByLabel('Name').fill('Client reporting');
    await page.getByLabel('Expires after (days)').fill('30');
    await Promise.all([
      page.waitForURL(/\/account\/tokens$/),
      page.getByRole('button', { name: 'Create token' }).click(),
    ]);
    token = await page.getByLabel('Your new token').inputValue();
    expect(token).toMatch(/^rdy_/);
    await check('tokens');
    await page.goto(`${server.baseUrl}/account/tokens`);
    expect(await page.content()).not.toContain(token);
  });

  it('fetches the demo survey’s released report with the token, as the report pages show it', async () => {
    const res = await api(`/organizations/demo/surveys/${server.demo.surveyId}/report`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as { status: string; decomposition: { r2: number; headline: string } };
    expect(report.status).toBe('ok');
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report/breakdown`);
    expect(await page.getByTestId('headline').textContent()).toBe(report.decomposition.headline);
    const etag = res.headers.get('etag')!;
    const again = await fetch(`${server.baseUrl}/api/v1/organizations/demo/surveys/${server.demo.surveyId}/report`, {
      headers: { Authorization: `Bearer ${token}`, 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('revokes the token on the page, after which the API answers 401', async () => {
    await page.goto(`${server.baseUrl}/account/tokens`);
    await Promise.all([
      page.waitForURL(/\/account\/tokens$/),
      page.getByRole('button', { name: 'Revoke Client reporting' }).click(),
    ]);
    expect(await page.getByRole('cell', { name: 'revoked' }).count()).toBe(1);
    const res = await api('/organizations');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('renders the API reference accessibly, without any script', async () => {
    await page.goto(`${server.baseUrl}/api/v1/docs`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Readiness API');
    expect(await page.locator('script').count()).toBe(0);
    await check('docs');
  });
});
