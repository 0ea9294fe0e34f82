import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listResponses } from '../../server/data/responses.js';
import { ConflictError, GoneError } from '../../server/errors.js';
import { createFormTiming } from '../../server/services/form-timing.js';
import { createResponseService, dayOf } from '../../server/services/responses.js';
import { createSurveyLookup } from '../../server/services/survey-lookup.js';
import { createSurveyService } from '../../server/services/surveys.js';
import { completeAnswers } from '../helpers/answers.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { seedInvitations, seedSurvey } from '../helpers/survey-fixture.js';

const SECRET = 'form-timing-secret-for-tests';

describe('dayOf', () => {
  it('keeps the UTC calendar day only', () => {
    expect(dayOf(new Date('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31');
    expect(dayOf(new Date('2026-01-01T00:00:00+02:00'))).toBe('2025-12-31');
  });
});

describe.each(testDatabases())('responses on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  beforeAll(async () => {
    t = await create();
    db = t.db;
  });
  afterAll(async () => {
    await t.destroy();
  });

  describe('response service', () => {
    const clock = () => new Date('2026-05-02T08:30:00Z');

    it('accepts only one of two concurrent submissions with the same invitation', async () => {
      const { code, surveyId, teamA, instrument } = await seedSurvey(db, { access: 'invitation' });
      await seedInvitations(db, surveyId, teamA, ['same-token']);
      const lookup = createSurveyLookup({ db, clock });
      const responses = createResponseService({ db, clock, formTiming: createFormTiming({ secret: SECRET, clock }) });
      // Both requests pass the lookup before either has marked the invitation used.
      const [first, second] = await Promise.all([lookup.open(code, 'same-token'), lookup.open(code, 'same-token')]);
      const body = { ...completeAnswers(instrument), role_level: 'Manager' };

      const results = await Promise.allSettled([responses.submit(first, body), responses.submit(second, body)]);

      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ConflictError);
      expect(await listResponses(db, surveyId)).toHaveLength(1);
    });

    it('stores every one of many concurrent submissions, each resolved only once it is stored', async () => {
      const { code, surveyId, teamA, teamB, instrument } = await seedSurvey(db);
      const context = await createSurveyLookup({ db, clock }).open(code, undefined);
      const service = createResponseService({ db, clock, formTiming: createFormTiming({ secret: SECRET, clock }) });
      const stored: number[] = [];
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          service
            .submit(context, {
              ...completeAnswers(instrument),
              unit: String(i % 2 ? teamA : teamB),
              role_level: 'Manager',
            })
            .then(async (result) => {
              expect(result).toEqual({ ok: true });
              stored.push((await listResponses(db, surveyId)).length);
            }),
        ),
      );
      // Each submission saw at least its own row once it resolved; all 30 are stored.
      expect(Math.min(...stored)).toBeGreaterThan(0);
      expect(await listResponses(db, surveyId)).toHaveLength(30);
    });

    it('returns field errors and stores nothing for an incomplete form', async () => {
      const { code, surveyId } = await seedSurvey(db);
      const context = await createSurveyLookup({ db, clock }).open(code, undefined);
      const result = await createResponseService({
        db,
        clock,
        formTiming: createFormTiming({ secret: SECRET, clock }),
      }).submit(context, { dr1: '2' });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.fieldErrors.dr2).toBe('Choose an answer');
        expect(result.fieldErrors.unit).toBe('Choose your team');
        expect(result.fieldErrors.dr1).toBeUndefined();
      }
      expect(await listResponses(db, surveyId)).toHaveLength(0);
    });

    it('stores each response with its unit and the day only', async () => {
      const { code, surveyId, teamA, teamB, instrument } = await seedSurvey(db);
      const context = await createSurveyLookup({ db, clock }).open(code, undefined);
      const service = createResponseService({ db, clock, formTiming: createFormTiming({ secret: SECRET, clock }) });
      for (const unit of [teamA, teamA, teamB]) {
        expect(
          await service.submit(context, {
            ...completeAnswers(instrument),
            unit: String(unit),
            role_level: 'Team lead',
          }),
        ).toEqual({ ok: true });
      }
      expect((await listResponses(db, surveyId)).map((r) => r.unitId)).toEqual([teamA, teamA, teamB]);
      expect((await listResponses(db, surveyId)).map((r) => r.submittedOn)).toEqual([
        '2026-05-02',
        '2026-05-02',
        '2026-05-02',
      ]);
    });
  });

  describe('quality flags', () => {
    let now: Date;
    const clock = () => now;
    const timing = createFormTiming({ secret: SECRET, clock });
    const service = () => createResponseService({ db, clock, formTiming: timing });
    const flagsOf = async (surveyId: number) =>
      (await db('responses').where({ survey_id: surveyId }).orderBy('id').pluck('quality_flag')) as (string | null)[];

    it('stores "straightline" for the same answer to every item, and nothing for varied answers', async () => {
      now = new Date('2026-05-02T08:30:00Z');
      const { code, surveyId, teamA, instrument } = await seedSurvey(db);
      const context = await createSurveyLookup({ db, clock }).open(code, undefined);
      const segment = { unit: String(teamA), role_level: 'Manager' };
      expect(await service().submit(context, { ...completeAnswers(instrument, () => 4), ...segment })).toEqual({
        ok: true,
      });
      expect(await service().submit(context, { ...completeAnswers(instrument), ...segment })).toEqual({ ok: true });
      expect(await flagsOf(surveyId)).toEqual(['straightline', null]);
    });

    it('stores "fast" for less than 2 seconds per item since the signed load time, and no timing verdict without a valid one', async () => {
      now = new Date('2026-05-02T08:30:00Z');
      const { code, surveyId, teamA, instrument } = await seedSurvey(db);
      const context = await createSurveyLookup({ db, clock }).open(code, undefined);
      const body = { ...completeAnswers(instrument), unit: String(teamA), role_level: 'Manager' };
      const items = Object.keys(completeAnswers(instrument)).length;
      const started = timing.stamp(code);
      now = new Date(now.getTime() + items * 2000 - 1);
      await service().submit(context, { ...body, started });
      now = new Date(now.getTime() + 1);
      await service().submit(context, { ...body, started });
      // Edited, forged, from another survey, or missing: no timing verdict, the response is kept.
      const [ms, mac] = started.split('.');
      const other = await seedSurvey(db);
      for (const bad of [
        `${Number(ms) + 60_000}.${mac}`,
        `${ms}.${'A'.repeat(43)}`,
        timing.stamp(other.code),
        'nonsense',
        undefined,
      ]) {
        expect(await service().submit(context, { ...body, started: bad })).toEqual({ ok: true });
      }
      expect(await flagsOf(surveyId)).toEqual(['fast', null, null, null, null, null, null]);
    });
  });

  describe('closing', () => {
    it('refuses with 410 a submission whose form was accepted before the close, once the close has returned, and stores nothing', async () => {
      const clock = () => new Date('2026-05-02T08:30:00Z');
      const { code, surveyId, organizationId, teamA, instrument } = await seedSurvey(db);
      const context = await createSurveyLookup({ db, clock }).open(code, undefined);
      expect(await createSurveyService({ db, instrument, clock }).close(organizationId, surveyId)).toBe(true);
      const submitted = createResponseService({
        db,
        clock,
        formTiming: createFormTiming({ secret: SECRET, clock }),
      }).submit(context, { ...completeAnswers(instrument), unit: String(teamA), role_level: 'Manager' });
      await expect(submitted).rejects.toBeInstanceOf(GoneError);
      expect(await listResponses(db, surveyId)).toHaveLength(0);
    });
  });
});
