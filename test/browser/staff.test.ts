/**
 * The staff pages in real Chromium: the sign-in page, the organization page and the demo survey page
 * (server-rendered, under the app's CSP) have no serious or critical axe-core violation, trigger no CSP
 * error, fit a 360 px wide screen, and signing in through the form works; the new-survey page's plan. Screenshots go to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserService } from '../../server/services/users.js';
import { axeViolations, seriousViolations } from './axe.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { startTestServer, type TestServer } from './server.js';

const chromiumPath = chromiumForTests('test/browser/staff.test.ts');
const artifacts = join(process.cwd(), 'test-artifacts');
const PASSWORD = 'browser test password';

interface InPageDocument {
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
}

describe.skipIf(!chromiumPath)('staff pages in Chromium', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: ChromiumSession;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer();
    await createUserService({ db: server.db }).create({
      email: 'admin@example.com',
      password: PASSWORD,
      role: 'admin',
    });
    browser = await launchChromium(chromiumPath!);
    page = await browser.context.newPage();
    // Script errors and CSP refusals; HTTP error statuses the tests cause on purpose (401, 400) and the
    // browser's own favicon request are not page errors.
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function expectAccessible(name: string): Promise<void> {
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.screenshot({ path: join(artifacts, `staff-${name}.png`), fullPage: true });
    expect(list, `axe-core found serious or critical violations on ${name}:\n${report}`).toEqual([]);
  }

  async function fitsNarrowScreen(name: string): Promise<void> {
    await page.setViewportSize({ width: 360, height: 800 });
    const overflow = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: InPageDocument }).document;
      return doc.documentElement.scrollWidth - doc.documentElement.clientWidth;
    });
    await page.screenshot({ path: join(artifacts, `staff-${name}-360.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(overflow, `${name} scrolls sideways at 360 px`).toBeLessThanOrEqual(0);
  }

  it('shows an accessible sign-in page, refuses a wrong password with the email kept, and signs in', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    expect((await page.goto(`${server.baseUrl}/orgs`))?.url()).toMatch(/\/signin\?next=%2Forgs$/);
    await expectAccessible('signin');
    await fitsNarrowScreen('signin');

    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('Email or password is incorrect');
    expect(await page.getByLabel('Email').inputValue()).toBe('admin@example.com');
    await expectAccessible('signin-error');

    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(/\/orgs$/), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Organizations');
  });

  it('shows the demo organization and its survey page accessibly, at desktop and 360 px width', async () => {
    await page.goto(`${server.baseUrl}/orgs`);
    await Promise.all([
      page.waitForURL(/\/orgs\/[a-z0-9-]+$/),
      page.locator('table a[href^="/orgs/"]').first().click(),
    ]);
    await expectAccessible('organization');
    await fitsNarrowScreen('organization');

    await Promise.all([page.waitForURL(/\/surveys\/\d+$/), page.locator('table a[href*="/surveys/"]').first().click()]);
    expect(await page.getByRole('heading', { name: 'Responses per unit' }).isVisible()).toBe(true);
    expect(await page.locator('[data-testid="total-responses"]').textContent()).toBe(String(server.demo.responses));
    await expectAccessible('survey');
    await fitsNarrowScreen('survey');
    expect(consoleErrors).toEqual([]);
  });

  it('shows the new-survey form accessibly, and again with its errors after an empty submission', async () => {
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/new`);
    await expectAccessible('survey-new');
    await fitsNarrowScreen('survey-new');
    await page.getByLabel('Anonymity threshold').fill('');
    await page.getByRole('button', { name: 'Create survey' }).click();
    await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true);
    expect(await page.locator('.field__error').count()).toBeGreaterThanOrEqual(2);
    await expectAccessible('survey-new-errors');
    expect(consoleErrors).toEqual([]);
  });

  it('plans the invitations on the new-survey page through its GET form, accessibly and within 360 px', async () => {
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/new`);
    await page.getByLabel('Invitations', { exact: true }).fill('500');
    await page.getByLabel('Expected response rate (%)').fill('60');
    await page.getByLabel('Number of workflows').fill('4');
    await Promise.all([
      page.waitForURL(/planInvitations=500/),
      page.getByRole('button', { name: 'Show the plan' }).click(),
    ]);
    const plan = page.locator('[data-testid="plan"]');
    expect(await plan.textContent()).toContain('500 invitations should bring about 300 responses');
    expect(await plan.textContent()).toContain('a workflow needs 80');
    await expectAccessible('survey-plan');
    await fitsNarrowScreen('survey-plan');
    expect(consoleErrors).toEqual([]);
  });
});
