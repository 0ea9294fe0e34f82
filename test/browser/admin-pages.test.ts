/**
 * The editing, participation, trend and account pages in real Chromium, reached by clicking as a
 * person would from the demo survey: each has no serious or critical axe-core violation, no console
 * or CSP error, and fits a 360 px screen without the page scrolling sideways. Closing goes through
 * its confirmation page and archiving a team takes it off the respondent form, with no script.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertResponses } from '../../server/data/responses.js';
import { findSurveyById, insertSurvey } from '../../server/data/surveys.js';
import { listUnits } from '../../server/data/units.js';
import { DEMO_TEAMS, DEMO_WORKFLOWS } from '../../server/demo/demo-organization.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { instrumentItemIds, loadDefaultInstrument } from '../../server/instruments/load.js';
import { createUserService } from '../../server/services/users.js';
import { axeViolations, seriousViolations } from './axe.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { pageOverflow } from './layout.js';
import { startTestServer, type TestServer } from './server.js';
import { signInThroughForm } from './sign-in.js';

const chromiumPath = chromiumForTests('test/browser/admin-pages.test.ts');
const artifacts = join(process.cwd(), 'test-artifacts');
const PASSWORD = 'browser test password';

describe.skipIf(!chromiumPath)(
  'editing, participation, trend and account pages in Chromium',
  { timeout: 120_000 },
  () => {
    let server: TestServer;
    let browser: ChromiumSession;
    let page: Page;
    let wave2: number;
    const consoleErrors: string[] = [];

    beforeAll(async () => {
      mkdirSync(artifacts, { recursive: true });
      server = await startTestServer({
        reports: { bootstrap: { B: 50, seed: 1, level: 0.95 } },
        trend: { bootstrap: { B: 50, seed: 1, level: 0.95 } },
      });
      const users = createUserService({ db: server.db });
      await users.create({ email: 'admin@example.com', password: PASSWORD, role: 'admin' });
      await users.create({ email: 'consultant@example.com', password: PASSWORD, role: 'consultant' });
      // A second wave of the demo survey, so the Trend page has two waves to compare.
      const instrument = loadDefaultInstrument();
      const first = (await findSurveyById(server.db, server.demo.surveyId))!;
      wave2 = await insertSurvey(server.db, {
        organizationId: first.organizationId,
        instrumentId: first.instrumentId,
        title: 'Demo wave 2',
        status: 'open',
        workflows: DEMO_WORKFLOWS,
      });
      const teams = new Map((await listUnits(server.db, first.organizationId)).map((u) => [u.name, u.id]));
      const rows = generateResponses(instrument, { n: 240, units: DEMO_TEAMS, workflows: DEMO_WORKFLOWS, seed: 5 });
      await insertResponses(
        server.db,
        rows.map((r) => ({
          surveyId: wave2,
          unitId: teams.get(r.unit)!,
          workflow: r.workflow,
          roleLevel: r.roleLevel,
          submittedOn: '2026-12-01',
          answers: r.answers,
          comment: null,
        })),
        instrumentItemIds(instrument),
      );
      browser = await launchChromium(chromiumPath!);
      page = await browser.context.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
          consoleErrors.push(`${page.url()}: ${msg.text()}`);
      });
      page.on('pageerror', (err) => consoleErrors.push(`${page.url()}: ${err.message}`));
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /** No serious axe violation, and no sideways scrolling at 360 px; screenshots of both widths. */
    async function check(name: string): Promise<void> {
      const { list, report } = seriousViolations(await axeViolations(page));
      await page.screenshot({ path: join(artifacts, `admin-${name}.png`), fullPage: true });
      expect(list, `axe-core found serious or critical violations on ${name}:\n${report}`).toEqual([]);
      await page.setViewportSize({ width: 360, height: 800 });
      const { excess, offenders } = await pageOverflow(page);
      await page.screenshot({ path: join(artifacts, `admin-${name}-360.png`), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(offenders.join('\n'), `sticking out at 360 px on ${name}`).toBe('');
      expect(excess, `${name} scrolls sideways at 360 px`).toBe(0);
    }

    const click = (name: string | RegExp, url: RegExp) =>
      Promise.all([
        page.waitForURL(url),
        page
          .getByRole('link', { name, exact: typeof name === 'string' })
          .first()
          .click(),
      ]);

    it('signs in and opens the participation page of the demo survey from its page', async () => {
      await signInThroughForm(page, server.baseUrl, 'admin@example.com', PASSWORD);
      await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}`);
      await click('Participation', /\/participation$/);
      expect(await page.locator('[data-testid="participation-table"] tbody tr').count()).toBeGreaterThan(12);
      await check('participation');
    });

    it('compares the two demo waves on the Trend page, choosing them in the form', async () => {
      await page.goto(`${server.baseUrl}/orgs/demo/surveys/${wave2}`);
      await click('Trend', /\/trend$/);
      expect(await page.locator('[data-testid="trend-waves"]').textContent()).toContain('to Demo wave 2');
      await page.getByLabel('From').selectOption(String(server.demo.surveyId));
      await Promise.all([
        page.waitForURL(/\/trend\?from=\d+&to=\d+$/),
        page.getByRole('button', { name: 'Compare' }).click(),
      ]);
      expect(await page.locator('[data-testid="trend-overall"] tbody tr').count()).toBeGreaterThan(5);
      await check('trend');
    });

    it('edits the second wave, closes it through its confirmation page, and shows the delete page', async () => {
      await page.goto(`${server.baseUrl}/orgs/demo/surveys/${wave2}`);
      await click('Edit', /\/edit$/);
      await check('survey-edit');
      await page.getByLabel('Title').fill('Demo wave 2 (December)');
      await Promise.all([
        page.waitForURL(/\/surveys\/\d+$/),
        page.getByRole('button', { name: 'Save changes' }).click(),
      ]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Demo wave 2 (December)');

      await click('Close survey', /\/close$/);
      await check('survey-close');
      await Promise.all([
        page.waitForURL(/\/surveys\/\d+$/),
        page.getByRole('button', { name: 'Close the survey' }).click(),
      ]);
      expect(await page.locator('.status').first().textContent()).toBe('closed');
      expect(await page.locator('[data-testid="closed-no-links"]').isVisible()).toBe(true);

      await click('Delete', /\/delete$/);
      await check('survey-delete');
    });

    it('renames the organization page and archives a team from its unit page', async () => {
      await page.goto(`${server.baseUrl}/orgs/demo`);
      await click(/^Rename/, /\/edit$/);
      await check('org-edit');
      await page.goto(`${server.baseUrl}/orgs/demo`);
      await click('Customer Operations / Support Tier 1', /\/units\/\d+$/);
      await check('unit');
      await Promise.all([
        page.waitForURL(/\/orgs\/demo#units$/),
        page.getByRole('button', { name: /^Archive/ }).click(),
      ]);
      expect(await page.locator('th', { hasText: 'Support Tier 1' }).locator('.tag').textContent()).toBe('archived');
      const form = await (await fetch(`${server.baseUrl}/s/demo`)).text();
      expect(form).not.toContain('>Support Tier 1</option>');
      expect(form).toContain('>Support Tier 2</option>');
    });

    it('shows the accounts page with deactivation, and deactivates an account', async () => {
      await page.goto(`${server.baseUrl}/users`);
      await check('users');
      await page.getByRole('button', { name: 'Deactivate consultant@example.com' }).click();
      await expect.poll(() => page.locator('[data-testid="account-event"]').count()).toBe(1);
      await check('users-after');
      expect(consoleErrors).toEqual([]);
    });
  },
);
