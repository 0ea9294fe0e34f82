/**
 * The report overview's "Redesign plans" section (the printed executive page), on SQLite and
 * PostgreSQL: with the demo as wave 1 and a plan started from it, the overview shows the plan's
 * status with its latest note, the metric's values against the baseline and, once wave 2 closes,
 * the measured effect's headline; another organization's plan never appears; with no plan the
 * section says to start one from the Priorities page.
 */
import type { Express } from 'express';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { findSurveyById } from '../../server/data/surveys.js';
import { DEMO_BOTTLENECK } from '../../server/demo/demo-organization.js';
import { createServices } from '../../server/services/index.js';
import { createOrganizationService } from '../../server/services/organizations.js';
import { createRedesignPlanService } from '../../server/services/redesign-plans.js';
import { createUserService } from '../../server/services/users.js';
import { seedWaveOne, seedWaveTwo } from '../fixtures/demo-waves.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { csrfFrom, PASSWORD, signIn } from './staff-app.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const LATER = new Date('2027-03-01T10:00:00Z');

describe.each(testDatabases())('the report overview’s redesign plans on $name', ({ create }) => {
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

  async function arrange() {
    const wave1 = await seedWaveOne(db, NOW);
    await createUserService({ db }).create({
      email: 'owner@example.com',
      password: PASSWORD,
      role: 'analyst',
      organizationId: wave1.organizationId,
    });
    const { agent, csrf } = await signIn(app, 'owner@example.com');
    return { wave1, agent, csrf };
  }

  const section = (html: string) => /<section[^>]*data-testid="report-plans"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

  it('shows a plan with its status and latest note, the metric against the baseline, and the effect once a later wave closes', async () => {
    const { wave1, agent, csrf } = await arrange();
    const created = await agent
      .post(`/orgs/demo/surveys/${wave1.surveyId}/plans`)
      .type('form')
      .send({
        _csrf: csrf,
        workflow: DEMO_BOTTLENECK.workflow,
        levers: DEMO_BOTTLENECK.lever,
        targetDate: '2027-02-15',
        metricName: 'Days to close',
        metricUnit: 'days',
        metricDirection: 'down',
        metricBaseline: '9',
      })
      .expect(303);
    const planPath = created.headers.location as string;
    const page = await agent.get(planPath).expect(200);
    await agent
      .post(`${planPath}/metric`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), csv: '2026-12,8.5\n2027-01,7' })
      .expect(303);
    await agent
      .post(`${planPath}/notes`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), status: 'in_progress', body: 'Ledger access granted.' })
      .expect(303);

    const before = section((await agent.get(`/orgs/demo/surveys/${wave1.surveyId}/report`).expect(200)).text);
    expect(before).toContain(`href="${planPath}">${DEMO_BOTTLENECK.workflow}</a>`);
    expect(before).toContain('2027-02-15');
    expect(before).toMatch(
      /data-testid="report-plan-status">in progress; latest note <time[^>]*>2026-12-01<\/time>: Ledger access granted\./,
    );
    expect(before).toMatch(
      /<th scope="row">2027-01<\/th><td class="num">7 days<\/td><td class="num">−2 days \(better\)/,
    );
    expect(before).toContain('not measured yet: needs a later closed wave');

    now = LATER;
    const wave2 = await seedWaveTwo(db, wave1, {
      seed: 77,
      now: LATER,
      plant: { workflow: DEMO_BOTTLENECK.workflow, scales: ['data_access', 'ai_performance'] },
    });
    const sentence =
      /Data access in “Financial reporting” rose by [\d.]+ points more than in the other workflows \(95% interval [\d.]+ to [\d.]+, above 0\)/;
    const after = section((await agent.get(`/orgs/demo/surveys/${wave1.surveyId}/report`).expect(200)).text);
    expect(after).toMatch(sentence);
    // The plan page and the overview read the same sentence.
    const planSummary = /data-testid="effect-summary">([^<]+)</.exec((await agent.get(planPath).expect(200)).text)![1];
    expect(after).toContain(planSummary);
    // The later wave's overview lists the plan started from the earlier wave of its series.
    expect(section((await agent.get(`/orgs/demo/surveys/${wave2}/report`).expect(200)).text)).toMatch(sentence);
  });

  it('never shows another organization’s plan, and with no plan says to start one from the Priorities page', async () => {
    const { wave1, agent } = await arrange();
    const other = await createOrganizationService({ db }).create({ name: 'Other' });
    const stranger = await createUserService({ db }).create({
      email: 'x@example.com',
      password: PASSWORD,
      role: 'analyst',
      organizationId: other.id,
    });
    const wave = (await findSurveyById(db, wave1.surveyId))!;
    const otherSurvey = { ...wave, organizationId: other.id };
    await createRedesignPlanService({ db, clock: () => now }).create(stranger, otherSurvey, {
      workflow: DEMO_BOTTLENECK.workflow,
      levers: ['measurement'],
      ownerId: null,
      targetDate: null,
      decisionRights: 'Secret of the other organization',
      dataAccess: '',
      measurement: '',
      metricName: null,
      metricUnit: null,
      metricDirection: null,
      metricBaseline: null,
    });
    expect(Number((await db('redesign_plans').count({ n: '*' }).first())!.n)).toBe(1);

    const html = (await agent.get(`/orgs/demo/surveys/${wave1.surveyId}/report`).expect(200)).text;
    const plans = section(html);
    expect(plans).toContain('No redesign plan has started from this survey');
    expect(plans).toContain(`href="/orgs/demo/surveys/${wave1.surveyId}/report/priorities">Priorities page</a>`);
    expect(plans).not.toContain('data-testid="report-plan"');
    expect(html).not.toContain('/plans/');
  });
});
