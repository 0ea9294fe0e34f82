/**
 * Redesign plans through the staff pages, on SQLite and PostgreSQL: the demo as wave 1, a plan
 * started from its priorities page, a metric with three values, the plan's status and notes, the
 * CSV export, the effect once wave 2 closes (planted improvement: interval above 0; no change:
 * interval covering 0), the next workflow once the plan is done, and organization isolation.
 */
import type { Express } from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { DEMO_BOTTLENECK } from '../../server/demo/demo-organization.js';
import { createServices } from '../../server/services/index.js';
import { createOrganizationService } from '../../server/services/organizations.js';
import { createUserService } from '../../server/services/users.js';
import { seedWaveOne, seedWaveTwo } from '../fixtures/demo-waves.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { csrfFrom, PASSWORD, signIn } from './staff-app.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const LATER = new Date('2027-03-01T10:00:00Z');

describe.each(testDatabases())('redesign plans on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let app: Express;
  let now = NOW;

  beforeEach(async () => {
    t = await create();
    db = t.db;
    now = NOW;
    const config = loadConfig({
      SESSION_SECRET: 'test-secret-test-secret-test-secret',
      BASE_URL: 'http://readiness.test',
    });
    const services = createServices({
      db,
      config,
      clock: () => now,
      reports: { bootstrap: { B: 200, seed: 1, level: 0.95 }, snapshots: false },
    });
    app = createApp({ services, config });
  });
  afterEach(async () => {
    await t.destroy();
  });

  async function startPlan(agent: request.Agent, surveyId: number) {
    const priorities = await agent.get(`/orgs/demo/surveys/${surveyId}/report/priorities`).expect(200);
    const href = /data-testid="start-plan" href="([^"]+)"/.exec(priorities.text)![1].replace(/&amp;/g, '&');
    expect(href).toContain(`workflow=${encodeURIComponent(DEMO_BOTTLENECK.workflow)}`);
    expect(href).toContain(`lever=${DEMO_BOTTLENECK.lever}`);
    const form = await agent.get(href).expect(200);
    expect(form.text).toContain(`value="${DEMO_BOTTLENECK.lever}" checked`);
    const owner = /<option value="(\d+)">owner@example.com<\/option>/.exec(form.text)![1];
    const created = await agent
      .post(`/orgs/demo/surveys/${surveyId}/plans`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        workflow: DEMO_BOTTLENECK.workflow,
        levers: DEMO_BOTTLENECK.lever,
        ownerId: owner,
        targetDate: '2027-02-15',
        decisionRights: 'The controller approves AI-drafted reconciliations.',
        dataAccess: 'Give the assistant the ledger and the bank feeds.',
        measurement: 'Days to close the month, from the close calendar.',
        metricName: 'Days to close',
        metricUnit: 'days',
        metricDirection: 'down',
        metricBaseline: '9',
      })
      .expect(303);
    const planPath = created.headers.location as string;
    expect(planPath).toMatch(/^\/orgs\/demo\/plans\/\d+$/);
    const page = await agent.get(planPath).expect(200);
    await agent
      .post(`${planPath}/metric`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), csv: 'period,value\n2026-12,8.5\n2027-01,7\n2027-02,6' })
      .expect(303);
    return planPath;
  }

  async function arrange() {
    const wave1 = await seedWaveOne(db, NOW);
    const users = createUserService({ db });
    await users.create({
      email: 'owner@example.com',
      password: PASSWORD,
      role: 'analyst',
      organizationId: wave1.organizationId,
    });
    const { agent, csrf } = await signIn(app, 'owner@example.com');
    return { wave1, agent, csrf };
  }

  it('starts a plan from the priorities page with an owner, answers and a metric, and says it is not measured yet', async () => {
    const { wave1, agent } = await arrange();
    const planPath = await startPlan(agent, wave1.surveyId);
    const page = await agent.get(planPath).expect(200);
    expect(page.text).toContain('owner@example.com');
    expect(page.text).toContain('The controller approves AI-drafted reconciliations.');
    expect(page.text).toMatch(
      /<th scope="row">2027-01<\/th>\s*<td class="num">7 days<\/td>\s*<td class="num">−2 days \(better\)/,
    );
    expect(page.text).toContain('Not measured yet');
    const csv = await agent.get('/orgs/demo/plans.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain('Financial reporting,dataAccess');
    expect(csv.text).toContain('2026-12=8.5 2027-01=7 2027-02=6');
    const audit = await db('audit_events').where('action', 'like', 'plan.%').orderBy('id').pluck('action');
    expect(audit).toEqual(['plan.create', 'plan.update']);
  });

  it('shows an effect whose interval excludes 0 after a wave with a planted improvement, and then the next workflow', async () => {
    const { wave1, agent } = await arrange();
    const planPath = await startPlan(agent, wave1.surveyId);
    now = LATER;
    await seedWaveTwo(db, wave1, {
      seed: 77,
      now: LATER,
      plant: { workflow: DEMO_BOTTLENECK.workflow, scales: ['data_access', 'ai_performance'] },
    });
    const page = await agent.get(planPath).expect(200);
    const summary = /data-testid="effect-summary">([^<]+)</.exec(page.text)![1];
    expect(summary).toMatch(
      /Data access in “Financial reporting” rose by [\d.]+ points more than in the other workflows \(95% interval [\d.]+ to [\d.]+, above 0\)/,
    );
    for (const measure of ['lever', 'outcome']) {
      const row = new RegExp(`data-measure="${measure}">[\\s\\S]*?</tr>`).exec(page.text)![0];
      expect(row).toContain('rose more than in the other workflows');
    }
    expect(page.text).toContain('regression toward the mean');

    await agent
      .post(`${planPath}/notes`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), status: 'done', body: 'Live since January.' })
      .expect(303);
    const done = await agent.get(planPath).expect(200);
    expect(done.text).toMatch(/data-testid="plan-status">done</);
    expect(done.text).toContain('Live since January.');
    const priorities = await agent.get(`/orgs/demo/surveys/${wave1.surveyId}/report/priorities`).expect(200);
    const next = /data-testid="next-workflow">Next workflow: <strong>([^<]+)<\/strong>/.exec(priorities.text)![1];
    expect(next).not.toBe(DEMO_BOTTLENECK.workflow);
  });

  it('shows an interval covering 0 after a wave with no planted change', async () => {
    const { wave1, agent } = await arrange();
    const planPath = await startPlan(agent, wave1.surveyId);
    now = LATER;
    // The demo wave's data access in "Financial reporting" sits low by chance, so later waves drift up
    // without any change (regression toward the mean, as the page says): over seeds 78–83 the lever's
    // difference averages +0.17, and seed 78's interval (0.06 to 0.53) even excludes 0. Seed 79: +0.05.
    await seedWaveTwo(db, wave1, { seed: 79, now: LATER });
    const page = await agent.get(planPath).expect(200);
    const summary = /data-testid="effect-summary">([^<]+)</.exec(page.text)![1];
    expect(summary).toMatch(/covers 0: no difference is shown/);
  });

  it('refuses a plan for a workflow the survey does not have, or an owner outside the organization, and stores none', async () => {
    const { wave1, agent, csrf } = await arrange();
    const other = await createOrganizationService({ db }).create({ name: 'Other' });
    const stranger = await createUserService({ db }).create({
      email: 'x@example.com',
      password: PASSWORD,
      role: 'analyst',
      organizationId: other.id,
    });
    const post = (fields: Record<string, string>) =>
      agent
        .post(`/orgs/demo/surveys/${wave1.surveyId}/plans`)
        .type('form')
        .send({ _csrf: csrf, levers: 'dataAccess', ...fields });
    expect((await post({ workflow: 'Nope' }).expect(400)).text).toContain('Choose one of the survey’s workflows.');
    expect(
      (await post({ workflow: DEMO_BOTTLENECK.workflow, ownerId: String(stranger.id) }).expect(400)).text,
    ).toContain('Choose a staff member of this organization.');
    expect(Number((await db('redesign_plans').count({ n: '*' }).first())!.n)).toBe(0);
  });

  it('gives an analyst of another organization 404 for every plan URL, and changes nothing', async () => {
    const { wave1, agent } = await arrange();
    const planPath = await startPlan(agent, wave1.surveyId);
    const other = await createOrganizationService({ db }).create({ name: 'Other' });
    await createUserService({ db }).create({
      email: 'other@example.com',
      password: PASSWORD,
      role: 'analyst',
      organizationId: other.id,
    });
    const intruder = await signIn(app, 'other@example.com');
    const before = JSON.stringify(
      await Promise.all(['redesign_plans', 'plan_notes', 'plan_metric_values'].map((x) => db(x).orderBy('id'))),
    );
    const planId = planPath.split('/').pop()!;
    for (const path of [
      planPath,
      '/orgs/demo/plans',
      '/orgs/demo/plans.csv',
      `/orgs/demo/surveys/${wave1.surveyId}/plans/new`,
      `/orgs/other/plans/${planId}`,
    ])
      await intruder.agent.get(path).expect(404);
    for (const path of [
      planPath,
      `${planPath}/notes`,
      `${planPath}/metric`,
      `/orgs/demo/surveys/${wave1.surveyId}/plans`,
      `/orgs/other/plans/${planId}/notes`,
    ]) {
      const res = await intruder.agent.post(path).type('form').send({
        _csrf: intruder.csrf,
        status: 'done',
        body: 'x',
        workflow: 'Sales proposals',
        levers: 'measurement',
        period: '2027-01',
        value: '1',
      });
      expect(res.status, `POST ${path}`).toBe(404);
    }
    expect(
      JSON.stringify(
        await Promise.all(['redesign_plans', 'plan_notes', 'plan_metric_values'].map((x) => db(x).orderBy('id'))),
      ),
    ).toBe(before);
  });
});
