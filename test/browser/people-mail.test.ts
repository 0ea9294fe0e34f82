/**
 * The people, schedule-and-email, Outbox and password-reset pages in real Chromium, clicked as a person
 * would: a CSV chosen in the file picker, checked and imported; a file with errors shown line by line; a
 * survey scheduled with invitations and reminders. Each page has no serious or critical axe-core
 * violation, no CSP or script error, and fits a 360 px wide screen.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserService } from '../../server/services/users.js';
import { peopleCsv } from '../helpers/campaign.js';
import { axeViolations, seriousViolations } from './axe.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { startTestServer, type TestServer } from './server.js';
import { signInThroughForm } from './sign-in.js';

const chromiumPath = chromiumForTests('test/browser/people-mail.test.ts');
const artifacts = join(process.cwd(), 'test-artifacts');
const PASSWORD = 'browser test password';

interface InPageDocument {
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
}

describe.skipIf(!chromiumPath)('people and email pages in Chromium', { timeout: 120_000 }, () => {
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
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInThroughForm(page, server.baseUrl, 'admin@example.com', PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function check(name: string): Promise<void> {
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.screenshot({ path: join(artifacts, `mail-${name}.png`), fullPage: true });
    expect(list, `axe-core found serious or critical violations on ${name}:\n${report}`).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });
    const overflow = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: InPageDocument }).document;
      return doc.documentElement.scrollWidth - doc.documentElement.clientWidth;
    });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(overflow, `${name} scrolls sideways at 360 px`).toBeLessThanOrEqual(0);
  }

  const chooseFile = (text: string) =>
    page
      .getByLabel('CSV file (UTF-8)')
      .setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

  it('imports people from a chosen file after showing what will change', async () => {
    await page.goto(`${server.baseUrl}/orgs/demo`);
    await Promise.all([page.waitForURL(/\/people$/), page.getByRole('link', { name: 'People' }).click()]);
    await check('people');

    await chooseFile(peopleCsv(12));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Check the import');
    expect(await page.getByTestId('import-summary').textContent()).toContain('Sales / Team 1');
    await check('people-preview');

    await Promise.all([
      page.waitForURL(/\/people\?added=12/),
      page.getByRole('button', { name: 'Import 12 people' }).click(),
    ]);
    expect(await page.getByTestId('imported').textContent()).toContain('12 added');
    expect(await page.getByTestId('people-count').textContent()).toBe('12');
    await check('people-imported');
  });

  it('shows every error of a wrong file, by line, and imports nothing', async () => {
    await page.goto(`${server.baseUrl}/orgs/demo/people`);
    await chooseFile('email,unit\nnot-an-email,Sales\nzed@acme.test,Sales//Team 1');
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect.poll(() => page.getByTestId('row-errors').locator('tbody tr').count()).toBe(2);
    await check('people-errors');
    await page.goto(`${server.baseUrl}/orgs/demo/people`);
    expect(await page.getByTestId('people-count').textContent()).toBe('12');
  });

  it('schedules an invitation-only survey with invitations as it opens and two reminders', async () => {
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/new`);
    await page.getByLabel('Title').fill('Winter wave');
    await page.getByLabel('Invitation only', { exact: false }).check();
    await Promise.all([
      page.waitForURL(/\/surveys\/\d+$/),
      page.getByRole('button', { name: 'Create survey' }).click(),
    ]);
    await Promise.all([page.waitForURL(/\/mail$/), page.getByRole('link', { name: 'Schedule and email' }).click()]);
    await check('survey-mail');

    await page.getByLabel('Opens at (UTC, optional)').fill('2099-01-10T09:00');
    await page.getByLabel('Closes at (UTC, optional)').fill('2099-01-24T17:00');
    await page.getByLabel('Email the invitations as the survey opens').check();
    await page.getByLabel('Reminders (days before closing, optional)').fill('3,1');
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Save the schedule' }).click()]);
    expect(await page.getByTestId('reminders').textContent()).toContain('planned for 2099-01-21 17:00 UTC');
    await check('survey-mail-scheduled');
    expect(consoleErrors).toEqual([]);
  });

  it('shows the Outbox and the password-reset pages accessibly', async () => {
    await Promise.all([page.waitForURL(/\/outbox$/), page.getByRole('link', { name: 'Outbox' }).click()]);
    expect(await page.getByTestId('no-smtp').isVisible()).toBe(true);
    await check('outbox');
    await page.goto(`${server.baseUrl}/password-reset`);
    await check('password-reset');
    expect(consoleErrors).toEqual([]);
  });
});
