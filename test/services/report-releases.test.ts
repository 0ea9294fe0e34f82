/**
 * Cutting report releases through the database on SQLite and PostgreSQL: the first release takes
 * every waiting response once K usable ones wait, later ones only what the release rule allows, and
 * two app servers asking at once cut one release, never two.
 */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSurveyById, type Survey } from '../../server/data/surveys.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { createReleaseService } from '../../server/services/report-releases.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { arrangeReportSurvey, insertResponses, type ReportSurvey } from '../helpers/report-survey.js';

const clock = () => new Date('2026-12-02T12:00:00Z');
const more = (n: number, seed: number) =>
  generateResponses(loadDefaultInstrument(), { n, units: ['x'], workflows: ['Claims triage'], seed });
const releaseCount = async (db: Knex, surveyId: number) =>
  Number((await db('report_releases').where({ survey_id: surveyId }).count({ n: '*' }).first())!.n);

describe.each(testDatabases())('report releases on $name', ({ create }) => {
  let t: TestDb;
  let a: ReportSurvey;
  let survey: Survey;
  beforeEach(async () => {
    t = await create();
    a = await arrangeReportSurvey(t.db, { slug: 'rel', perTeam: 10 });
    survey = (await findSurveyById(t.db, a.surveyId))!;
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('releases everything first, then holds a lone response until its groups gain K', async () => {
    const releases = createReleaseService({ db: t.db, clock });
    expect(await releases.refresh(survey)).toMatchObject({
      waiting: false,
      release: { responses: 23, releasedOn: '2026-12-02' },
    });
    await insertResponses(t.db, a.surveyId, a.units.Claims, more(1, 1));
    expect(await releases.refresh(survey)).toMatchObject({ waiting: true, release: { responses: 23 } });
    await insertResponses(t.db, a.surveyId, a.units.Claims, more(4, 2));
    expect(await releases.refresh(survey)).toMatchObject({ waiting: false, release: { responses: 28 } });
    expect(await releaseCount(t.db, a.surveyId)).toBe(2);
  });

  it('cuts one release when two app servers ask at the same time', async () => {
    await createReleaseService({ db: t.db, clock }).refresh(survey);
    await insertResponses(t.db, a.surveyId, a.units.Claims, more(6, 3));
    const [one, two] = await Promise.all([
      createReleaseService({ db: t.db, clock }).refresh(survey),
      createReleaseService({ db: t.db, clock }).refresh(survey),
    ]);
    expect(one.release).toEqual(two.release);
    expect(await releaseCount(t.db, a.surveyId)).toBe(2);
    const waiting = await t
      .db('responses')
      .where({ survey_id: a.surveyId })
      .whereNull('release_id')
      .count({ n: '*' })
      .first();
    expect(Number(waiting!.n)).toBe(0);
  });
});
