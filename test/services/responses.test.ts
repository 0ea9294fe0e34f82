import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listResponses } from '../../server/data/responses.js';
import { ConflictError } from '../../server/errors.js';
import { createResponseService, dayOf } from '../../server/services/responses.js';
import { createSurveyLookup } from '../../server/services/survey-lookup.js';
import { completeAnswers } from '../helpers/answers.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { seedInvitations, seedSurvey } from '../helpers/survey-fixture.js';

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
      const responses = createResponseService({ db, clock });
      // Both requests pass the lookup before either has marked the invitation used.
      const [first, second] = await Promise.all([lookup.open(code, 'same-token'), lookup.open(code, 'same-token')]);
      const body = { ...completeAnswers(instrument), role_level: 'Manager' };

      const results = await Promise.allSettled([responses.submit(first, body), responses.submit(second, body)]);

      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ConflictError);
      expect(await listResponses(db, surveyId)).toHaveLength(1);
    });

    it('returns field errors and stores nothing for an incomplete form', async () => {
      const { code, surveyId } = await seedSurvey(db);
      const context = await createSurveyLookup({ db, clock }).open(code, undefined);
      const result = await createResponseService({ db, clock }).submit(context, { dr1: '2' });
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
      const service = createResponseService({ db, clock });
      for (const unit of [teamA, teamA, teamB]) {
        expect(await service.submit(context, { ...completeAnswers(instrument), unit: String(unit), role_level: 'Team lead' })).toEqual({ ok: true });
      }
      expect((await listResponses(db, surveyId)).map((r) => r.unitId)).toEqual([teamA, teamA, teamB]);
      expect((await listResponses(db, surveyId)).map((r) => r.submittedOn)).toEqual(['2026-05-02', '2026-05-02', '2026-05-02']);
    });
  });
});
