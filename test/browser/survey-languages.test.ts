/**
 * The respondent form in German, French and a right-to-left test language, in real Chromium: one
 * respondent answers the demo survey in German (chosen with the language picker's links), another a
 * shaped survey in French (from Accept-Language) with "Does not apply", a skipped optional item and
 * demographic questions; axe-core finds no serious or critical violation in en, de and fr; the
 * right-to-left form (dir=rtl) fits a 360 px screen. Screenshots go to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listResponses } from '../../server/data/responses.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { LOCATION, shapedInstrument, TENURE } from '../fixtures/shaped-instrument.js';
import { seedSurvey } from '../helpers/survey-fixture.js';
import { axeViolations, seriousViolations } from './axe.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { pageOverflow } from './layout.js';
import { startTestServer, type TestServer } from './server.js';

const chromiumPath = chromiumForTests('test/browser/survey-languages.test.ts');
const artifacts = join(process.cwd(), 'test-artifacts');
const instrument = loadDefaultInstrument();
const items = instrument.scales.flatMap((s) => s.items);
const shaped = shapedInstrument();

describe.skipIf(!chromiumPath)('the survey in several languages in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: ChromiumSession;
  let shapedSurvey: { code: string; surveyId: number };

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer();
    browser = await launchChromium(chromiumPath!);
    shapedSurvey = await seedSurvey(server.db, { code: 'shaped' }, shaped);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string, viewport = { width: 1280, height: 900 }, headers: Record<string, string> = {}) {
    const page = await browser.context.newPage();
    await page.setViewportSize(viewport);
    await page.setExtraHTTPHeaders(headers);
    const response = await page.goto(`${server.baseUrl}${path}`);
    expect(response?.status()).toBe(200);
    return page;
  }

  const htmlLang = (page: Page) => page.getAttribute('html', 'lang');

  /** Answers every item of `ids` by clicking the label of `value(i)`. */
  async function answer(page: Page, ids: readonly string[], value: (i: number) => number) {
    for (const [i, id] of ids.entries()) await page.click(`label[for="${id}-${value(i)}"]`);
  }

  it('a respondent picks German with the language links, answers, and is stored as de', async () => {
    const page = await open('/s/demo');
    expect(await htmlLang(page)).toBe('en');
    await Promise.all([page.waitForURL(/lang=de/), page.getByRole('link', { name: 'Deutsch' }).click()]);
    expect(await htmlLang(page)).toBe('de');
    await expect
      .poll(() => page.locator(`#q-dr2 legend`).textContent())
      .toContain(instrument.translations!.de.items.dr2);

    const before = (await listResponses(server.db, server.demo.surveyId)).length;
    await answer(
      page,
      items.map((item) => item.id),
      (i) => 1 + ((i * 2) % 5),
    );
    await page.selectOption('#unit', { label: 'Accounting' });
    await page.getByLabel('Teamleitung', { exact: true }).check();
    await page.selectOption('#workflow', { label: 'Financial reporting' });
    await expect
      .poll(() => page.locator('[data-answered-text]').textContent())
      .toBe(`${items.length} von ${items.length}`);
    await Promise.all([
      page.waitForURL(/\/s\/demo\/thanks\?lang=de$/),
      page.getByRole('button', { name: 'Antworten absenden' }).click(),
    ]);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Vielen Dank');
    await page.screenshot({ path: join(artifacts, 'survey-de-thanks.png'), fullPage: true });
    const responses = await listResponses(server.db, server.demo.surveyId);
    expect(responses).toHaveLength(before + 1);
    expect(responses.at(-1)).toMatchObject({ language: 'de', roleLevel: 'Team lead', workflow: 'Financial reporting' });
    await page.close();
    await browser.context.clearCookies();
  });

  it('another respondent answers in French (Accept-Language) with N/A, a skipped optional item and demographics', async () => {
    const page = await open('/s/shaped', undefined, { 'Accept-Language': 'fr-FR,fr;q=0.9' });
    expect(await htmlLang(page)).toBe('fr');
    const ids = shaped.scales.flatMap((s) => s.items.map((i) => i.id)).filter((id) => id !== 'dr1' && id !== 'pf3');
    await answer(page, ids, (i) => 1 + ((i * 3) % 5));
    await page.getByLabel("Ne s'applique pas").check();
    await page.getByLabel('3 à 10 ans').check();
    await page.selectOption(`#${LOCATION}`, { label: 'À distance' });
    await page.selectOption('#unit', { label: 'Billing' });
    await page.getByLabel('Manager', { exact: true }).check();
    await Promise.all([
      page.waitForURL(/\/s\/shaped\/thanks\?lang=fr$/),
      page.getByRole('button', { name: 'Envoyer mes réponses' }).click(),
    ]);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Merci');
    const [stored] = await listResponses(server.db, shapedSurvey.surveyId);
    expect(stored.language).toBe('fr');
    expect(stored.answers.dr1).toBe(0);
    expect('pf3' in stored.answers).toBe(false);
    expect(stored.demographics).toEqual({ [TENURE]: '3–10 years', [LOCATION]: 'Remote' });
    await page.close();
    await browser.context.clearCookies();
  });

  it.each(['en', 'de', 'fr'])('has no serious or critical accessibility violation on the form in %s', async (lang) => {
    const page = await open(`/s/demo?lang=${lang}`);
    expect(await htmlLang(page)).toBe(lang);
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.screenshot({ path: join(artifacts, `survey-form-${lang}.png`), fullPage: true });
    await page.screenshot({ path: join(artifacts, `survey-form-${lang}-top.png`) });
    await page.close();
    expect(list, `axe-core found serious or critical violations on /s/demo?lang=${lang}:\n${report}`).toEqual([]);
  });

  it('has no serious or critical accessibility violation on a form with N/A and demographic questions', async () => {
    const page = await open('/s/shaped?lang=fr');
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.close();
    expect(list, report).toEqual([]);
  });

  it('lays a right-to-left translation out right to left, within a 360 px screen', async () => {
    const page = await open('/s/shaped?lang=ar', { width: 360, height: 780 });
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.evaluate('getComputedStyle(document.querySelector(".survey")).direction')).toBe('rtl');
    const overflow = await pageOverflow(page);
    // Right to left, what overflows goes out on the left.
    const leftOut = (await page.evaluate(
      `Array.from(document.body.querySelectorAll('*')).filter(function (el) { var r = el.getBoundingClientRect(); return r.width > 0 && r.left < -1; }).length`,
    )) as number;
    await page.screenshot({ path: join(artifacts, 'survey-rtl-360px.png'), fullPage: true });
    await page.screenshot({ path: join(artifacts, 'survey-rtl-360px-top.png') });
    await page.close();
    expect(overflow.excess, overflow.offenders.join(', ')).toBeLessThanOrEqual(0);
    expect(overflow.offenders).toEqual([]);
    expect(leftOut).toBe(0);
  });
});
