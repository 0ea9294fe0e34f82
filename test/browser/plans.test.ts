/**
 * The action loop clicked through in Chromium on the demo (issue 15): after wave 1, start a plan for
 * the recommended workflow and lever from the priorities page, with an owner, the three answers, a
 * business metric and three values; a second wave with the workflow's lever and outcome improved
 * closes; the plan page shows an effect whose interval excludes 0; marked done, the priorities page
 * proposes the next workflow, and the printed overview lists the plan. The plan page has no serious
 * axe-core violation and fits 360 px.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markSurveyClosed } from '../../server/data/surveys.js';
import { DEMO_BOTTLENECK } from '../../server/demo/demo-organization.js';
import { createUserService } from '../../server/services/users.js';
import { seedWaveTwo } from '../fixtures/demo-waves.js';
import { axeViolations, seriousViolations } from './axe.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { pageOverflow } from './layout.js';
import { startTestServer, type TestServer } from './server.js';

const chromiumPath = chromiumForTests('test/browser/plans.test.ts');
const artifacts = join(process.cwd(), 'test-artifacts');
const PASSWORD = 'browser test password';

describe.skipIf(!chromiumPath)('the action loop in Chromium', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: ChromiumSession;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer();
    await markSurveyClosed(server.db, server.demo.organizationId, server.demo.surveyId, new Date());
    await createUserService({ db: server.db }).create({
      email: 'owner@example.com',
      password: PASSWORD,
      role: 'analyst',
      organizationId: server.demo.organizationId,
    });
    browser = await launchChromium(chromiumPath!);
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('starts a plan from the priorities page, measures it after wave 2 and proposes the next workflow', async () => {
    await page.goto(`${server.baseUrl}/signin`);
    await page.getByLabel('Email').fill('owner@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/orgs$/);

    const priorities = `${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report/priorities`;
    await page.goto(priorities);
    await page.getByTestId('start-plan').click();
    expect(await page.locator('#f-workflow').inputValue()).toBe(DEMO_BOTTLENECK.workflow);
    expect(await page.locator(`input[name="levers"][value="${DEMO_BOTTLENECK.lever}"]`).isChecked()).toBe(true);
    await page.getByLabel('Owner').selectOption({ label: 'owner@example.com' });
    await page.getByLabel('Target date (optional)').fill('2027-02-15');
    await page.locator('#f-decisionRights').fill('The controller approves AI-drafted reconciliations.');
    await page.locator('#f-dataAccess').fill('The assistant reads the ledger and the bank feeds.');
    await page.locator('#f-measurement').fill('Days to close the month, from the close calendar.');
    await page.getByLabel('Name').fill('Days to close');
    await page.getByLabel('Unit').fill('days');
    await page.getByLabel('Better when it goes').selectOption('down');
    await page.getByLabel('Baseline').fill('9');
    await page.getByRole('button', { name: 'Start the plan' }).click();
    await page.waitForURL(/\/orgs\/demo\/plans\/\d+$/);
    const planUrl = page.url();

    for (const [period, value] of [
      ['2026-12', '8.5'],
      ['2027-01', '7'],
      ['2027-02', '6'],
    ]) {
      await page.getByLabel('Period', { exact: true }).fill(period);
      await page.getByLabel('Value', { exact: true }).fill(value);
      await page.getByRole('button', { name: 'Save values' }).click();
      await page.waitForURL(/#metric$/);
    }
    expect(await page.getByTestId('metric-values').locator('tbody tr').count()).toBe(3);
    expect(await page.getByTestId('effect-summary').textContent()).toContain('Not measured yet');

    await seedWaveTwo(server.db, server.demo, {
      seed: 77,
      now: new Date(),
      plant: { workflow: DEMO_BOTTLENECK.workflow, scales: ['data_access', 'ai_performance'] },
    });
    await page.goto(planUrl);
    expect(await page.getByTestId('effect-summary').textContent()).toMatch(
      /more than in the other workflows \(95% interval [\d.]+ to [\d.]+, above 0\)/,
    );
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.screenshot({ path: join(artifacts, 'plan-measured.png'), fullPage: true });
    expect(list, `axe-core found serious or critical violations on the plan page:\n${report}`).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });
    const overflow = await pageOverflow(page);
    await page.screenshot({ path: join(artifacts, 'plan-measured-360.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(overflow.offenders, 'the plan page scrolls sideways at 360 px').toEqual([]);
    expect(overflow.excess).toBeLessThanOrEqual(0);

    await page.getByLabel('Status', { exact: true }).selectOption('done');
    await page.getByLabel('Note', { exact: true }).fill('Live since January.');
    await page.getByRole('button', { name: 'Save status and note' }).click();
    await page.waitForURL(/#notes$/);
    expect(await page.getByTestId('plan-status').textContent()).toBe('done');

    await page.goto(priorities);
    const next = await page.getByTestId('next-workflow').textContent();
    expect(next).toMatch(/^Next workflow: /);
    expect(next).not.toContain(`Next workflow: ${DEMO_BOTTLENECK.workflow}`);

    // The printed overview (the executive PDF) carries the plans section.
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${server.demo.surveyId}/report`);
    await page.emulateMedia({ media: 'print' });
    const plans = page.getByTestId('report-plans');
    expect(await plans.isVisible()).toBe(true);
    expect(await page.getByTestId('report-plan-status').textContent()).toMatch(
      /^done; latest note .*Live since January\.$/,
    );
    expect(await page.getByTestId('report-plan-metric').isVisible()).toBe(true);
    expect(await page.getByTestId('report-plan-effect').textContent()).toMatch(/above 0\)/);
    await page.emulateMedia({ media: 'screen' });
  });
});
