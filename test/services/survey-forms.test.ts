import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { answerCodes } from '../../server/data/answer-columns.js';
import { insertUnit } from '../../server/data/units.js';
import { instrumentItemIds } from '../../server/instruments/load.js';
import { createFormTiming } from '../../server/services/form-timing.js';
import { buildResponseFormSchema, type FormChoices } from '../../server/services/response-form.js';
import { createResponseService } from '../../server/services/responses.js';
import { createSurveyForms } from '../../server/services/survey-forms.js';
import { createSurveyLookup } from '../../server/services/survey-lookup.js';
import { completeAnswers } from '../helpers/answers.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { seedInvitations, seedSurvey } from '../helpers/survey-fixture.js';

const clock = () => new Date('2026-05-02T08:30:00Z');

describe.each(testDatabases())('compiled survey forms on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  beforeAll(async () => {
    t = await create();
    db = t.db;
  });
  afterAll(async () => {
    await t.destroy();
  });

  /** A lookup and response service sharing one form cache whose schema builds are counted. */
  function counted() {
    const built: FormChoices[] = [];
    const languages: (string | undefined)[] = [];
    const buildSchema = (instrument: Instrument, choices: FormChoices, language?: string) => {
      built.push(choices);
      languages.push(language);
      return buildResponseFormSchema(instrument, choices, language);
    };
    const lookup = createSurveyLookup({ db, clock, forms: createSurveyForms({ db, buildSchema }) });
    const responses = createResponseService({
      db,
      clock,
      formTiming: createFormTiming({ secret: 'x'.repeat(16), clock }),
    });
    const submit = async (code: string, body: Record<string, unknown>, token?: string, language?: string) =>
      responses.submit(await lookup.open(code, token), body, language);
    return { built, languages, lookup, submit };
  }

  it('builds one schema per language, each once, and stores the language answered in', async () => {
    const { code, surveyId, teamA, instrument } = await seedSurvey(db);
    const { languages, submit } = counted();
    const body = { ...completeAnswers(instrument), unit: String(teamA), role_level: 'Manager' };
    for (const language of ['de', 'fr', 'de', 'fr', 'en', 'de'])
      expect(await submit(code, body, undefined, language)).toEqual({ ok: true });
    expect(languages).toEqual(['de', 'fr', 'en']);
    expect(await db('responses').where({ survey_id: surveyId }).orderBy('id').pluck('language')).toEqual([
      'de',
      'fr',
      'de',
      'fr',
      'en',
      'de',
    ]);
  });

  it('builds the submission schema once for many submissions and stores the answers as before', async () => {
    const { code, surveyId, teamA, teamB, instrument } = await seedSurvey(db, { workflows: ['Invoicing'] });
    const { built, submit } = counted();
    const bodies = [1, 2, 3, 4, 5].map((k) => ({
      ...completeAnswers(instrument, (i) => ((i + k) % 5) + 1),
      unit: String(k % 2 ? teamA : teamB),
      role_level: 'Manager',
      workflow: 'Invoicing',
      comment: k === 3 ? ' kept ' : '',
    }));
    for (const body of bodies) expect(await submit(code, body)).toEqual({ ok: true });

    expect(built).toHaveLength(1);
    const rows = await db('responses').where({ survey_id: surveyId }).orderBy('id');
    expect(rows).toHaveLength(5);
    rows.forEach((row, k) => {
      const { unit, role_level, workflow, comment, ...answers } = bodies[k];
      const stored = Object.fromEntries(Object.entries(answers).map(([id, v]) => [id, Number(v)]));
      expect(row.answers).toBe(JSON.stringify(stored));
      expect(row.answer_codes).toBe(answerCodes(instrumentItemIds(instrument), stored));
      expect(row).toMatchObject({
        unit_id: Number(unit),
        role_level,
        workflow,
        comment: comment.trim() || null,
        submitted_on: '2026-05-02',
      });
    });
  });

  it('accepts a unit added after the first submission, with a schema built for the new unit list', async () => {
    const { code, surveyId, organizationId, departmentId, teamA, instrument } = await seedSurvey(db);
    const { built, submit } = counted();
    const body = { ...completeAnswers(instrument), role_level: 'Manager' };
    expect(await submit(code, { ...body, unit: String(teamA) })).toEqual({ ok: true });

    const teamC = await insertUnit(db, { organizationId, parentId: departmentId, name: 'Payroll', kind: 'team' });
    expect(await submit(code, { ...body, unit: String(teamC) })).toEqual({ ok: true });

    expect(built.map((choices) => choices.unitIds.length)).toEqual([2, 3]);
    expect((await db('responses').where({ survey_id: surveyId }).orderBy('id')).map((r) => r.unit_id)).toEqual([
      teamA,
      teamC,
    ]);
  });

  it('keeps the schema of an invitation with a fixed unit apart from the one that asks for a unit', async () => {
    const { code, surveyId, teamB, instrument } = await seedSurvey(db, { access: 'invitation' });
    await seedInvitations(db, surveyId, teamB, ['fixed-1', 'fixed-2']);
    const { built, submit } = counted();
    const body = { ...completeAnswers(instrument), role_level: 'Manager' };
    expect(await submit(code, { ...body, t: 'fixed-1' }, 'fixed-1')).toEqual({ ok: true });
    expect(await submit(code, { ...body, t: 'fixed-2' }, 'fixed-2')).toEqual({ ok: true });

    expect(built).toEqual([{ unitIds: [], unitFixed: true, workflows: [] }]);
    expect((await db('responses').where({ survey_id: surveyId })).map((r) => r.unit_id)).toEqual([teamB, teamB]);
  });
});
