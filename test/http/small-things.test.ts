/**
 * The small things a new user hits (issue 12), each through the real app: a draft survey's link says
 * it has not opened yet; the open link does not promise "You can submit once"; a closed survey offers
 * no invitation links and refuses them; a duplicate organization name is refused; a past closing day
 * is flagged on the first submit, beside the other errors; the demo survey says when it opened.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed-demo.js';
import { rowCount, testDatabases } from '../helpers/db.js';
import { seedSurvey } from '../helpers/survey-fixture.js';
import { createOrgThroughPages, signIn, staffAppForEachTest } from './staff-app.js';

const NOW = new Date('2026-12-01T10:00:00Z');

describe.each(testDatabases())('small things on $name', ({ create }) => {
  const t = staffAppForEachTest(() => NOW, create);

  it('says a draft survey has not opened yet instead of "There is no survey at this address"', async () => {
    const { code } = await seedSurvey(t.db, { status: 'draft' });
    const res = await request(t.app).get(`/s/${code}`).expect(404);
    expect(res.text).toContain('This survey has not opened yet');
    expect(res.text).not.toContain('There is no survey at this address');
    // An unknown code still says there is none.
    const unknown = await request(t.app).get('/s/nothing-here').expect(404);
    expect(unknown.text).toContain('There is no survey at this address');
  });

  it('does not tell open-link respondents they can submit once, and says what is true', async () => {
    const { code } = await seedSurvey(t.db, { access: 'open' });
    const res = await request(t.app).get(`/s/${code}`).expect(200);
    expect(res.text).not.toContain('You can submit once');
    expect(res.text).toContain('Once you submit, your answers cannot be changed.');
  });

  it('offers no invitation links for a closed survey and refuses them with 409, storing none', async () => {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const { code, surveyId, teamA } = await seedSurvey(t.db, { status: 'closed' });
    const org = await t
      .db('organizations')
      .join('surveys', 'surveys.organization_id', 'organizations.id')
      .where('surveys.code', code)
      .first('slug');
    const path = `/orgs/${org.slug}/surveys/${surveyId}`;
    const page = await agent.get(path).expect(200);
    expect(page.text).toContain('data-testid="closed-no-links"');
    expect(page.text).not.toContain(`action="${path}/invitations"`);
    const res = await agent
      .post(`${path}/invitations`)
      .type('form')
      .send({ _csrf: csrf, perUnit: '3', unitIds: String(teamA) })
      .expect(409);
    expect(res.text).toContain('This survey is closed, so it takes no new invitation links');
    expect(await rowCount(t.db('invitations'))).toBe(0);
  });

  it('refuses a second organization of the same name (case and spaces aside) with 400 beside the name', async () => {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    await createOrgThroughPages(agent, csrf, 'Acme Insurance');
    const res = await agent
      .post('/orgs')
      .type('form')
      .send({ _csrf: csrf, name: '  acme   INSURANCE ', industry: 'Insurance' })
      .expect(400);
    expect(res.text).toContain('id="f-name-error"');
    expect(res.text).toContain('An organization named “Acme Insurance” already exists');
    expect(await rowCount(t.db('organizations'))).toBe(1);
  });

  it('flags a past closing day on the first submit, together with the missing title', async () => {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const orgPath = await createOrgThroughPages(agent, csrf, 'Acme');
    const res = await agent
      .post(`${orgPath}/surveys`)
      .type('form')
      .send({ _csrf: csrf, title: '', access: 'open', anonymityThreshold: '5', closesAt: '2026-11-30' })
      .expect(400);
    expect(res.text).toContain('id="f-title-error"');
    expect(res.text).toContain('id="f-closesAt-error"');
    expect(res.text).toContain('Choose a day that has not passed yet');
    expect(await rowCount(t.db('surveys'))).toBe(0);
  });

  it('shows the demo survey as open with the day it opened, not "Opened: not yet"', async () => {
    const demo = await seedDemo(t.db, { baseUrl: 'http://readiness.test', now: NOW });
    const { agent } = await signIn(t.app, 'admin@example.com');
    const page = await agent.get(`/orgs/demo/surveys/${demo.surveyId}`).expect(200);
    expect(page.text).toContain('status--open');
    const opened = /data-testid="opened">([^<]*)</.exec(page.text)?.[1];
    expect(opened).toMatch(/^2026-11-\d\d$/);
    const firstDay = await t.db('responses').where({ survey_id: demo.surveyId }).min({ day: 'submitted_on' }).first();
    expect(opened).toBe(firstDay?.day);
  });
});
