/**
 * The Cuts page and its CSV over HTTP, on SQLite and PostgreSQL: a report cut by role level (and by
 * language) from the released responses only, a value below the threshold hidden on the page, in the
 * chart data and in the CSV, a unit whose cut is withheld saying why, and the page in the navigation;
 * every cut withheld while the survey is open.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { testDatabases } from '../helpers/db.js';
import { arrangeReportSurvey, insertResponses, SMALL_TEAM, type ReportSurvey } from '../helpers/report-survey.js';
import { createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

const instrument = loadDefaultInstrument();

/** Role levels per team: Claims 20 IC, 12 team leads, 3 directors, 5 unanswered; Underwriting 25 IC, 10 team leads, 5 managers. */
const PLAN: Record<string, (string | null)[]> = {
  Claims: [
    ...Array(20).fill('Individual contributor'),
    ...Array(12).fill('Team lead'),
    ...Array(3).fill('Director or above'),
    ...Array(5).fill(null),
  ],
  Underwriting: [
    ...Array(25).fill('Individual contributor'),
    ...Array(10).fill('Team lead'),
    ...Array(5).fill('Manager'),
  ],
  [SMALL_TEAM]: Array(3).fill('Individual contributor'),
};

describe.each(testDatabases())('the Cuts page on $name', ({ create }) => {
  let t: StaffTestApp;
  let a: ReportSurvey;
  let url: string;

  beforeAll(async () => {
    t = await createStaffTestApp(undefined, create);
    a = await arrangeReportSurvey(t.db, { slug: 'org-cuts' });
    for (const [team, roles] of Object.entries(PLAN)) {
      const ids = (
        await t.db('responses').where({ survey_id: a.surveyId, unit_id: a.units[team] }).orderBy('id').pluck('id')
      ).map(Number);
      for (const [i, id] of ids.entries())
        await t
          .db('responses')
          .where({ id })
          .update({ role_level: roles[i], language: i % 4 === 0 ? 'fr' : 'en', demographics: JSON.stringify({}) });
    }
    await t.createUser('analyst@example.com', 'analyst', a.organizationId);
    url = `/orgs/org-cuts/surveys/${a.surveyId}/report/cuts`;
    // While open, the page withholds every cut (see the last test); closed, it shows them.
    const { agent } = await signIn(t.app, 'analyst@example.com');
    openPage = (await agent.get(`${url}?cut=role_level`).expect(200)).text;
    await t.db('surveys').where({ id: a.surveyId }).update({ status: 'closed' });
  });
  let openPage = '';
  afterAll(async () => {
    await t.destroy();
  });

  it('cuts the report by role level: n and means per value, the small value hidden everywhere', async () => {
    const { agent } = await signIn(t.app, 'analyst@example.com');
    const page = (await agent.get(`${url}?cut=role_level`).expect(200)).text;
    expect(page).toContain(
      '<a href="/orgs/org-cuts/surveys/' + a.surveyId + '/report/cuts" aria-current="page">Cuts</a>',
    );
    expect(page).toContain('<label for="cut-select">Cut by</label>');
    expect(page).toMatch(/<th scope="row">Individual contributor<\/th>\s*<td class="num">48<\/td>/);
    expect(page).toMatch(/<th scope="row">Team lead<\/th>\s*<td class="num">22<\/td>/);
    expect(page).toMatch(
      /<th scope="row">Director or above<\/th>\s*<td class="num" colspan="\d+">\s*<span class="suppressed"/,
    );
    // The chart draws the shown values only.
    const chart = JSON.parse(
      /<script type="application\/json" id="cut-means-data">([^<]*)<\/script>/.exec(page)![1],
    ) as { datasets: { label: string }[] };
    expect(chart.datasets.map((d) => d.label)).toEqual(['Individual contributor', 'Team lead', 'Manager']);
    expect(page).not.toMatch(/Director or above[^\n]*<td class="num">3<\/td>/);
  });

  it('downloads the same table as CSV, the hidden value suppressed in every figure column', async () => {
    const { agent } = await signIn(t.app, 'analyst@example.com');
    const csv = (await agent.get(`/orgs/org-cuts/surveys/${a.surveyId}/report/csv/cuts.csv?cut=role_level`).expect(200))
      .text;
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^cut,unit,value,n,mean_/);
    expect(lines.find((l) => l.includes('Individual contributor'))).toMatch(
      /^Role level,everyone,Individual contributor,48,/,
    );
    const director = lines.find((l) => l.includes('Director or above'))!;
    expect(
      director
        .split(',')
        .slice(3)
        .every((c) => c === 'suppressed (fewer than 5)'),
    ).toBe(true);
  });

  it('cuts by language, and says why a hidden unit gets no cut', async () => {
    const { agent } = await signIn(t.app, 'analyst@example.com');
    const page = (await agent.get(`${url}?cut=language`).expect(200)).text;
    expect(page).toMatch(/<th scope="row">fr<\/th>\s*<td class="num">\d+<\/td>/);
    // Within Operations (the department): its own figures, or the reason it is withheld, never both.
    const department = (await agent.get(`${url}?cut=language&unit=${a.units.Operations}`).expect(200)).text;
    expect(department.includes('Language: Operations') !== department.includes('data-testid="cut-withheld"')).toBe(
      true,
    );
    const hidden = (await agent.get(`${url}?cut=role_level&unit=${a.units[SMALL_TEAM]}`).expect(200)).text;
    expect(hidden).toContain('data-testid="cut-withheld"');
    expect(hidden).toContain('Role level: everyone');
  });

  it('reads released responses only: responses waiting for a release change no figure', async () => {
    const { agent } = await signIn(t.app, 'analyst@example.com');
    await agent.get(`${url}?cut=role_level`).expect(200);
    // Two more in Claims: too few to be released (a unit must gain 0 or ≥ 5), so they wait.
    await insertResponses(
      t.db,
      a.surveyId,
      a.units.Claims,
      generateResponses(instrument, { n: 2, units: ['x'], workflows: ['Renewals'], seed: 4 }),
    );
    await t
      .db('responses')
      .whereNull('release_id')
      .where({ survey_id: a.surveyId })
      .update({ role_level: 'Individual contributor' });
    const page = (await agent.get(`${url}?cut=role_level`).expect(200)).text;
    expect(page).toMatch(/<th scope="row">Individual contributor<\/th>\s*<td class="num">48<\/td>/);
  });

  it('holds back a batch in which one role level would gain fewer than K, so no change reveals one person’s answers', async () => {
    const { agent } = await signIn(t.app, 'analyst@example.com');
    await t.db('responses').whereNull('release_id').where({ survey_id: a.surveyId }).delete();
    const before = (await t.db('report_releases').where({ survey_id: a.surveyId }).count({ n: '*' }).first()) as {
      n: number | string;
    };
    // Six more in Underwriting: five individual contributors and one manager. Underwriting gains 6 (≥ 5),
    // but "Manager" in Underwriting would gain 1: that one waits, and the other five are released.
    await insertResponses(
      t.db,
      a.surveyId,
      a.units.Underwriting,
      generateResponses(instrument, { n: 6, units: ['x'], workflows: ['Renewals'], seed: 9 }),
    );
    const fresh = (
      await t.db('responses').whereNull('release_id').where({ survey_id: a.surveyId }).orderBy('id').pluck('id')
    ).map(Number);
    await t.db('responses').whereIn('id', fresh).update({ role_level: 'Individual contributor', language: 'en' });
    await t.db('responses').where({ id: fresh[5] }).update({ role_level: 'Manager' });
    const page = (await agent.get(`${url}?cut=role_level`).expect(200)).text;
    const after = (await t.db('report_releases').where({ survey_id: a.surveyId }).count({ n: '*' }).first()) as {
      n: number | string;
    };
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    expect(page).toMatch(/<th scope="row">Individual contributor<\/th>\s*<td class="num">53<\/td>/);
    expect(page).toMatch(/<th scope="row">Manager<\/th>\s*<td class="num">5<\/td>/);
    const waiting = await t.db('responses').whereNull('release_id').where({ survey_id: a.surveyId }).pluck('id');
    expect(waiting.map(Number)).toEqual([fresh[5]]);
  });

  it('withholds every cut while the survey is open, saying why', () => {
    expect(openPage).toContain('data-testid="no-cuts"');
    expect(openPage).toContain('Cuts are shown once the survey is closed.');
    expect(openPage).not.toMatch(/<th scope="row">Individual contributor<\/th>/);
  });

  it('shows nothing without signing in', async () => {
    await request(t.app)
      .get(`${url}?cut=role_level`)
      .expect((res) => expect([302, 303, 401, 404]).toContain(res.status));
  });
});
