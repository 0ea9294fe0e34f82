/**
 * The redesign-plan service and its queries on SQLite and PostgreSQL: owners are the organization's
 * staff only, edits and metric values (replace, delete) are stored and audited, the later wave is the
 * latest closed survey of the same organization and instrument, and the next-workflow rule.
 */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { laterClosedSurveyId } from '../../server/data/redesign-plans.js';
import { findSurveyById, insertSurvey, markSurveyClosed } from '../../server/data/surveys.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { createOrganizationService } from '../../server/services/organizations.js';
import { nextWorkflow } from '../../server/services/plan-next.js';
import { createRedesignPlanService, type PlanInput } from '../../server/services/redesign-plans.js';
import { createSurveyService } from '../../server/services/surveys.js';
import { createUserService } from '../../server/services/users.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const input: PlanInput = {
  workflow: 'Sales proposals',
  levers: ['measurement'],
  ownerId: null,
  targetDate: '2027-03-31',
  decisionRights: '',
  dataAccess: '',
  measurement: 'Win rate',
  metricName: 'Win rate',
  metricUnit: '%',
  metricDirection: 'up',
  metricBaseline: 20,
};

describe('nextWorkflow', () => {
  const ranked = ['A', 'B', 'C'].map((workflow) => ({ workflow, score: 0, org_share: 0, org_mean: 0 }));
  it('proposes nothing before a plan is done', () => {
    expect(nextWorkflow({ ranked }, [{ workflow: 'A', status: 'in_progress', surveyId: 1 }], 1)).toBeNull();
  });
  it('skips workflows with a plan under way and the done one of the same wave', () => {
    const plans = [
      { workflow: 'A', status: 'done' as const, surveyId: 1 },
      { workflow: 'B', status: 'planned' as const, surveyId: 1 },
    ];
    expect(nextWorkflow({ ranked }, plans, 1)).toEqual({ workflow: 'C', excluded: ['B'] });
    // In a later wave the done workflow is ranked again on new evidence.
    expect(nextWorkflow({ ranked }, plans, 2)).toEqual({ workflow: 'A', excluded: ['B'] });
  });
});

describe.each(testDatabases())('redesign plans service on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  beforeEach(async () => {
    t = await create();
    db = t.db;
  });
  afterEach(async () => {
    await t.destroy();
  });

  async function arrange() {
    const orgs = createOrganizationService({ db });
    const users = createUserService({ db });
    const a = await orgs.create({ name: 'Alpha' });
    const b = await orgs.create({ name: 'Beta' });
    const admin = await users.create({
      email: 'admin@example.com',
      password: 'long enough',
      role: 'admin',
      organizationId: null,
    });
    const analyst = await users.create({
      email: 'ana@example.com',
      password: 'long enough',
      role: 'analyst',
      organizationId: a.id,
    });
    const outsider = await users.create({
      email: 'out@example.com',
      password: 'long enough',
      role: 'analyst',
      organizationId: b.id,
    });
    const consultant = await users.create({
      email: 'con@example.com',
      password: 'long enough',
      role: 'consultant',
      organizationId: null,
    });
    await users.assignOrganization(consultant.id, a.id);
    const survey = await createSurveyService({ db, instrument: loadDefaultInstrument(), clock: () => NOW }).create(
      a.id,
      {
        title: 'Wave 1',
        workflows: ['Sales proposals', 'Software delivery'],
        access: 'open',
        anonymityThreshold: 5,
        closesAt: null,
      },
    );
    return {
      a,
      b,
      admin,
      analyst,
      outsider,
      consultant,
      survey,
      plans: createRedesignPlanService({ db, clock: () => NOW }),
    };
  }

  it('offers the organization’s staff as owners and refuses anyone else', async () => {
    const { a, analyst, outsider, survey, plans } = await arrange();
    expect((await plans.owners(a.id)).map((o) => o.email)).toEqual([
      'admin@example.com',
      'ana@example.com',
      'con@example.com',
    ]);
    await expect(plans.create(analyst, survey, { ...input, ownerId: outsider.id })).rejects.toMatchObject({
      field: 'ownerId',
    });
    await expect(plans.create(analyst, survey, { ...input, levers: ['nonsense'] })).rejects.toMatchObject({
      field: 'levers',
    });
  });

  it('stores an edit, replaces and deletes metric values, and audits each change', async () => {
    const { a, b, analyst, consultant, survey, plans } = await arrange();
    const plan = await plans.create(analyst, survey, input);
    await plans.update(analyst, plan, survey, {
      ...input,
      ownerId: consultant.id,
      levers: ['dataAccess', 'measurement'],
    });
    const edited = (await plans.find(a.id, plan.id))!;
    expect(edited).toMatchObject({
      ownerEmail: 'con@example.com',
      levers: ['dataAccess', 'measurement'],
      metricBaseline: 20,
    });
    expect(await plans.find(b.id, plan.id)).toBeNull();
    await plans.setMetricValues(analyst, edited, [
      { period: '2027-01', value: 21 },
      { period: '2027-02', value: 22.5 },
    ]);
    await plans.setMetricValues(analyst, edited, [
      { period: '2027-01', value: 23 },
      { period: '2027-02', value: null },
    ]);
    expect((await plans.details(edited)).values).toEqual([{ period: '2027-01', value: 23 }]);
    await expect(plans.setMetricValues(analyst, edited, [{ period: 'January', value: 1 }])).rejects.toMatchObject({
      field: 'period',
    });
    await plans.note(analyst, edited, 'in_progress', '');
    expect((await plans.details(edited)).notes).toMatchObject([
      { status: 'in_progress', body: 'Status set to in progress.' },
    ]);
    const actions = await db('audit_events').where({ organization_id: a.id }).orderBy('id').pluck('action');
    expect(actions).toEqual([
      'survey.create',
      'plan.create',
      'plan.update',
      'plan.update',
      'plan.update',
      'plan.update',
    ]);
  });

  it('finds the latest later closed wave of the same organization and instrument only', async () => {
    const { a, b, survey } = await arrange();
    const base = { organizationId: a.id, instrumentId: survey.instrumentId, title: 'W', workflows: [] };
    expect(await laterClosedSurveyId(db, survey)).toBeNull();
    const open = await insertSurvey(db, { ...base, status: 'open' });
    const closed = await insertSurvey(db, { ...base, status: 'closed' });
    const latest = await insertSurvey(db, { ...base, status: 'closed' });
    await insertSurvey(db, { ...base, organizationId: b.id, status: 'closed' });
    expect(await laterClosedSurveyId(db, survey)).toBe(latest);
    expect(await laterClosedSurveyId(db, (await findSurveyById(db, latest))!)).toBeNull();
    await markSurveyClosed(db, a.id, open, NOW);
    expect(await laterClosedSurveyId(db, { ...survey, id: open })).toBe(latest);
    expect(await laterClosedSurveyId(db, { ...survey, id: closed })).toBe(latest);
  });
});
