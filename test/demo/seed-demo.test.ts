/** seedDemo against a fresh database built by the real migrations (SQLite, and PostgreSQL when TEST_DATABASE_URL is set). */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listResponses } from '../../server/data/responses.js';
import { findSurveyByCode } from '../../server/data/surveys.js';
import { listUnits } from '../../server/data/units.js';
import { DEMO_DEPARTMENTS, DEMO_SURVEY, DEMO_TEAMS, DEMO_WORKFLOWS } from '../../server/demo/demo-organization.js';
import { seedDemo } from '../../server/demo/seed-demo.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

const count = async (db: Knex, table: string) => Number((await db(table).count({ n: '*' }).first())?.n ?? 0);
const tables = ['organizations', 'units', 'instruments', 'surveys', 'responses'];

describe.each(testDatabases())('seedDemo on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  beforeEach(async () => {
    t = await create();
    db = t.db;
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('creates the demo organization, 4 departments with 12 teams, an open survey at /s/demo and 400 responses', async () => {
    const result = await seedDemo(db, { baseUrl: 'http://localhost:3000/', now: new Date('2026-11-29T12:00:00Z') });

    expect(result.created).toBe(true);
    expect(result.surveyUrl).toBe('http://localhost:3000/s/demo');
    expect(result.responses).toBe(DEMO_SURVEY.responses);
    const units = await listUnits(db, result.organizationId);
    expect(
      units
        .filter((u) => u.kind === 'department')
        .map((u) => u.name)
        .sort(),
    ).toEqual(Object.keys(DEMO_DEPARTMENTS).sort());
    expect(
      units
        .filter((u) => u.kind === 'team')
        .map((u) => u.name)
        .sort(),
    ).toEqual([...DEMO_TEAMS].sort());
    for (const team of units.filter((u) => u.kind === 'team')) {
      expect(units.find((u) => u.id === team.parentId)?.kind).toBe('department');
    }
    const survey = await findSurveyByCode(db, 'demo');
    expect(survey).toMatchObject({
      id: result.surveyId,
      organizationId: result.organizationId,
      status: 'open',
      access: 'open',
    });
    expect(survey?.workflows).toEqual(DEMO_WORKFLOWS);
  });

  it('stores responses with a team, a workflow of the survey and a submission day within the last two weeks', async () => {
    const result = await seedDemo(db, { baseUrl: 'http://x', now: new Date('2026-11-29T12:00:00Z') });
    const responses = await listResponses(db, result.surveyId);
    const teamIds = new Set(
      (await listUnits(db, result.organizationId)).filter((u) => u.kind === 'team').map((u) => u.id),
    );

    expect(responses).toHaveLength(DEMO_SURVEY.responses);
    for (const r of responses) {
      expect(teamIds.has(r.unitId!)).toBe(true);
      expect(DEMO_WORKFLOWS).toContain(r.workflow);
      expect(r.submittedOn >= '2026-11-16' && r.submittedOn <= '2026-11-29').toBe(true);
      expect(Object.keys(r.answers).length).toBeGreaterThan(30);
    }
    expect(new Set(responses.map((r) => r.submittedOn)).size).toBeGreaterThan(5);
  });

  it('changes nothing on a second run and says so', async () => {
    const first = await seedDemo(db, { baseUrl: 'http://x' });
    const before = await Promise.all(tables.map((t) => count(db, t)));

    const second = await seedDemo(db, { baseUrl: 'http://x' });

    expect(second).toEqual({ ...first, created: false });
    expect(await Promise.all(tables.map((t) => count(db, t)))).toEqual(before);
  });

  it('reports the current response count when the survey already has more answers', async () => {
    const first = await seedDemo(db, { baseUrl: 'http://x' });
    await db('responses').insert({
      survey_id: first.surveyId,
      unit_id: null,
      workflow: null,
      role_level: null,
      submitted_on: '2026-11-29',
      answers: '{}',
      comment: null,
    });

    const second = await seedDemo(db, { baseUrl: 'http://x' });

    expect(second.created).toBe(false);
    expect(second.responses).toBe(DEMO_SURVEY.responses + 1);
  });

  it('refuses to treat a survey with the demo code in another organization as the demo', async () => {
    const [{ id: orgId }] = await db('organizations').insert({ name: 'Other', slug: 'other' }).returning('id');
    const [{ id: instrumentId }] = await db('instruments')
      .insert({ key: 'k', version: 1, title: 't', definition: '{}' })
      .returning('id');
    await db('surveys').insert({
      organization_id: orgId,
      instrument_id: instrumentId,
      code: 'demo',
      title: 'Not the demo',
    });

    await expect(seedDemo(db, { baseUrl: 'http://x' })).rejects.toThrow(/already exists outside the demo organization/);
    expect(await count(db, 'responses')).toBe(0);
  });
});
