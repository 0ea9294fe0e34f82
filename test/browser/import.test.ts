/**
 * Importing another tool's export in real Chromium, as a consultant would: a Google Forms-shaped CSV
 * (question texts as headers, answers as "Agree") chosen in the file picker, its columns mapped by the
 * guess, two bad rows reported (row, column, value, why), the mapping saved, the corrected file
 * uploaded with the saved mapping, imported while the status page refreshes itself, and the report
 * counting the responses. Every page has no serious or critical axe-core violation and no script error.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSurvey } from '../../server/data/surveys.js';
import { insertAssignment } from '../../server/data/user-organizations.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { createUserService } from '../../server/services/users.js';
import { axeViolations, seriousViolations } from './axe.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { startTestServer, type TestServer } from './server.js';
import { signInThroughForm } from './sign-in.js';

const chromiumPath = chromiumForTests('test/browser/import.test.ts');
const artifacts = join(process.cwd(), 'test-artifacts');
const PASSWORD = 'browser test password';
const ROWS = 40;
const TEAMS = ['Support Tier 1', 'Support Tier 2', 'Platform', 'Accounting'];

/** A Google Forms responses CSV for the default instrument; `typos` puts a bad answer / team on those data rows (0-based). */
function formsExport(typos: { badAnswerRow?: number; badTeamRow?: number } = {}): string {
  const instrument = loadDefaultInstrument();
  const items = instrument.scales.flatMap((s) => s.items);
  const quote = (text: string) => (/[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const header = ['Timestamp', 'Email Address', ...items.map((i) => i.text), 'Which team are you in?'];
  const lines = [header.map(quote).join(',')];
  for (let r = 0; r < ROWS; r++) {
    const answers = items.map((_, j) => instrument.likert.labels[(r * 3 + j * 7 + (r % 3) * j) % 5]);
    if (r === typos.badAnswerRow) answers[2] = 'Agreee';
    const team = r === typos.badTeamRow ? 'Marketing' : TEAMS[r % TEAMS.length];
    lines.push(
      [`3/${(r % 9) + 1}/2026 10:${String(r).padStart(2, '0')}:11`, `person${r}@client.example`, ...answers, team]
        .map(quote)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

describe.skipIf(!chromiumPath)('importing a survey export in Chromium', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: ChromiumSession;
  let page: Page;
  let surveyPath: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer();
    const consultant = await createUserService({ db: server.db }).create({
      email: 'consultant@example.com',
      password: PASSWORD,
      role: 'consultant',
    });
    await insertAssignment(server.db, consultant.id, server.demo.organizationId);
    const demoSurvey = await server
      .db('surveys')
      .where({ id: server.demo.surveyId })
      .first<{ instrument_id: number }>();
    const surveyId = await insertSurvey(server.db, {
      organizationId: server.demo.organizationId,
      instrumentId: demoSurvey.instrument_id,
      title: 'Client wave from Google Forms',
      status: 'open',
      code: 'imported',
    });
    surveyPath = `/orgs/demo/surveys/${surveyId}`;
    browser = await launchChromium(chromiumPath!);
    page = await browser.context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInThroughForm(page, server.baseUrl, 'consultant@example.com', PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function check(name: string): Promise<void> {
    const { list, report } = seriousViolations(await axeViolations(page));
    await page.screenshot({ path: join(artifacts, `import-${name}.png`), fullPage: true });
    expect(list, `axe-core found serious or critical violations on ${name}:\n${report}`).toEqual([]);
  }

  const choose = (csv: string) =>
    page
      .getByLabel('Export file (CSV in UTF-8, or .xlsx)')
      .setInputFiles({ name: 'client-forms.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

  it('maps an export, reports two bad rows, imports the corrected file and shows the responses in the report', async () => {
    await page.goto(`${server.baseUrl}${surveyPath}`);
    await Promise.all([page.waitForURL(/\/import$/), page.getByRole('link', { name: 'Import responses' }).click()]);
    await check('upload');

    await choose(formsExport({ badAnswerRow: 6, badTeamRow: 20 }));
    await Promise.all([
      page.waitForURL(/\/import\/[0-9a-f]{32}$/),
      page.getByRole('button', { name: 'Upload and map the columns' }).click(),
    ]);
    await check('map');
    // The guess maps every question by its text and the team column.
    await expect(page.getByLabel('Column for dr1').inputValue()).resolves.toContain(
      'In my team, it is clear who approves',
    );
    await expect(page.getByLabel('Unit column').inputValue()).resolves.toBe('Which team are you in?');
    await page.getByRole('button', { name: 'Check every row' }).click();
    const errors = page.getByTestId('row-errors').locator('tbody tr');
    await expect(errors.count()).resolves.toBe(2);
    const cells = (await errors.allInnerTexts()).map((t) => t.split('\t').map((c) => c.trim()));
    expect(cells[0]).toEqual([
      '8',
      'In my team, a named person is accountable for the results of AI-assisted work.',
      'Agreee',
      'Not a number from 1 to 5 nor one of the mapped labels.',
    ]);
    expect(cells[1]).toEqual([
      '22',
      'Which team are you in?',
      'Marketing',
      'No unit of this organization has this name or path.',
    ]);
    await check('errors');
    expect(
      await server
        .db('responses')
        .where({ survey_id: Number(surveyPath.split('/').pop()) })
        .count({ n: '*' })
        .first(),
    ).toMatchObject({ n: 0 });

    await page.getByLabel('Save this mapping as').fill('Client Google Forms');
    await page.getByRole('button', { name: 'Save the mapping' }).click();
    await expect(page.getByTestId('notice').innerText()).resolves.toContain('Saved the mapping “Client Google Forms”');

    // The corrected file, with the saved mapping.
    await page.goto(`${server.baseUrl}${surveyPath}/import`);
    await choose(formsExport());
    await page.getByLabel('Saved mapping').selectOption({ label: 'Client Google Forms' });
    await Promise.all([
      page.waitForURL(/\/import\/[0-9a-f]{32}\?mapping=\d+$/),
      page.getByRole('button', { name: 'Upload and map the columns' }).click(),
    ]);
    await page.getByRole('button', { name: 'Check every row' }).click();
    await expect(page.getByTestId('ready-count').innerText()).resolves.toBe(String(ROWS));
    await check('ready');
    await Promise.all([
      page.waitForURL(/\/status$/),
      page.getByRole('button', { name: `Import ${ROWS} responses` }).click(),
    ]);
    await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
    await check('done');
    await Promise.all([page.waitForURL(/\/report$/), page.getByRole('link', { name: 'Open the report' }).click()]);
    await expect(page.getByTestId('responses').innerText()).resolves.toBe(String(ROWS));
    expect(consoleErrors).toEqual([]);
  });
});
