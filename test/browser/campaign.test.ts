/**
 * Issue 12's whole campaign, tried as a new user would, with Chromium wherever a person clicks: an
 * organization created and 200 people imported into 12 teams from a CSV (upload, preview, confirm); a
 * survey scheduled with invitations as it opens and a reminder a day before closing; the invitations and
 * the reminder received by a local SMTP server (the scheduler ticked and the outbox worker run against
 * it, on a clock the test moves); answers sent with the emailed links, the participation page moving in
 * steps; the survey closed through its confirmation page, its responses downloaded and `readiness report`
 * run on the file giving the web report's R² and organizational share to 1e-9; a second wave opened,
 * answered and closed, and the Trend page comparing the two.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullReport } from '../../analysis/report/report.js';
import { main } from '../../server/cli.js';
import { loadConfig } from '../../server/config.js';
import { findSurveyById } from '../../server/data/surveys.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { silentLogger } from '../../server/logger.js';
import { createSmtpTransport } from '../../server/mail/transport.js';
import { createServices, type Services } from '../../server/services/index.js';
import { createOutboxWorker } from '../../server/services/outbox-worker.js';
import { createReportService } from '../../server/services/reports.js';
import { createUserService } from '../../server/services/users.js';
import { tokenIn } from '../helpers/campaign.js';
import { captureIO } from '../helpers/cli-io.js';
import { rowCount } from '../helpers/db.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { chromiumForTests, launchChromium, type ChromiumSession } from './chromium.js';
import { startTestServer, type TestServer } from './server.js';

const chromiumPath = chromiumForTests('test/browser/campaign.test.ts');
const artifacts = join(process.cwd(), 'test-artifacts');
const PASSWORD = 'browser test password';
const MAIL_FROM = 'Readiness <readiness@readiness.test>';
const DAY = 86_400_000;
const START = new Date('2026-12-01T09:00:00.000Z');
const OPENS = new Date('2026-12-02T08:00:00.000Z');
const CLOSES = new Date('2026-12-12T17:00:00.000Z');
const DEPARTMENTS = ['Sales', 'Operations', 'Finance'];
const TEAMS = DEPARTMENTS.flatMap((d) => [1, 2, 3, 4].map((t) => `${d}/Team ${t}`));
const WORKFLOWS = ['Order intake', 'Invoicing'];
const PEOPLE = 200;
const email = (i: number) => `person-${i}@acme.test`;
/** Person i is in team i mod 12; the people of the first ten teams among the first 144 answer: 12 per team, 120 in all. */
const teamOf = (i: number) => i % TEAMS.length;
const answers = (i: number) => i < 144 && teamOf(i) < 10;

describe.skipIf(!chromiumPath)('a whole survey campaign in Chromium', { timeout: 300_000 }, () => {
  let now = START;
  let server: TestServer;
  let sink: SmtpSink;
  let browser: ChromiumSession;
  let page: Page;
  /** The server's own services, on the same database and clock: the scheduler's tick, as every server runs it. */
  let services: Services;
  let slug: string;
  let wave1: number;
  let wave2: number;
  const instrument = loadDefaultInstrument();
  const synthetic = generateResponses(instrument, { n: 400, units: ['x'], workflows: WORKFLOWS, seed: 12 });
  const consoleErrors: string[] = [];
  let workDir: string;
  /** Wave 1's responses in its report. */
  let wave1Responses = 0;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    workDir = mkdtempSync(join(tmpdir(), 'readiness-campaign-'));
    const bootstrap = { B: 20, seed: 1, level: 0.95 };
    server = await startTestServer({
      clock: () => now,
      reports: { bootstrap },
      trend: { bootstrap },
      env: { SUBMIT_RATE_LIMIT: '0' },
    });
    services = createServices({
      db: server.db,
      clock: () => now,
      config: loadConfig({
        SESSION_SECRET: 'campaign-browser-secret-0123456789',
        BASE_URL: server.baseUrl,
        MAIL_FROM,
      }),
      reports: { bootstrap },
    });
    sink = await startSmtpSink();
    await createUserService({ db: server.db }).create({
      email: 'admin@example.com',
      password: PASSWORD,
      role: 'admin',
    });
    browser = await launchChromium(chromiumPath!);
    page = await browser.context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
        consoleErrors.push(`${page.url()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => consoleErrors.push(`${page.url()}: ${err.message}`));
    await page.setViewportSize({ width: 1280, height: 900 });
    // Generous waits: the machine running the tests may be busy.
    page.setDefaultTimeout(60_000);
  });
  afterAll(async () => {
    await browser?.close();
    await sink?.close();
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  /** Sends every due message of the outbox to the local SMTP server, as the app's worker does. */
  async function sendOutbox() {
    const worker = createOutboxWorker({
      db: server.db,
      transport: createSmtpTransport(sink.url),
      from: MAIL_FROM,
      clock: () => now,
      logger: silentLogger,
      batchSize: 50,
    });
    try {
      return await worker.drain();
    } finally {
      await worker.stop();
    }
  }

  /** The received messages from `from` on, parsed: recipient, subject and the survey link's token. */
  async function mailFrom(from: number) {
    return Promise.all(
      sink.received.slice(from).map(async (mail) => {
        const parsed = await sink.parse(mail);
        const text = parsed.text ?? '';
        return { to: mail.to[0], subject: parsed.subject ?? '', token: tokenIn(text), text };
      }),
    );
  }

  /** A respondent's answers, posted as the form would send them; `extra` holds the link's token or the chosen team. */
  async function answer(code: string, i: number, extra: Record<string, string>): Promise<void> {
    const row = synthetic[i % synthetic.length];
    const body = new URLSearchParams({
      ...Object.fromEntries(Object.entries(row.answers).map(([k, v]) => [k, String(v)])),
      role_level: row.roleLevel,
      workflow: WORKFLOWS[i % 2],
      ...extra,
    });
    const res = await fetch(`${server.baseUrl}/s/${code}`, { method: 'POST', body, redirect: 'manual' });
    expect(res.status, await res.text()).toBe(303);
  }

  const click = (name: string | RegExp, url: RegExp) =>
    Promise.all([
      page.waitForURL(url),
      page
        .getByRole('link', { name, exact: typeof name === 'string' })
        .first()
        .click(),
    ]);
  const press = (name: string, url: RegExp) =>
    Promise.all([page.waitForURL(url), page.getByRole('button', { name }).click()]);

  async function participationTotal(): Promise<string> {
    await page.goto(`${server.baseUrl}/orgs/${slug}/surveys/${wave1}`);
    await click('Participation', /\/participation$/);
    const total = page.getByTestId('participation-total');
    if ((await total.count()) === 0) return (await page.getByTestId('participation-none').textContent()) ?? '';
    return (await total.textContent()) ?? '';
  }

  async function closeSurvey(id: number): Promise<void> {
    await page.goto(`${server.baseUrl}/orgs/${slug}/surveys/${id}`);
    await click('Close survey', /\/close$/);
    await press('Close the survey', /\/surveys\/\d+$/);
    expect(await page.locator('.status').first().textContent()).toBe('closed');
  }

  it('creates the organization and imports 200 people into 12 teams from a CSV', async () => {
    await page.goto(`${server.baseUrl}/signin`);
    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await press('Sign in', /\/orgs$/);
    await page.goto(`${server.baseUrl}/orgs/new`);
    await page.getByLabel('Name', { exact: true }).fill('Acme Freight');
    await press('Create organization', /\/orgs\/[a-z0-9-]+$/);
    slug = new URL(page.url()).pathname.split('/')[2];

    await click('People', /\/people$/);
    const csv = ['email,unit', ...Array.from({ length: PEOPLE }, (_, i) => `${email(i)},${TEAMS[teamOf(i)]}`)];
    await page
      .getByLabel('CSV file (UTF-8)')
      .setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.join('\n')) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 60_000 })
      .toBe('Check the import');
    expect(await page.getByTestId('import-summary').textContent()).toContain('Finance / Team 4');
    await press(`Import ${PEOPLE} people`, /\/people\?added=200/);
    expect(await page.getByTestId('people-count').textContent()).toBe('200');

    // The organization page lists 3 departments of 4 teams, each team with its people as headcount.
    await page.goto(`${server.baseUrl}/orgs/${slug}`);
    const org = (await server.db('organizations').where({ slug }).first('id')) as { id: number };
    const units = (await server.db('units').where({ organization_id: org.id }).select('id', 'name', 'parent_id')) as {
      id: number;
      name: string;
      parent_id: number | null;
    }[];
    const departments = units.filter((u) => u.parent_id === null);
    expect(departments.map((u) => u.name).sort()).toEqual([...DEPARTMENTS].sort());
    const teams = units.filter((u) => u.parent_id !== null);
    expect(teams).toHaveLength(12);
    for (const team of teams) {
      const dept = departments.find((d) => d.id === team.parent_id)!.name;
      const expected = Array.from({ length: PEOPLE }, (_, i) => i).filter(
        (i) => TEAMS[teamOf(i)] === `${dept}/${team.name}`,
      ).length;
      expect(await page.getByTestId(`headcount-${team.id}`).textContent(), `${dept}/${team.name}`).toBe(
        String(expected),
      );
    }
    // 200 = 12 × 16 + 8: the first eight teams (Sales, Operations) have 17 people, Finance's four have 16.
    const byDepartment = { Sales: 68, Operations: 68, Finance: 64 } as Record<string, number>;
    for (const dept of departments)
      expect(await page.getByTestId(`headcount-${dept.id}`).textContent(), dept.name).toBe(
        String(byDepartment[dept.name]),
      );
  });

  it('schedules an invitation-only survey; the invitations reach the SMTP server as it opens, one link each', async () => {
    await page.goto(`${server.baseUrl}/orgs/${slug}/surveys/new`);
    await page.getByLabel('Title').fill('Winter wave');
    await page.getByLabel('Workflows (optional)').fill(WORKFLOWS.join('\n'));
    await page.getByLabel('Invitation only', { exact: false }).check();
    await press('Create survey', /\/surveys\/\d+$/);
    wave1 = Number(new URL(page.url()).pathname.split('/').pop());
    await click('Schedule and email', /\/mail$/);
    await page.getByLabel('Opens at (UTC, optional)').fill('2026-12-02T08:00');
    await page.getByLabel('Closes at (UTC, optional)').fill('2026-12-12T17:00');
    await page.getByLabel('Email the invitations as the survey opens').check();
    await page.getByLabel('Reminders (days before closing, optional)').fill('1');
    await press('Save the schedule', /saved=1/);
    expect(await page.getByTestId('reminders').textContent()).toContain('planned for 2026-12-11 17:00 UTC');

    now = new Date(OPENS.getTime() - 1);
    expect(await services.scheduler.tick()).toMatchObject({ opened: 0, invited: 0 });
    now = OPENS;
    expect(await services.scheduler.tick()).toMatchObject({ opened: 1, invited: 1 });
    expect(await sendOutbox()).toMatchObject({ sent: PEOPLE, failed: 0 });
    const invitations = await mailFrom(0);
    expect(invitations).toHaveLength(PEOPLE);
    expect(new Set(invitations.map((m) => m.to))).toEqual(new Set(Array.from({ length: PEOPLE }, (_, i) => email(i))));
    expect(new Set(invitations.map((m) => m.token)).size).toBe(PEOPLE);
    expect(invitations[0].subject).toBe('Acme Freight: please answer “Winter wave”');
  });

  it('takes answers through the emailed links, and the participation page moves in steps', async () => {
    const survey = (await findSurveyById(server.db, wave1))!;
    const invitations = await mailFrom(0);
    const tokenOf = new Map(invitations.map((m) => [m.to, m.token]));
    now = new Date(OPENS.getTime() + DAY);
    expect(await participationTotal()).toContain('fewer than');

    const answering = Array.from({ length: PEOPLE }, (_, i) => i).filter(answers);
    expect(answering).toHaveLength(120);
    const [first, second] = [answering.filter((i) => i < 72), answering.filter((i) => i >= 72)];
    for (const i of first) await answer(survey.code, i, { t: tokenOf.get(email(i))! });
    // A link works once.
    const again = await fetch(`${server.baseUrl}/s/${survey.code}?t=${tokenOf.get(email(first[0]))}`);
    expect(again.status).toBe(409);
    const afterFirst = await participationTotal();
    expect(afterFirst).toContain(`In the report: ${first.length} responses from 200 people`);
    expect(await page.locator(`[data-testid="participation-table"] tbody tr`).count()).toBe(15);
    await page.screenshot({ path: join(artifacts, 'campaign-participation.png'), fullPage: true });

    now = new Date(OPENS.getTime() + 2 * DAY);
    for (const i of second) await answer(survey.code, i, { t: tokenOf.get(email(i))! });
    expect(await participationTotal()).toContain('In the report: 120 responses from 200 people');
  });

  it('reminds only the 80 who have not answered, each with a link that works', async () => {
    const survey = (await findSurveyById(server.db, wave1))!;
    const before = sink.received.length;
    now = new Date(CLOSES.getTime() - DAY - 1);
    expect(await services.scheduler.tick()).toMatchObject({ reminded: 0 });
    now = new Date(CLOSES.getTime() - DAY);
    expect(await services.scheduler.tick()).toMatchObject({ reminded: 1 });
    expect(await sendOutbox()).toMatchObject({ sent: PEOPLE - 120, failed: 0 });
    const reminders = await mailFrom(before);
    const silent = Array.from({ length: PEOPLE }, (_, i) => i).filter((i) => !answers(i));
    expect(reminders.map((m) => m.to).sort()).toEqual(silent.map(email).sort());
    expect(reminders[0].subject).toBe('Reminder: “Winter wave” closes in 1 day');
    for (const m of reminders) {
      const res = await fetch(`${server.baseUrl}/s/${survey.code}?t=${m.token}`);
      expect(res.status, m.to).toBe(200);
    }
    // The reminder's link replaces the invitation's.
    const invitation = (await mailFrom(0)).slice(0, PEOPLE).find((m) => m.to === reminders[0].to)!;
    expect((await fetch(`${server.baseUrl}/s/${survey.code}?t=${invitation.token}`)).status).toBe(403);

    // One reminded person answers in the browser, taking ten minutes over it.
    const respondent = await browser.context.newPage();
    try {
      await respondent.goto(reminders[0].text.match(/https?:\/\/\S+\?t=[A-Za-z0-9_-]+/)![0]);
      const row = synthetic[399];
      for (const [id, value] of Object.entries(row.answers)) await respondent.locator(`#${id}-${value}`).check();
      await respondent.locator('#role_level-0').check();
      await respondent.locator('#workflow').selectOption(WORKFLOWS[0]);
      now = new Date(now.getTime() + 10 * 60_000);
      await Promise.all([
        respondent.waitForURL(/\/thanks\?lang=en$/),
        respondent.getByRole('button', { name: 'Submit my answers' }).click(),
      ]);
    } finally {
      await respondent.close();
    }
    expect((await fetch(`${server.baseUrl}/s/${survey.code}?t=${reminders[0].token}`)).status).toBe(409);
    expect(await rowCount(server.db('responses').where({ survey_id: wave1 }))).toBe(121);
  });

  it('closes the survey, and readiness report on the downloaded export gives the web report’s headline', async () => {
    await closeSurvey(wave1);
    await page.goto(`${server.baseUrl}/orgs/${slug}/surveys/${wave1}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download responses (CSV)' }).click(),
    ]);
    const file = join(workDir, 'export.csv');
    await download.saveAs(file);
    expect(readFileSync(file, 'utf8')).toMatch(/^\uFEFF?unit,workflow,comment_unlinked,/);

    const io = captureIO();
    const code = await main(
      [
        'report',
        file,
        '--instrument',
        'default',
        '--unit',
        'unit',
        '--workflow',
        'workflow',
        '--comment',
        'comment_unlinked',
        '--threshold',
        '5',
        '--bootstrap',
        '0',
        '--json',
      ],
      io,
    );
    expect(code, io.stderr).toBe(0);
    const cli = JSON.parse(io.stdout) as FullReport;
    const web = (
      await createReportService({
        db: server.db,
        clock: () => now,
        bootstrap: { B: 0, seed: 1, level: 0.95 },
      }).forSurvey((await findSurveyById(server.db, wave1))!)
    ).report as FullReport;
    expect(web.meta.responses).toBeGreaterThan(100);
    expect(cli.meta.responses).toBe(web.meta.responses);
    wave1Responses = web.meta.responses;
    expect(Math.abs(cli.decomposition!.r2 - web.decomposition!.r2)).toBeLessThan(1e-9);
    const share = (r: FullReport) => r.decomposition!.groups.find((g) => g.group === 'organizational')!.share;
    expect(Math.abs(share(cli) - share(web))).toBeLessThan(1e-9);
  });

  it('opens a second wave, closes it after some answers, and compares the waves on the Trend page', async () => {
    now = new Date(CLOSES.getTime() + 30 * DAY);
    await page.goto(`${server.baseUrl}/orgs/${slug}/surveys/new`);
    await page.getByLabel('Title').fill('Spring wave');
    await page.getByLabel('Workflows (optional)').fill(WORKFLOWS.join('\n'));
    await press('Create survey', /\/surveys\/\d+$/);
    wave2 = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByRole('button', { name: 'Open survey' }).click();
    await expect.poll(() => page.locator('.status').first().textContent(), { timeout: 60_000 }).toBe('open');
    const survey = (await findSurveyById(server.db, wave2))!;
    expect(survey.status).toBe('open');

    const org = (await server.db('organizations').where({ slug }).first('id')) as { id: number };
    const teamIds = new Map(
      (
        (await server
          .db('units as t')
          .join('units as d', 't.parent_id', 'd.id')
          .where('t.organization_id', org.id)
          .select('t.id', 't.name', { dept: 'd.name' })) as { id: number; name: string; dept: string }[]
      ).map((u) => [`${u.dept}/${u.name}`, u.id]),
    );
    // The open link: each respondent chooses their team; 8 in each of the first ten teams.
    for (let i = 0; i < 80; i++) await answer(survey.code, 200 + i, { unit: String(teamIds.get(TEAMS[i % 10])!) });
    await closeSurvey(wave2);

    await click('Trend', /\/trend$/);
    expect(await page.getByTestId('trend-waves').textContent()).toMatch(/From Winter wave .* to Spring wave/s);
    expect(await page.getByText(`n = ${wave1Responses} → 80 responses`).count()).toBe(1);
    const overall = page.getByTestId('trend-overall');
    expect(await overall.locator('thead th').allTextContents()).toEqual([
      'Figure',
      'From',
      'To',
      'Change',
      '95% interval',
    ]);
    expect(await overall.locator('tbody tr').count()).toBeGreaterThan(5);
    expect(await overall.locator('tr[data-figure="org_share"] td').first().textContent()).toMatch(/^\d+\.\d%$/);
    expect(await page.locator('[data-testid="trend-units"] tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, 'campaign-trend.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
