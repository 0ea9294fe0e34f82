/**
 * Anonymity against an insider, over HTTP on both databases (issue 8, attacks 1 and 3):
 * - differencing two downloads around one new response recovers nothing: the report stays on its
 *   release until every group the newcomers touch has gained K;
 * - every count (survey page, overview, CSV) comes from the released report under one suppression
 *   decision, so a hidden team's count cannot be read off a department, a total, or the responses
 *   filed directly on a department.
 */
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertUnit } from '../../server/data/units.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { completeAnswers } from '../helpers/answers.js';
import { testDatabases } from '../helpers/db.js';
import { arrangeReportSurvey, insertResponses, SMALL_TEAM, type ReportSurvey } from '../helpers/report-survey.js';
import { createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

const instrument = loadDefaultInstrument();

/** A count cell as words: "fewer than K" or the number. */
const cellWords = (text: string) => /fewer than (\d+)/i.exec(text)?.[0].toLowerCase() ?? text.split(' ')[0];

/** The text of each unit's cells in a rendered counts table: path → the row's cells after the header cell. */
function unitCells(html: string, sectionId: string): Map<string, string> {
  const start = html.indexOf(`id="${sectionId}"`);
  const section = html.slice(start, html.indexOf('</section>', start));
  const rows = new Map<string, string>();
  for (const m of section.matchAll(/<th scope="row"[^>]*>([^<]+)<\/th>([\s\S]*?)<\/tr>/g)) {
    const firstCell = /<td[^>]*>([\s\S]*?)<\/td>/.exec(m[2])?.[1] ?? '';
    rows.set(
      m[1].trim(),
      firstCell
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  }
  return rows;
}

describe.each(testDatabases())('anonymity of released reports on $name', ({ create }) => {
  let t: StaffTestApp;
  let a: ReportSurvey;
  let code: string;
  let base: string;

  beforeEach(async () => {
    t = await createStaffTestApp(undefined, create);
    a = await arrangeReportSurvey(t.db, { slug: 'org-a', perTeam: 20 });
    code = (await t.db('surveys').where({ id: a.surveyId }).first('code')).code;
    base = `/orgs/org-a/surveys/${a.surveyId}`;
    await t.createUser('analyst@example.com', 'analyst', a.organizationId);
  });
  afterEach(async () => {
    await t.destroy();
  });

  const submit = (unitId: number, pick: (i: number) => number) =>
    request(t.app)
      .post(`/s/${code}`)
      .type('form')
      .send({
        ...completeAnswers(instrument, pick),
        unit: String(unitId),
        role_level: instrument.roleLevels[0],
        workflow: 'Claims triage',
        comment: 'A newcomer’s remark',
      })
      .expect(303);

  it('gives the same downloads before and after one new response, so differencing recovers nothing', async () => {
    const { agent } = await signIn(t.app, 'analyst@example.com');
    const csvs = ['scales', 'heatmap', 'response-rates', 'segments', 'workflows'];
    const before = await Promise.all(
      csvs.map((n) =>
        agent
          .get(`${base}/report/csv/${n}.csv`)
          .expect(200)
          .then((r) => r.text),
      ),
    );
    const overviewBefore = (await agent.get(`${base}/report`).expect(200)).text;

    await submit(a.units.Claims, (i) => (i % 5) + 1);
    const after = await Promise.all(
      csvs.map((n) =>
        agent
          .get(`${base}/report/csv/${n}.csv`)
          .expect(200)
          .then((r) => r.text),
      ),
    );
    expect(after).toEqual(before);
    const overviewAfter = (await agent.get(`${base}/report`).expect(200)).text;
    expect(overviewAfter).toContain('Newer responses have come in');
    expect(unitCells(overviewAfter, 'units-title')).toEqual(unitCells(overviewBefore, 'units-title'));
    // the survey page's counts did not move either
    const surveyPage = (await agent.get(base).expect(200)).text;
    expect(surveyPage).toContain('data-testid="total-responses">43<');
  });

  it('moves to a new release once K new responses reach every group they touch, and the change is their aggregate', async () => {
    const { agent } = await signIn(t.app, 'analyst@example.com');
    const scalesN = async () =>
      (await agent.get(`${base}/report/csv/scales.csv`).expect(200)).text.split('\n')[1].split(',')[2];
    expect(await scalesN()).toBe('43');
    for (let k = 0; k < 4; k++) await submit(a.units.Claims, (i) => ((i + k) % 5) + 1);
    expect(await scalesN()).toBe('43');
    await submit(a.units.Claims, (i) => ((i * 3) % 5) + 1);
    expect(await scalesN()).toBe('48');
    // A lone response in another team waits, even though Claims moved.
    await submit(a.units.Underwriting, (i) => ((i * 2) % 5) + 1);
    expect(await scalesN()).toBe('48');
  });

  it('shows each unit’s count on the survey page exactly as on the overview, from one decision', async () => {
    const { agent } = await signIn(t.app, 'analyst@example.com');
    const survey = unitCells((await agent.get(base).expect(200)).text, 'counts-title');
    const overview = unitCells((await agent.get(`${base}/report`).expect(200)).text, 'units-title');
    expect([...survey.keys()].sort()).toEqual([...overview.keys()].sort());
    for (const [path, text] of survey) expect(cellWords(text), path).toBe(cellWords(overview.get(path)!));
    // Department 43 = Claims 20 + Underwriting 20 + Night shift 3: a shown department and one shown team never leave the small team derivable.
    expect(overview.get(`Operations / ${SMALL_TEAM}`)).toMatch(/fewer than 5/i);
    expect(
      [overview.get('Operations / Claims'), overview.get('Operations / Underwriting')].filter((c) =>
        /fewer than/i.test(c ?? ''),
      ),
    ).toHaveLength(1);
  });

  it('guards the responses filed directly on a department with teams like any other group', async () => {
    // Finance (9) = its one team Payables (6) + 3 filed on Finance itself: showing both would give those 3.
    const finance = await insertUnit(t.db, {
      organizationId: a.organizationId,
      parentId: null,
      name: 'Finance',
      kind: 'department',
    });
    const payables = await insertUnit(t.db, {
      organizationId: a.organizationId,
      parentId: finance,
      name: 'Payables',
      kind: 'team',
    });
    await insertResponses(
      t.db,
      a.surveyId,
      payables,
      generateResponses(instrument, { n: 6, units: ['x'], workflows: ['Renewals'], seed: 22 }),
    );
    await insertResponses(
      t.db,
      a.surveyId,
      finance,
      generateResponses(instrument, { n: 3, units: ['x'], workflows: ['Renewals'], seed: 21 }),
    );
    const { agent } = await signIn(t.app, 'analyst@example.com');
    for (const [page, section] of [
      [`${base}/report`, 'units-title'],
      [base, 'counts-title'],
    ]) {
      const cells = unitCells((await agent.get(page).expect(200)).text, section);
      const shown = (path: string) => !/fewer than/i.test(cells.get(path) ?? 'fewer than');
      expect(shown('Finance') && shown('Finance / Payables'), page).toBe(false);
    }
    const csv = (await agent.get(`${base}/report/csv/response-rates.csv`).expect(200)).text;
    const csvShown = (path: string) =>
      /^\d+$/.test(
        csv
          .split('\n')
          .find((l) => l.startsWith(`${path},`))
          ?.split(',')[1] ?? '',
      );
    expect(csvShown('Finance') && csvShown('Finance / Payables')).toBe(false);
  });
});
