/**
 * The demo survey in real Chromium: fill every item by keyboard and by clicking labels, pick team, role and
 * workflow, submit, see the thank-you page and one more stored response; axe-core finds no serious or
 * critical violation; the form fits a 360 px wide screen. Screenshots go to test-artifacts/ (gitignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listResponses } from '../../server/data/responses.js';
import { listUnits } from '../../server/data/units.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { axeViolations, seriousViolations } from './axe.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { startTestServer, type TestServer } from './server.js';

const chromiumPath = chromiumForTests('test/browser/survey.test.ts');
const artifacts = join(process.cwd(), 'test-artifacts');
const instrument = loadDefaultInstrument();
const items = instrument.scales.flatMap((s) => s.items);

interface InPageElement {
  readonly tagName: string;
  readonly id: string;
  readonly className: unknown;
  getBoundingClientRect(): { right: number };
}
interface InPageDocument {
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  querySelectorAll(selector: string): ArrayLike<InPageElement>;
}

// axe-core on a page of ~40 questions takes several seconds on a loaded 2-core machine.
describe.skipIf(!chromiumPath)('the demo survey in Chromium', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: ChromiumSession;
  const cspErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer();
    browser = await launchChromium(chromiumPath!);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openSurvey(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize(viewport);
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) cspErrors.push(msg.text());
    });
    const response = await page.goto(`${server.baseUrl}/s/demo`);
    expect(response?.status()).toBe(200);
    return page;
  }

  it('has no serious or critical accessibility violation on the survey page', async () => {
    const page = await openSurvey();
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.screenshot({ path: join(artifacts, 'survey-form.png'), fullPage: true });
    await page.close();
    expect(list, `axe-core found serious or critical violations on /s/demo:\n${report}`).toEqual([]);
  });

  it('shows an empty submission again with errors, stores nothing, and the error page is accessible too', async () => {
    const page = await openSurvey();
    const before = (await listResponses(server.db, server.demo.surveyId)).length;

    await page.getByRole('button', { name: 'Submit my answers' }).click();
    await page.waitForLoadState('load');

    await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true);
    expect(await page.locator('.field-error').count()).toBeGreaterThanOrEqual(items.length);
    expect((await listResponses(server.db, server.demo.surveyId)).length).toBe(before);
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.screenshot({ path: join(artifacts, 'survey-errors.png'), fullPage: true });
    await page.close();
    expect(list, `axe-core found serious or critical violations on the error page:\n${report}`).toEqual([]);
  });

  it('accepts a complete answer given by keyboard and mouse, shows the thank-you page and stores one more response', async () => {
    const page = await openSurvey();
    const before = (await listResponses(server.db, server.demo.surveyId)).length;
    const chosen: Record<string, number> = {};

    for (const [i, item] of items.entries()) {
      const value = 1 + ((i * 3) % instrument.likert.max);
      chosen[item.id] = value;
      if (i % 2 === 0) {
        // Keyboard: focus the first option of the group; Space selects it, each ArrowRight moves and selects.
        await page.focus(`#${item.id}-1`);
        if (value === 1) await page.keyboard.press('Space');
        for (let k = 1; k < value; k++) await page.keyboard.press('ArrowRight');
      } else {
        await page.click(`label[for="${item.id}-${value}"]`);
      }
      expect(await page.isChecked(`#${item.id}-${value}`), `item ${item.id} should have ${value} checked`).toBe(true);
    }
    await page.selectOption('#unit', { label: 'Accounting' });
    await page.getByLabel(instrument.roleLevels[1], { exact: true }).check();
    await page.selectOption('#workflow', { label: 'Financial reporting' });
    await page.fill('#comment', 'Finance data still lives in three systems.');
    await expect
      .poll(() => page.locator('[data-answered-text]').textContent())
      .toContain(`${items.length} of ${items.length}`);

    await Promise.all([
      page.waitForURL(/\/s\/demo\/thanks\?lang=en$/),
      page.getByRole('button', { name: 'Submit my answers' }).click(),
    ]);

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you');
    await page.screenshot({ path: join(artifacts, 'survey-thanks.png'), fullPage: true });
    const responses = await listResponses(server.db, server.demo.surveyId);
    expect(responses.length).toBe(before + 1);
    const stored = responses[responses.length - 1];
    const accounting = (await listUnits(server.db, server.demo.organizationId)).find((u) => u.name === 'Accounting');
    expect(stored).toMatchObject({
      unitId: accounting?.id,
      workflow: 'Financial reporting',
      roleLevel: instrument.roleLevels[1],
    });
    expect(stored.answers).toEqual(chosen);

    // One response per browser: the form now says this browser has answered.
    const again = await page.goto(`${server.baseUrl}/s/demo`);
    expect(again?.status()).toBe(409);
    expect(await page.textContent('body')).toContain('This browser has already been used to answer this survey');
    await page.close();
    // The other tests play other respondents.
    await browser.context.clearCookies();
  });

  it('keeps the first load time with the draft, so a reloaded form still carries it', async () => {
    const page = await openSurvey();
    const started = await page.inputValue('[data-form-started]');
    expect(started).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    await page.click(`label[for="${items[0].id}-2"]`);
    await page.click(`label[for="${items[1].id}-4"]`);
    // Wait a moment so a fresh stamp from the server would differ from the first one.
    await page.waitForTimeout(20);
    await page.reload();
    expect(await page.isChecked(`#${items[1].id}-4`)).toBe(true);
    expect(await page.inputValue('[data-form-started]')).toBe(started);
    await page.evaluate(() => (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear());
    await page.close();
  });

  it('fits a 360 px wide screen without horizontal scrolling', async () => {
    const page = await openSurvey({ width: 360, height: 780 });
    // The project compiles without the DOM library, so the in-page code names the little it uses.
    const widths = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: InPageDocument }).document;
      const client = doc.documentElement.clientWidth;
      const overflowing = Array.from(doc.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > client + 1)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${String(el.className)}`);
      return { scroll: doc.documentElement.scrollWidth, client, overflowing };
    });
    await page.screenshot({ path: join(artifacts, 'survey-360px.png'), fullPage: true });
    await page.close();
    expect(widths.scroll, `elements wider than the screen: ${widths.overflowing.join(', ')}`).toBeLessThanOrEqual(
      widths.client,
    );
  });

  it('runs without Content-Security-Policy violations', () => {
    expect(cspErrors).toEqual([]);
  });
});
