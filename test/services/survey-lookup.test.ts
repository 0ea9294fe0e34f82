import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUnit, listUnits } from '../../server/data/units.js';
import { ConflictError, ForbiddenError, GoneError, NotFoundError } from '../../server/errors.js';
import { createFormTiming } from '../../server/services/form-timing.js';
import { createResponseService } from '../../server/services/responses.js';
import { createSurveyLookup, unitChoiceGroups } from '../../server/services/survey-lookup.js';
import { completeAnswers } from '../helpers/answers.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { seedInvitations, seedSurvey } from '../helpers/survey-fixture.js';

const at = (iso: string) => () => new Date(iso);

describe.each(testDatabases())('survey lookup on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  beforeAll(async () => {
    t = await create();
    db = t.db;
  });
  afterAll(async () => {
    await t.destroy();
  });

  describe('survey lookup', () => {
    it('offers the leaves of the unit tree, grouped under their department', async () => {
      const { organizationId } = await seedSurvey(db);
      await insertUnit(db, { organizationId, name: 'Board office', kind: 'team' });
      const groups = unitChoiceGroups(await listUnits(db, organizationId));
      expect(groups).toEqual([
        { label: null, units: [{ id: expect.any(Number), name: 'Board office' }] },
        {
          label: 'Operations',
          units: [expect.objectContaining({ name: 'Billing' }), expect.objectContaining({ name: 'Claims' })],
        },
      ]);
    });

    it('opens a survey only inside its window', async () => {
      const { code } = await seedSurvey(db, {
        opensAt: new Date('2026-04-01T00:00:00Z'),
        closesAt: new Date('2026-04-30T00:00:00Z'),
      });
      await expect(
        createSurveyLookup({ db, clock: at('2026-03-31T23:59:59Z') }).open(code, undefined),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        createSurveyLookup({ db, clock: at('2026-04-15T12:00:00Z') }).open(code, undefined),
      ).resolves.toMatchObject({ survey: { code } });
      await expect(
        createSurveyLookup({ db, clock: at('2026-04-30T00:00:00Z') }).open(code, undefined),
      ).rejects.toBeInstanceOf(GoneError);
    });

    it('requires a valid unused invitation for invitation-only surveys', async () => {
      const clock = at('2026-04-15T12:00:00Z');
      const { code, surveyId, teamA, instrument } = await seedSurvey(db, { access: 'invitation' });
      await seedInvitations(db, surveyId, teamA, ['tok-1']);
      const lookup = createSurveyLookup({ db, clock });
      await expect(lookup.open(code, undefined)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(lookup.open(code, 'tok-2')).rejects.toBeInstanceOf(ForbiddenError);
      const context = await lookup.open(code, 'tok-1');
      expect(context.fixedUnit).toMatchObject({ id: teamA, name: 'Claims' });
      expect(context.unitChoices).toEqual([]);
      await createResponseService({
        db,
        clock,
        formTiming: createFormTiming({ secret: 'form-timing-secret-for-tests', clock }),
      }).submit(context, { ...completeAnswers(instrument), role_level: 'Manager' });
      await expect(lookup.open(code, 'tok-1')).rejects.toBeInstanceOf(ConflictError);
    });

    it('does not accept a token from another survey', async () => {
      const first = await seedSurvey(db, { access: 'invitation' });
      const second = await seedSurvey(db, { access: 'invitation' });
      await seedInvitations(db, first.surveyId, null, ['tok-first']);
      await expect(
        createSurveyLookup({ db, clock: at('2026-04-15T12:00:00Z') }).open(second.code, 'tok-first'),
      ).rejects.toBeInstanceOf(ForbiddenError);
    });
  });
});
