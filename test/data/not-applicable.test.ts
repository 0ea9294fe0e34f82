/**
 * "Does not apply" (N/A) is stored as 0 (issue 13 contract): every reader that turns stored answers
 * into analysis columns reads it as missing (NaN), through the answer codes and through the JSON
 * alike, and a scale score still needs at least half its items (analysis/scales/scoring.ts). The
 * export asks for N/A kept as 0 to write it `NA`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scoreScales } from '../../analysis/scales/scoring.js';
import { answerCodes } from '../../server/data/answer-columns.js';
import { loadReportData } from '../../server/data/report-rows.js';
import { instrumentItemIds, loadDefaultInstrument } from '../../server/instruments/load.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { arrangeReportSurvey, releaseAll } from '../helpers/report-survey.js';

const instrument = loadDefaultInstrument();
const itemIds = instrumentItemIds(instrument);

describe.each(testDatabases())('N/A answers read back on $name', ({ create }) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(async () => {
    await t.destroy();
  });

  /** Two responses: decision rights dr1–dr4 with two N/A (half answered) and with three N/A (fewer than half). */
  async function arrange(withCodes: boolean) {
    const { db } = t;
    const { surveyId } = await arrangeReportSurvey(db, { slug: 'na', perTeam: 5, small: 0 });
    const base = Object.fromEntries(itemIds.map((id) => [id, 4]));
    const half = { ...base, dr1: 0, dr2: 0, dr3: 2, dr4: 5 };
    const tooFew = { ...base, dr1: 0, dr2: 0, dr3: 0, dr4: 5 };
    for (const answers of [half, tooFew])
      await db('responses').insert({
        survey_id: surveyId,
        unit_id: null,
        workflow: null,
        role_level: null,
        submitted_on: '2026-12-02',
        answers: JSON.stringify(answers),
        answer_codes: withCodes ? answerCodes(itemIds, answers) : null,
        comment: null,
      });
    await releaseAll(db, surveyId);
    return surveyId;
  }

  it.each([true, false])('reads N/A as missing (codes stored: %s) and scores a scale only with half its items', async (withCodes) => {
    const surveyId = await arrange(withCodes);
    const stored: string[] = await t.db('responses').where({ survey_id: surveyId }).orderBy('id').pluck('answer_codes');
    if (withCodes) expect(stored.at(-1)!.slice(0, 4)).toBe('0005');
    const data = await loadReportData(t.db, surveyId, itemIds);
    const last = data.n - 1;
    expect([data.answers.dr1[last - 1], data.answers.dr2[last - 1], data.answers.dr3[last - 1]]).toEqual([NaN, NaN, 2]);
    const scores = scoreScales(instrument, data.answers);
    // dr4 is reverse-keyed on 1–5: 5 scores 1. Half answered (dr3 = 2, dr4 → 1): the mean 1.5.
    expect(scores.decision_rights[last - 1]).toBeCloseTo(1.5, 10);
    // One of four answered: fewer than half, no score.
    expect(scores.decision_rights[last]).toBeNaN();

    const kept = await loadReportData(t.db, surveyId, itemIds, { notApplicable: 0 });
    expect([kept.answers.dr1[last], kept.answers.dr2[last], kept.answers.dr3[last], kept.answers.dr4[last]]).toEqual([0, 0, 0, 5]);
  });
});
