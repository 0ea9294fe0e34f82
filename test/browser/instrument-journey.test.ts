/**
 * Issue 13's "Done when" as one journey a new user takes, in real Chromium, so the pieces are tested
 * together rather than each on its own fixture: an admin copies the default instrument, adds two
 * questions of their own (to an organizational and an individual scale), offers "Does not apply" on
 * one item, completes every translation the page asks for (the default ships de and fr, both left
 * pending by the new questions), publishes, and opens a survey on it with threshold 3. Respondents
 * answer the real form in English and in French (picked with the language links; axe-clean in both),
 * two of them "Does not apply"; a few more responses come in through the response service. The report
 * is read only once all are in, so its first release holds them all. The admin then cuts it by role
 * level and by language, small groups hidden, and exports the item CSV; the stored rows carry their
 * language and N/A as 0.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_APPLICABLE } from '../../server/data/answer-columns.js';
import { listResponses } from '../../server/data/responses.js';
import { createFormTiming } from '../../server/services/form-timing.js';
import { createResponseService } from '../../server/services/responses.js';
import { createSurveyLookup } from '../../server/services/survey-lookup.js';
import { createUserService } from '../../server/services/users.js';
import { axeViolations, seriousViolations } from './axe.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { startTestServer, type TestServer } from './server.js';
import { signInThroughForm } from './sign-in.js';

const chromiumPath = chromiumForTests('test/browser/instrument-journey.test.ts');
const artifacts = join(process.cwd(), 'test-artifacts');
const PASSWORD = 'browser test password';
const K = 3;
const OWN = {
  own1: { scale: 0, en: 'Our team decides which AI tools it uses.', fr: 'Notre équipe choisit ses outils d’IA.' },
  own2: {
    scale: 5,
    en: 'I can tell when an AI answer needs checking.',
    fr: 'Je sais quand une réponse de l’IA doit être vérifiée.',
  },
} as const;
/** The item offered "Does not apply" (the first of the measurement scale, scales[3]). */
const NA_ITEM = 'me1';

/** One respondent in the browser: language, team, role level as labelled in that language, and whether they tick N/A. */
const BROWSER_RESPONDENTS = [
  { lang: 'en', team: 'Accounting', role: 'Individual contributor', na: true },
  { lang: 'en', team: 'Accounting', role: 'Individual contributor', na: false },
  { lang: 'en', team: 'Accounting', role: 'Team lead', na: false },
  { lang: 'fr', team: 'Platform', role: "Sans fonction d'encadrement", na: false },
  { lang: 'fr', team: 'Platform', role: "Responsable d'équipe", na: true },
  { lang: 'fr', team: 'Platform', role: "Responsable d'équipe", na: false },
] as const;
/**
 * Added through the response service, in English, so that per team each role level has 0 or ≥ K
 * responses except one lone manager in Accounting: Accounting 5 individual contributors, 4 team leads,
 * 1 manager; Platform 4 and 3. Everyone: 9, 7, 1, 0 (17 responses: 14 in English, 3 in French).
 */
const SERVICE_RESPONDENTS: readonly { team: string; role: string; count: number }[] = [
  { team: 'Accounting', role: 'Individual contributor', count: 3 },
  { team: 'Accounting', role: 'Team lead', count: 3 },
  { team: 'Accounting', role: 'Manager', count: 1 },
  { team: 'Platform', role: 'Individual contributor', count: 3 },
  { team: 'Platform', role: 'Team lead', count: 1 },
];

describe.skipIf(!chromiumPath)('issue 13 as a new user takes it, in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: ChromiumSession;
  let page: Page;
  // The services' clock runs ahead of real time by `ahead`: a respondent "takes" ten minutes over the
  // form, so a quick test is not flagged as an over-fast response (analysis/scales/quality-flags.ts).
  let ahead = 0;
  const clock = () => new Date(Date.now() + ahead);
  let instrumentId = '';
  let surveyId = 0;
  let code = '';

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer({ clock, reports: { bootstrap: { B: 0, seed: 1, level: 0.95 } } });
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

  const field = (p: Page, name: string) => p.locator(`[id="f-${name}"]`);
  const submit = (name: string, url: RegExp) =>
    Promise.all([page.waitForURL(url), page.getByRole('button', { name }).click()]);

  it('copies the default, adds two questions and "Does not apply", translates what is pending, publishes and opens a survey', async () => {
    await signInThroughForm(page, server.baseUrl, 'admin@example.com', PASSWORD);
    await Promise.all([page.waitForURL(/\/instruments$/), page.getByRole('link', { name: 'Instruments' }).click()]);
    await page.getByLabel('Key of the new instrument').fill('journey-model');
    await submit('Copy into a draft', /\/instruments\/\d+\/edit$/);
    instrumentId = new URL(page.url()).pathname.split('/')[2];

    for (const [id, own] of Object.entries(OWN)) {
      await field(page, `scales[${own.scale}].newItem.text`).fill(own.en);
      await field(page, `scales[${own.scale}].newItem.id`).fill(id);
    }
    await field(page, 'scales[3].items[0].notApplicable').check();
    await submit('Save draft', /\/edit\?saved=1$/);
    expect(await field(page, 'scales[0].items[4].id').inputValue()).toBe('own1');
    expect(await field(page, 'scales[5].items[4].id').inputValue()).toBe('own2');
    expect(await field(page, 'scales[3].items[0].id').inputValue()).toBe(NA_ITEM);

    // The default ships de and fr: the two new questions leave both pending. Complete each, French in words.
    const pending = await page.locator('.notice--warning a').allTextContents();
    expect(pending.length).toBeGreaterThan(0);
    for (const tag of new Set(['fr', ...pending.map((p) => p.trim())])) {
      await page.goto(`${server.baseUrl}/instruments/${instrumentId}/translations?tag=${tag}`);
      expect(await field(page, 'items.own1').inputValue()).toBe('');
      if (tag === 'fr') for (const [id, own] of Object.entries(OWN)) await field(page, `items.${id}`).fill(own.fr);
      const inputs = page.locator(
        `form[method="post"][action="/instruments/${instrumentId}/translations"] input[type="text"]`,
      );
      for (let k = 0, n = await inputs.count(); k < n; k++)
        if ((await inputs.nth(k).inputValue()) === '') await inputs.nth(k).fill(`${tag} text ${k}`);
      await submit(`Save the ${tag} translation`, /saved=1$/);
    }
    await page.goto(`${server.baseUrl}/instruments/${instrumentId}/edit`);
    expect(await page.locator('.notice--warning').count(), 'no translation left pending').toBe(0);

    await page.goto(`${server.baseUrl}/instruments/${instrumentId}`);
    await submit('Publish', new RegExp(`/instruments/${instrumentId}$`));
    expect(await page.locator('dl.facts').textContent()).toContain('Published');

    await page.goto(`${server.baseUrl}/orgs/demo/surveys/new`);
    const value = await page.locator('#f-instrumentId option', { hasText: 'journey-model v1' }).getAttribute('value');
    await page.getByLabel('Instrument').selectOption(value!);
    await page.getByLabel('Title', { exact: true }).fill('Journey wave');
    await page.getByLabel('Anonymity threshold').fill(String(K));
    await submit('Create survey', /\/surveys\/\d+$/);
    surveyId = Number(page.url().split('/').pop());
    await submit('Open survey', new RegExp(`/surveys/${surveyId}$`));
    expect(await page.locator('.status').textContent()).toBe('open');
    code = new URL((await page.locator('code.link-text').textContent())!.trim()).pathname.split('/').pop()!;
    const survey = await server.db('surveys').where({ id: surveyId }).first('instrument_id', 'anonymity_threshold');
    expect(Number(survey.instrument_id)).toBe(Number(instrumentId));
    expect(Number(survey.anonymity_threshold)).toBe(K);
  });

  it('respondents answer the real form in English and in French, the new questions translated, one "Does not apply" in each language', async () => {
    for (const [n, r] of BROWSER_RESPONDENTS.entries()) {
      const form = await browser.context.newPage();
      await form.setViewportSize({ width: 1280, height: 900 });
      expect((await form.goto(`${server.baseUrl}/s/${code}`))?.status()).toBe(200);
      expect(await form.getAttribute('html', 'lang')).toBe('en');
      if (r.lang === 'fr')
        await Promise.all([form.waitForURL(/lang=fr/), form.getByRole('link', { name: 'Français' }).click()]);
      expect(await form.getAttribute('html', 'lang')).toBe(r.lang);
      for (const [id, own] of Object.entries(OWN))
        expect(await form.locator(`#q-${id} legend`).textContent()).toContain(own[r.lang]);
      if (n === 0 || n === 3) {
        const { list, report } = seriousViolations(await axeViolations(form));
        await form.screenshot({ path: join(artifacts, `journey-form-${r.lang}.png`), fullPage: true });
        expect(list, `axe-core on the ${r.lang} form:\n${report}`).toEqual([]);
      }
      const ids = (
        await form
          .locator('fieldset.question[id^="q-"] input[type="radio"][value="1"]')
          .evaluateAll((els) => els.map((el) => el.getAttribute('name')))
      ).map(String);
      expect(ids).toContain('own1');
      expect(ids).toContain('own2');
      for (const [i, id] of ids.entries()) {
        const pick = r.na && id === NA_ITEM ? 'na' : String(1 + ((i * 2 + n) % 5));
        await form.click(`label[for="${id}-${pick}"]`);
      }
      await form.selectOption('#unit', { label: r.team });
      await form.getByLabel(r.role, { exact: true }).check();
      ahead += 10 * 60_000;
      await Promise.all([
        form.waitForURL(new RegExp(`/s/${code}/thanks`)),
        form.getByRole('button', { name: r.lang === 'fr' ? 'Envoyer mes réponses' : 'Submit my answers' }).click(),
      ]);
      await form.close();
      await browser.context.clearCookies();
      // The admin's session goes with the cookies: sign in again at the end.
    }
    const stored = await listResponses(server.db, surveyId);
    expect(stored.map((s) => s.language)).toEqual(BROWSER_RESPONDENTS.map((r) => r.lang));
    expect(stored.map((s) => s.answers[NA_ITEM] === NOT_APPLICABLE)).toEqual(BROWSER_RESPONDENTS.map((r) => r.na));
    expect(stored.map((s) => s.roleLevel)).toEqual([
      'Individual contributor',
      'Individual contributor',
      'Team lead',
      'Individual contributor',
      'Team lead',
      'Team lead',
    ]);
    expect(stored.every((s) => typeof s.answers.own1 === 'number' && typeof s.answers.own2 === 'number')).toBe(true);
    expect(await flags(server, surveyId)).toEqual(stored.map(() => null));
  });

  /** One response through the response service (as the form would post it), answers varied by `seed`. */
  async function submitThroughService(team: string, role: string, language: string, seed: number) {
    const context = await createSurveyLookup({ db: server.db, clock }).open(code, undefined);
    const service = createResponseService({
      db: server.db,
      clock,
      formTiming: createFormTiming({ secret: 'j', clock }),
    });
    const unit = await server
      .db('units')
      .where({ organization_id: server.demo.organizationId, name: team })
      .first('id');
    const answers = Object.fromEntries(context.form.itemIds.map((id, i) => [id, String(1 + ((i + seed) % 5))]));
    return service.submit(context, { ...answers, unit: String(unit.id), role_level: role }, language);
  }

  it('adds more responses through the response service, none of them flagged', async () => {
    let seed = 0;
    for (const { team, role, count } of SERVICE_RESPONDENTS)
      for (let c = 0; c < count; c++)
        expect(await submitThroughService(team, role, 'en', seed++)).toEqual({ ok: true });
    const stored = await listResponses(server.db, surveyId);
    expect(stored).toHaveLength(17);
    expect(await flags(server, surveyId)).toEqual(stored.map(() => null));
  });

  it('cuts the report by role level and by language, hiding the lone manager', async () => {
    await signInThroughForm(page, server.baseUrl, 'admin@example.com', PASSWORD);
    // While the survey is open, the cuts are withheld, saying why.
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${surveyId}/report/cuts`);
    expect(await page.getByText('Cuts are shown once the survey is closed.').count()).toBe(1);
    // A lone French response arrives before closing: its team gains 1 (< K), so it waits for a release.
    expect(await submitThroughService('Platform', 'Individual contributor', 'fr', 99)).toEqual({ ok: true });
    // The admin closes the survey through its confirmation page; the cuts then show.
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${surveyId}`);
    await Promise.all([
      page.waitForURL(/\/close$/),
      page.getByRole('link', { name: 'Close survey', exact: true }).click(),
    ]);
    await submit('Close the survey', /\/surveys\/\d+$/);
    expect(await page.locator('.status').first().textContent()).toBe('closed');
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${surveyId}/report/cuts`);
    await page.getByLabel('Cut by').selectOption('role_level');
    await Promise.all([page.waitForURL(/cut=role_level/), page.getByRole('button', { name: 'Show' }).click()]);
    const roles = await cutRows(page, 'Role level');
    await page.screenshot({ path: join(artifacts, 'journey-cuts-role-level.png'), fullPage: true });
    expect(await page.locator('#cut-result-title + p').textContent()).toMatch(/^17 responses/);
    // 9 individual contributors, each scale's mean shown; the lone manager hidden, and the 7 team
    // leads with them, since everyone (17) minus the shown rows would otherwise give the manager away.
    expect(roles['Individual contributor']).toMatch(/^9( \d\.\d\d){10} too few for the analysis$/);
    expect(roles.Manager).toMatch(/^fewer than 3/);
    expect(roles['Team lead']).toMatch(/^fewer than 3/);
    expect(roles['Director or above']).toBe('0 no responses');
    // The chart shows the one level left, and its legend names it.
    const legend = await page.evaluate(
      `(function () { var c = Chart.getChart(document.getElementById('cut-means-canvas')); return { shown: c.options.plugins.legend.display, labels: c.data.datasets.map(function (d) { return d.label; }) }; })()`,
    );
    expect(legend).toEqual({ shown: true, labels: ['Individual contributor'] });
    const { list, report } = seriousViolations(await axeViolations(page));
    expect(list, report).toEqual([]);

    await page.getByLabel('Cut by').selectOption('language');
    await Promise.all([page.waitForURL(/cut=language/), page.getByRole('button', { name: 'Show' }).click()]);
    const languages = await cutRows(page, 'Language');
    expect(languages.en).toMatch(/^14 /);
    expect(languages.fr).toMatch(/^3 /);
    expect(languages.de).toMatch(/^0 /);
  });

  it('exports the responses as the item CSV with the new questions as columns and "Does not apply" as NA', async () => {
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${surveyId}`);
    expect(await page.getByTestId('total-responses').textContent()).toBe('17');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download responses (CSV)' }).click(),
    ]);
    const [header, ...rows] = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((line) => line.split(','));
    expect(rows).toHaveLength(17);
    for (const id of ['own1', 'own2', NA_ITEM]) expect(header).toContain(id);
    const na = rows.map((row) => row[header.indexOf(NA_ITEM)]).filter((v) => v === 'NA');
    expect(na).toHaveLength(BROWSER_RESPONDENTS.filter((r) => r.na).length);
    expect(rows.every((row) => /^[1-5]$/.test(row[header.indexOf('own2')]))).toBe(true);
  });

  it('holds the lone French response back from the report until its groups gain at least K', async () => {
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${surveyId}`);
    expect(await page.getByTestId('total-responses').textContent()).toBe('17');
    expect(await page.locator('#counts-title + p').textContent()).toContain('Newer responses join once');
    await page.goto(`${server.baseUrl}/orgs/demo/surveys/${surveyId}/report/cuts?cut=language`);
    expect((await cutRows(page, 'Language')).fr).toMatch(/^3 /);
    const [latest] = await server.db('responses').where({ survey_id: surveyId }).orderBy('id', 'desc').limit(1);
    expect(latest).toMatchObject({ language: 'fr', release_id: null });
  });
});

/** Each stored response's data-quality flag (null: none), in id order: a flagged response is left out of the report. */
async function flags(server: TestServer, surveyId: number): Promise<(string | null)[]> {
  return server.db('responses').where({ survey_id: surveyId }).orderBy('id').pluck('quality_flag');
}

/** The cut table's rows as value → the text of its cells joined by spaces. */
async function cutRows(page: Page, title: string): Promise<Record<string, string>> {
  const rows = page.getByRole('table', { name: new RegExp(`^${title}: everyone`) }).locator('tbody tr');
  const out: Record<string, string> = {};
  for (let r = 0, n = await rows.count(); r < n; r++) {
    const cells = await rows.nth(r).locator('td').allTextContents();
    out[(await rows.nth(r).locator('th').textContent())!.trim()] = cells.map((c) => c.trim()).join(' ');
  }
  return out;
}
