/**
 * loadReportData reads a survey's released, unflagged responses page by page into typed columns
 * (server/data/report-pages.ts, report-columns.ts). The reference is the same rows read the plain way:
 * one knex row object each, in id order, answers from their JSON (server/data/answer-columns.ts
 * `answerColumns`). Every page size must give the same columns, on SQLite and on PostgreSQL.
 */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scoreColumns } from '../../analysis/scales/scoring.js';
import { answerCodes, answerColumns } from '../../server/data/answer-columns.js';
import { cutRelease } from '../../server/data/report-releases.js';
import { loadReportData } from '../../server/data/report-rows.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { instrumentItemIds, loadDefaultInstrument } from '../../server/instruments/load.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { arrangeReportSurvey, releaseAll } from '../helpers/report-survey.js';

const instrument = loadDefaultInstrument();
const itemIds = instrumentItemIds(instrument);
const ODD_WORKFLOW = 'Ünïcode, "quoted" | 1 ☃';

describe.each(testDatabases())('loadReportData pages on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  beforeEach(async () => {
    t = await create();
    db = t.db;
  });
  afterEach(async () => {
    await t.destroy();
  });

  /** A survey whose rows have every shape the reader meets, released once; then one more row released later. */
  async function arrange() {
    const { surveyId, units } = await arrangeReportSurvey(db, { slug: 'pages', perTeam: 12, small: 3 });
    const extra = generateResponses(instrument, { n: 7, units: ['x'], workflows: ['w'], seed: 21 }).map((r) => r.answers);
    const row = (answers: Record<string, number | null>, fields: Record<string, unknown> = {}) => ({
      survey_id: surveyId,
      unit_id: units.Claims,
      workflow: 'Renewals',
      role_level: null,
      submitted_on: '2026-11-22',
      answers: JSON.stringify(answers),
      answer_codes: answerCodes(itemIds, answers),
      comment: null,
      ...fields,
    });
    await db('responses').insert([
      row(extra[0], { unit_id: null, workflow: null, comment: 'Said "hi", then\nleft; ünïcode ☃' }),
      row(extra[1], { workflow: ODD_WORKFLOW, comment: '  ' }),
      row(extra[2], { answer_codes: null }), // stored before the codes existed: read from its JSON
      row({ ...extra[3], [itemIds[2]]: 2.1, [itemIds[5]]: null }), // no codes; 2.1 is not exact in a Float32Array
      row(extra[4], { quality_flag: 'fast' }),
      row(extra[5], { answer_codes: `x${'3'.repeat(itemIds.length - 1)}` }), // malformed codes: read from its JSON
    ]);
    await releaseAll(db, surveyId);
    const first = Number((await db('report_releases').where({ survey_id: surveyId }).max({ id: 'id' }).first())!.id);
    await db('responses').insert(row(extra[6], { workflow: 'Later' }));
    const later = (await db('responses').where({ survey_id: surveyId }).whereNull('release_id').pluck('id')).map(Number);
    await cutRelease(db, surveyId, later, '2026-12-01');
    return { surveyId, first };
  }

  /** The reference: the usable rows through `releaseId` as plain row objects, answers from their JSON. */
  async function reference(surveyId: number, releaseId: number) {
    const rows: { unit_id: number | null; workflow: string | null; comment: string | null; answers: string }[] = await db('responses')
      .where({ survey_id: surveyId })
      .whereNotNull('release_id')
      .where('release_id', '<=', releaseId)
      .whereNull('quality_flag')
      .orderBy('id')
      .select('unit_id', 'workflow', 'comment', 'answers');
    const answers = answerColumns(rows.map((r) => r.answers), itemIds);
    return {
      units: rows.map((r) => (r.unit_id === null ? -1 : Number(r.unit_id))),
      workflows: rows.map((r) => r.workflow),
      comments: rows.flatMap((r) => (r.comment === null ? [] : [r.comment])).sort(),
      answers: itemIds.map((id) => Array.from(answers[id])),
    };
  }

  const read = (data: Awaited<ReturnType<typeof loadReportData>>) => ({
    units: Array.from(data.unitIds),
    workflows: Array.from(data.workflowCodes, (w) => (w < 0 ? null : data.workflows[w])),
    comments: [...data.comments].sort(),
    answers: itemIds.map((id) => Array.from(data.answers[id])),
  });

  it('reads the same columns as plain row objects, for any page size, through the release asked for', async () => {
    const { surveyId, first } = await arrange();
    const expected = await reference(surveyId, first);
    expect(expected.workflows).toContain(ODD_WORKFLOW);
    for (const pageSize of [1, 2, 7, 4096]) {
      const data = await loadReportData(db, surveyId, itemIds, { releaseId: first, pageSize });
      expect(read(data), `page size ${pageSize}`).toEqual(expected);
      expect(data.n).toBe(expected.units.length);
      expect(data.excludedLowQuality).toBe(1);
    }
    const latest = await loadReportData(db, surveyId, itemIds, { pageSize: 5 });
    expect(read(latest)).toEqual(await reference(surveyId, first + 1));
    expect(latest.workflows).toContain('Later');
  });

  it('reads a survey whose ids are interleaved with another survey’s (sparse id windows) as plain row objects do', async () => {
    const { surveyId } = await arrangeReportSurvey(db, { slug: 'sparse', perTeam: 6, small: 3 });
    const other = await arrangeReportSurvey(db, { slug: 'other', perTeam: 6, small: 3 });
    const answers = generateResponses(instrument, { n: 60, units: ['x'], workflows: ['w'], seed: 8 }).map((r) => r.answers);
    // One response of this survey, then between 0 and 6 of the other, over and over.
    for (let i = 0; i < answers.length; i++) {
      const to = i % 7 === 0 ? surveyId : other.surveyId;
      await db('responses').insert({ survey_id: to, unit_id: null, workflow: `w${i % 3}`, role_level: null, submitted_on: '2026-11-22', answers: JSON.stringify(answers[i]), answer_codes: answerCodes(itemIds, answers[i]), comment: null });
    }
    await releaseAll(db, surveyId);
    await releaseAll(db, other.surveyId);
    const release = Number((await db('report_releases').where({ survey_id: surveyId }).max({ id: 'id' }).first())!.id);
    const expected = await reference(surveyId, release);
    for (const pageSize of [1, 3, 50]) expect(read(await loadReportData(db, surveyId, itemIds, { pageSize })), `page size ${pageSize}`).toEqual(expected);
  });

  it('keeps a JSON answer that a Float32Array would round (the analysis then refuses it as stored)', async () => {
    const { surveyId, first } = await arrange();
    const data = await loadReportData(db, surveyId, itemIds, { releaseId: first, pageSize: 3 });
    const column = data.answers[itemIds[2]];
    expect(column).toBeInstanceOf(Float64Array);
    expect(Array.from(column)).toContain(2.1);
    expect(data.answers[itemIds[0]]).toBeInstanceOf(Float32Array);
    expect(() => scoreColumns(instrument, data.answers)).toThrow(/value 2\.1 is not an integer from 1 to 5/);
  });

  it('reads each row’s role level, language and demographic answers as codes, for any page size', async () => {
    const { surveyId, first } = await arrange();
    const ids = (await db('responses').where({ survey_id: surveyId }).orderBy('id').pluck('id')).map(Number);
    for (const [i, id] of ids.entries())
      await db('responses')
        .where({ id })
        .update({
          role_level: i % 4 === 0 ? null : ['Executive', 'Manager', 'Staff — ünïcode'][i % 3],
          language: i % 5 === 0 ? null : ['en', 'fr'][i % 2],
          demographics: i % 6 === 0 ? null : JSON.stringify({ tenure: ['<1 year', '1–5 years'][i % 2], ...(i % 3 ? { site: 'Lyon' } : {}) }),
        });
    const rows: { role_level: string | null; language: string | null; demographics: string | null }[] = await db('responses')
      .where({ survey_id: surveyId })
      .whereNotNull('release_id')
      .where('release_id', '<=', first)
      .whereNull('quality_flag')
      .orderBy('id')
      .select('role_level', 'language', 'demographics');
    const expected = rows.map((r) => ({ roleLevel: r.role_level, language: r.language, demographics: r.demographics === null ? {} : JSON.parse(r.demographics) }));
    expect(new Set(expected.map((e) => e.roleLevel)).size).toBe(4);
    for (const pageSize of [1, 3, 4096]) {
      const data = await loadReportData(db, surveyId, itemIds, { releaseId: first, pageSize });
      expect(data.groups.code).toBeInstanceOf(Int32Array);
      expect(Array.from(data.groups.code, (c) => data.groups.combos[c]), `page size ${pageSize}`).toEqual(expected);
      expect(data.groups.combos.length).toBeLessThanOrEqual(expected.length);
    }
  });

  it('reads nothing before the first release', async () => {
    const { surveyId } = await arrangeReportSurvey(db, { slug: 'none', perTeam: 6, small: 3 });
    const data = await loadReportData(db, surveyId, itemIds);
    expect(data.n).toBe(0);
    expect(data.answers[itemIds[0]]).toHaveLength(0);
    expect(data.excludedLowQuality).toBe(0);
  });
});
