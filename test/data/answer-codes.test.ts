/**
 * Answer codes (server/data/answer-columns.ts): the compact copy of the answers a report reads. The
 * reference is the answers JSON read by `answerColumns` (itself checked against JSON.parse +
 * analysis/scales/scoring.ts `itemColumnsFromRows`): codes must give the same columns, and loadReportData
 * must return the same data whether rows have codes, have none (stored before the migration), or mixed.
 */
import fc from 'fast-check';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerCodes, answerColumns, readAnswerCodes } from '../../server/data/answer-columns.js';
import { loadReportData } from '../../server/data/report-rows.js';
import { migrations } from '../../migrations/index.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { instrumentItemIds, loadDefaultInstrument } from '../../server/instruments/load.js';
import { arrangeReportSurvey, releaseAll } from '../helpers/report-survey.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

const ids = ['dr1', 'dr2', 'wo1', 'x_9'];

function decode(codes: readonly (string | null)[], itemIds: readonly string[]): { cols: Float64Array[]; read: boolean[] } {
  const cols = itemIds.map(() => new Float64Array(codes.length).fill(NaN));
  const read = codes.map((c, r) => readAnswerCodes(c, cols, r));
  return { cols, read };
}

const plain = (cols: Record<string, Float64Array> | Float64Array[]) => Object.values(cols).map((c) => Array.from(c as Float64Array));

describe('answerCodes', () => {
  it('writes one character per item in item order: the digit, or "." for absent and null; other keys ignored', () => {
    expect(answerCodes(ids, { wo1: 7, dr1: 1, other: 3, dr2: null })).toBe('1.7.');
    expect(answerCodes(ids, {})).toBe('....');
    expect(answerCodes(ids, { dr1: 0, dr2: 9, wo1: 4, x_9: 5 })).toBe('0945');
  });

  it('gives null (read the JSON instead) for an answer that does not fit one digit or is not a number', () => {
    for (const v of [10, -1, 2.5, -0, '4', true, NaN, Infinity]) expect(answerCodes(ids, { dr1: v }), String(v)).toBeNull();
  });

  it('decodes to the same columns as the answers JSON, for 7-point answers with missing ones (property)', () => {
    const answer = fc.oneof(fc.integer({ min: 1, max: 7 }), fc.constant(null), fc.constant(undefined));
    fc.assert(fc.property(fc.array(fc.tuple(answer, answer, answer, answer), { maxLength: 30 }), (rows) => {
      const objects = rows.map((vals) => Object.fromEntries(ids.map((id, c) => [id, vals[c]]).filter(([, v]) => v !== undefined)) as Record<string, number | null>);
      const codes = objects.map((a) => answerCodes(ids, a));
      const { cols, read } = decode(codes, ids);
      expect(read.every(Boolean)).toBe(true);
      expect(plain(cols)).toEqual(plain(answerColumns(objects.map((a) => JSON.stringify(a)), ids)));
    }), { numRuns: 200 });
  });

  it('leaves a row NaN and reports it unread for codes that are null, of another length, or hold a stray character', () => {
    const { cols, read } = decode(['12.4', null, '123', '12x4', '7777'], ids);
    expect(read).toEqual([true, false, false, false, true]);
    expect(plain(cols).map((col) => col.slice(1, 4))).toEqual(ids.map(() => [NaN, NaN, NaN]));
    expect(plain(cols).map((col) => col[0])).toEqual([1, 2, NaN, 4]);
  });
});

describe.each(testDatabases())('loadReportData with and without answer codes on $name', ({ create }) => {
  let t: TestDb;
  beforeEach(async () => { t = await create(); });
  afterEach(async () => { await t.destroy(); });

  const itemIds = instrumentItemIds(loadDefaultInstrument());
  const columns = (data: Awaited<ReturnType<typeof loadReportData>>) => ({
    units: Array.from(data.unitIds),
    workflows: Array.from(data.workflowCodes, (w) => (w < 0 ? null : data.workflows[w])),
    comments: [...data.comments].sort(),
    excluded: data.excludedLowQuality,
    answers: itemIds.map((id) => Array.from(data.answers[id])),
  });

  async function arrange(db: Knex) {
    const { surveyId } = await arrangeReportSurvey(db, { slug: 'codes', perTeam: 30, small: 3 });
    // Some answers missing, and one answer outside a digit (stored without codes by the app's rule).
    const ids = await db('responses').where({ survey_id: surveyId }).orderBy('id').pluck('id');
    const extra = generateResponses(loadDefaultInstrument(), { n: 2, units: ['x'], workflows: ['w'], seed: 5 });
    const sparse = { ...extra[0].answers, [itemIds[0]]: null } as Record<string, number | null>;
    delete sparse[itemIds[3]];
    const odd = { ...extra[1].answers, [itemIds[1]]: 12 };
    for (const answers of [sparse, odd]) {
      await db('responses').insert({ survey_id: surveyId, unit_id: null, workflow: 'w', role_level: null, submitted_on: '2026-11-22', answers: JSON.stringify(answers), answer_codes: answerCodes(itemIds, answers), comment: null });
    }
    await releaseAll(db, surveyId);
    return { surveyId, ids };
  }

  it('returns identical columns for rows with codes, without codes, and mixed', async () => {
    const { db } = t;
    const { surveyId, ids } = await arrange(db);
    expect(await db('responses').where({ survey_id: surveyId }).whereNull('answer_codes').pluck('answers')).toHaveLength(1);
    const withCodes = columns(await loadReportData(db, surveyId, itemIds));
    // The JSON reference: the same rows read through the JSON reader alone.
    const texts: string[] = await db('responses').where({ survey_id: surveyId }).orderBy('id').pluck('answers');
    expect(withCodes.answers).toEqual(plain(answerColumns(texts, itemIds)));
    expect(withCodes.answers[3].some(Number.isNaN)).toBe(true);

    await db('responses').whereIn('id', ids.filter((_, i) => i % 3 === 0)).update({ answer_codes: null });
    expect(columns(await loadReportData(db, surveyId, itemIds))).toEqual(withCodes);

    await db('responses').where({ survey_id: surveyId }).update({ answer_codes: null });
    expect(columns(await loadReportData(db, surveyId, itemIds))).toEqual(withCodes);
  });

  it('names a response whose JSON is unreadable by its position, when codes are missing', async () => {
    const { db } = t;
    const { surveyId, ids } = await arrange(db);
    await db('responses').where({ id: ids[4] }).update({ answers: '{not json', answer_codes: null });
    await expect(loadReportData(db, surveyId, itemIds)).rejects.toThrow(`Response 5 of survey ${surveyId} has unreadable answers JSON`);
  });

  it('the migration fills codes for rows stored before it, equal to the codes the app writes', async () => {
    const { db } = t;
    const { surveyId } = await arrange(db);
    const written: (string | null)[] = await db('responses').where({ survey_id: surveyId }).orderBy('id').pluck('answer_codes');
    const migration = migrations.find((m) => m.name === '202611291700_add_answer_codes_to_responses')!.migration;
    await migration.down!(db);
    expect(await db.schema.hasColumn('responses', 'answer_codes')).toBe(false);
    await migration.up(db);
    expect(await db('responses').where({ survey_id: surveyId }).orderBy('id').pluck('answer_codes')).toEqual(written);
    expect(written.filter((c) => c === null)).toHaveLength(1);
  });
});
