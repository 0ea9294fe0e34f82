/**
 * Shaping an instrument in real Chromium, as a new user would, with no script: copy the default, add
 * two questions of one's own, offer "Does not apply" on one item, translate every text into French,
 * publish, and create a survey on it. The list, the editor (also with a refused save) and the
 * translation editor have no serious or critical axe-core violation and fit a 360 px screen.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserService } from '../../server/services/users.js';
import { axeViolations, seriousViolations } from './axe.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { pageOverflow } from './layout.js';
import { startTestServer, type TestServer } from './server.js';
import { signInThroughForm } from './sign-in.js';

const chromiumPath = chromiumForTests('test/browser/instruments.test.ts');
const artifacts = join(process.cwd(), 'test-artifacts');
const PASSWORD = 'browser test password';

describe.skipIf(!chromiumPath)('shaping an instrument in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: ChromiumSession;
  let page: Page;
  let editPath = '';

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer({ reports: { bootstrap: { B: 0, seed: 1, level: 0.95 } } });
    await createUserService({ db: server.db }).create({
      email: 'admin@example.com',
      password: PASSWORD,
      role: 'admin',
    });
    browser = await launchChromium(chromiumPath!);
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function noSeriousViolations(name: string) {
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.screenshot({ path: join(artifacts, `instruments-${name}.png`), fullPage: true });
    expect(list, `axe-core found serious or critical violations on ${name}:\n${report}`).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });
    const { excess, offenders } = await pageOverflow(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(offenders.join('\n'), `sticking out at 360 px on ${name}`).toBe('');
    expect(excess, `${name} scrolls sideways at 360 px`).toBe(0);
  }
  const field = (name: string) => page.locator(`[id="f-${name}"]`);
  const submit = (name: string, url: RegExp) =>
    Promise.all([page.waitForURL(url), page.getByRole('button', { name }).click()]);

  it('copies the default instrument into a draft from the list', async () => {
    await signInThroughForm(page, server.baseUrl, 'admin@example.com', PASSWORD);
    await Promise.all([page.waitForURL(/\/instruments$/), page.getByRole('link', { name: 'Instruments' }).click()]);
    await noSeriousViolations('list');
    await page.getByLabel('Key of the new instrument').fill('demo-model');
    await submit('Copy into a draft', /\/instruments\/\d+\/edit$/);
    editPath = new URL(page.url()).pathname;
    await noSeriousViolations('editor');
  });

  it('keeps what was typed when a save is refused, then adds two questions and N/A on one item', async () => {
    await field('scales[0].newItem.text').fill('Our team decides which AI tools it uses.');
    await field('scales[0].newItem.id').fill('dr1');
    await submit('Save draft', new RegExp(`${editPath}$`));
    expect(await page.getByRole('alert').textContent()).toContain('duplicate id');
    await noSeriousViolations('editor-refused');
    // The refused item is now a row of the scale, with its text kept.
    await field('scales[0].items[4].id').fill('own1');
    await field('scales[0].items[4].notApplicable').check();
    await field('scales[1].newItem.text').fill('Handovers between people and AI agents are clear.');
    await field('scales[1].newItem.id').fill('own2');
    await field('scales[3].items[0].notApplicable').check();
    await submit('Save draft', /\/edit\?saved=1$/);
    expect(await field('scales[0].items[4].text').inputValue()).toBe('Our team decides which AI tools it uses.');
    expect(await field('scales[1].items[4].id').inputValue()).toBe('own2');
    expect(await field('scales[3].items[0].notApplicable').isChecked()).toBe(true);
  });

  it('translates every text into French, the new questions included (and completes any translation the change left pending)', async () => {
    const id = editPath.split('/')[2];
    // A translated default (once shipped) leaves its translations pending after the two new questions.
    const pending = await page.locator('.notice--warning a').allTextContents();
    for (const tag of new Set(['fr', ...pending])) {
      await page.goto(`${server.baseUrl}/instruments/${id}/translations`);
      await page.getByLabel('Language tag').fill(tag);
      await submit('Show the texts', new RegExp(`tag=${tag}$`));
      await noSeriousViolations(`translations-${tag}`);
      const inputs = page.locator(`form[method="post"][action="/instruments/${id}/translations"] input[type="text"]`);
      const count = await inputs.count();
      expect(count).toBeGreaterThan(40);
      for (let k = 0; k < count; k++)
        if ((await inputs.nth(k).inputValue()) === '') await inputs.nth(k).fill(`${tag} ${k}`);
      if (tag === 'fr') {
        await field('items.own1').fill('Notre équipe choisit ses outils d’IA.');
        await field('items.own2').fill('Les passages de relais entre personnes et agents d’IA sont clairs.');
      }
      await submit(`Save the ${tag} translation`, /saved=1$/);
    }
    expect(await field('items.own2').inputValue()).not.toBe('');
    await page.goto(`${server.baseUrl}/instruments/${id}/translations?tag=fr`);
    expect(await field('items.own2').inputValue()).toBe(
      'Les passages de relais entre personnes et agents d’IA sont clairs.',
    );
  });

  it('publishes the draft and creates a survey on it', async () => {
    const id = editPath.split('/')[2];
    await page.goto(`${server.baseUrl}/instruments/${id}`);
    await submit('Publish', new RegExp(`/instruments/${id}$`));
    expect(await page.locator('dl.facts').textContent()).toContain('Published');
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/new`);
    const options = await page.locator('#f-instrumentId option').allTextContents();
    expect(options[0]).toContain('ai-operating-model');
    const value = await page.locator('#f-instrumentId option', { hasText: 'demo-model v1' }).getAttribute('value');
    await page.getByLabel('Instrument').selectOption(value!);
    await page.getByLabel('Title', { exact: true }).fill('Custom wave');
    await submit('Create survey', /\/surveys\/\d+$/);
    const surveyId = Number(page.url().split('/').pop());
    const row = await server.db('surveys').where({ id: surveyId }).first('instrument_id');
    expect(Number(row.instrument_id)).toBe(Number(id));
  });
});
