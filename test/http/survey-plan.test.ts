/**
 * The "Plan" panel of the new-survey page: computed on the server from a GET form (no JavaScript),
 * starting from the organization's headcount, with errors beside the fields.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planSentences } from '../../analysis/planning/plan-sentences.js';
import { planSurvey } from '../../analysis/planning/sample-size-plan.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { createOrganizationService } from '../../server/services/organizations.js';
import { organizationHeadcount } from '../../server/services/survey-plan.js';
import { buildUnitTree, createUnitService } from '../../server/services/units.js';
import { testDatabases } from '../helpers/db.js';
import { createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

const instrument = loadDefaultInstrument();
/** The page's text of a plan sentence (EJS escapes quotes and ampersands). */
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

describe('organizationHeadcount', () => {
  const unit = (id: number, parentId: number | null, headcount: number | null) => ({
    id,
    organizationId: 1,
    parentId,
    name: `u${id}`,
    kind: parentId === null ? ('department' as const) : ('team' as const),
    headcount,
  });
  it('counts a unit with a headcount for its whole subtree and a unit without one by its children', () => {
    const tree = buildUnitTree([
      unit(1, null, 100),
      unit(2, 1, 30),
      unit(3, null, null),
      unit(4, 3, 12),
      unit(5, 3, 8),
    ]);
    expect(organizationHeadcount(tree)).toBe(120);
  });
  it('is null when no unit has a headcount', () => {
    expect(organizationHeadcount(buildUnitTree([unit(1, null, null), unit(2, 1, null)]))).toBeNull();
  });
});

describe.each(testDatabases())('the plan on the new-survey page on $name', ({ create }) => {
  let t: StaffTestApp;
  beforeEach(async () => {
    t = await createStaffTestApp(undefined, create);
    await t.createUser('admin@example.com', 'admin');
    const org = await createOrganizationService({ db: t.db }).create({ name: 'Plan Co' });
    const units = createUnitService({ db: t.db });
    const ops = await units.create(org.id, { name: 'Operations' });
    await units.create(org.id, { name: 'Claims', parentId: ops.id, headcount: 300 });
    await units.create(org.id, { name: 'Finance', headcount: 200 });
  });
  afterEach(async () => {
    await t.destroy();
  });

  /** The new-survey page (200) for the plan fields in `query`, as the admin. */
  async function planPage(query: Record<string, string> = {}): Promise<string> {
    const { agent } = await signIn(t.app, 'admin@example.com');
    return (await agent.get('/orgs/plan-co/surveys/new').query(query).expect(200)).text;
  }
  const fields = (invitations: string, rate: string, workflows = '0', threshold = '5') => ({
    planInvitations: invitations,
    planRate: rate,
    planWorkflows: workflows,
    planThreshold: threshold,
  });

  it('shows the plan for the organization’s headcount at a 60% response rate before anything is asked', async () => {
    const html = await planPage();
    expect(html).toMatch(/name="planInvitations" type="number" value="500"/);
    expect(html).toContain('Started from the headcount of this organization’s units (500)');
    for (const s of planSentences(planSurvey(instrument, { invitations: 500, response_rate: 0.6 })))
      expect(html).toContain(escaped(s));
    expect(html).toMatch(/<form method="get" action="\/orgs\/plan-co\/surveys\/new#plan"/);
  });

  it('plans for the invitations, rate, workflows and threshold sent in the query string', async () => {
    const html = await planPage(fields('400', '50', '3', '7'));
    const sentences = planSentences(
      planSurvey(instrument, { invitations: 400, response_rate: 0.5, workflows: 3, threshold: 7 }),
    );
    for (const s of sentences) expect(html).toContain(escaped(s));
    expect(html).toMatch(/too few for a recommendation of where to start, since a workflow needs 80/);
    expect(html).toMatch(/name="planWorkflows" type="number" value="3"/);
  });

  it('says how many more responses the breakdown needs when the invitations are too few', async () => {
    const html = await planPage(fields('12', '60', '0', '5'));
    expect(html).toContain(
      '3 more responses are needed for the breakdown (8 factors need at least 10 complete responses).',
    );
  });

  it('shows the error beside the field and no plan for a rate out of range, with the page still 200', async () => {
    const html = await planPage(fields('400', '250', '0', '5'));
    expect(html).toMatch(
      /id="f-planRate-error"><span class="visually-hidden">Error: <\/span>Enter a response rate from 1 to 100%\./,
    );
    expect(html).toMatch(/name="planRate" type="number" value="250"/);
    expect(html).not.toContain('data-testid="plan"');
  });

  it('keeps the plan panel when the survey form is refused', async () => {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const res = await agent
      .post('/orgs/plan-co/surveys')
      .type('form')
      .send({ _csrf: csrf, title: '', access: 'open', anonymityThreshold: '5' })
      .expect(400);
    expect(res.text).toContain('data-testid="plan"');
  });
});
