/**
 * Editing, closing and deleting a survey through the real pages, without JavaScript: the edit form
 * keeps what was typed on an error; closing goes through a confirmation page (a POST without the
 * confirmation closes nothing); deleting is for admins only (404 for others) behind the typed title.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { rowCount, testDatabases } from '../helpers/db.js';
import { createOrgThroughPages, signIn, staffAppForEachTest } from './staff-app.js';

const NOW = new Date('2026-12-01T10:00:00Z');

describe.each(testDatabases())('survey edit, close and delete pages on $name', ({ create }) => {
  const t = staffAppForEachTest(() => NOW, create);

  async function arrange() {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const orgPath = await createOrgThroughPages(agent, csrf, 'Acme');
    const created = await agent
      .post(`${orgPath}/surveys`)
      .type('form')
      .send({ _csrf: csrf, title: 'Spring wave', workflows: 'Claims', access: 'open', anonymityThreshold: '5' })
      .expect(303);
    return { agent, csrf, orgPath, surveyPath: created.headers.location as string };
  }

  it('edits a draft survey, and keeps the typed values with the error beside the field', async () => {
    const { agent, csrf, surveyPath } = await arrange();
    const page = await agent.get(`${surveyPath}/edit`).expect(200);
    expect(page.text).toContain('value="Spring wave"');
    expect(page.text).toContain('>Claims</textarea>');
    const bad = await agent
      .post(`${surveyPath}/edit`)
      .type('form')
      .send({ _csrf: csrf, title: 'Autumn', workflows: 'Claims', anonymityThreshold: '2' })
      .expect(400);
    expect(bad.text).toContain('id="f-anonymityThreshold-error"');
    expect(bad.text).toContain('value="Autumn"');
    await agent
      .post(`${surveyPath}/edit`)
      .type('form')
      .send({ _csrf: csrf, title: 'Autumn wave', workflows: 'Claims\r\nRenewals', anonymityThreshold: '6' })
      .expect(303);
    expect(await t.db('surveys').first()).toMatchObject({
      title: 'Autumn wave',
      workflows: '["Claims","Renewals"]',
      anonymity_threshold: 6,
    });
  });

  it('closes only after the confirmation page; a POST without the confirmation goes there and closes nothing', async () => {
    const { agent, csrf, surveyPath } = await arrange();
    await agent.post(`${surveyPath}/open`).type('form').send({ _csrf: csrf }).expect(303);
    const survey = await agent.get(surveyPath).expect(200);
    expect(survey.text).toContain(`href="${surveyPath}/close"`);

    const unconfirmed = await agent.post(`${surveyPath}/close`).type('form').send({ _csrf: csrf }).expect(303);
    expect(unconfirmed.headers.location).toBe(`${surveyPath}/close`);
    expect((await t.db('surveys').first()).status).toBe('open');

    const confirm = await agent.get(`${surveyPath}/close`).expect(200);
    expect(confirm.text).toContain('Close “Spring wave”?');
    expect(confirm.text).toContain('name="confirm" value="close"');
    await agent.post(`${surveyPath}/close`).type('form').send({ _csrf: csrf, confirm: 'close' }).expect(303);
    expect((await t.db('surveys').first()).status).toBe('closed');
    // Once closed, the confirmation page sends you back to the survey.
    await agent.get(`${surveyPath}/close`).expect(303);
  });

  it('deletes a survey only for an admin who types its title; others get 404 and nothing is deleted', async () => {
    const { agent, csrf, orgPath, surveyPath } = await arrange();
    const org = await t.db('organizations').first('id');
    await t.createUser('an@example.com', 'analyst', org.id);
    const analyst = await signIn(t.app, 'an@example.com');
    await analyst.agent.get(`${surveyPath}/delete`).expect(404);
    await analyst.agent
      .post(`${surveyPath}/delete`)
      .type('form')
      .send({ _csrf: analyst.csrf, confirmTitle: 'Spring wave' })
      .expect(404);
    expect((await analyst.agent.get(surveyPath).expect(200)).text).not.toContain(`href="${surveyPath}/delete"`);

    const { code } = await t.db('surveys').first('code');
    const page = await agent.get(`${surveyPath}/delete`).expect(200);
    expect(page.text).toContain('This cannot be undone');
    const wrong = await agent
      .post(`${surveyPath}/delete`)
      .type('form')
      .send({ _csrf: csrf, confirmTitle: 'spring' })
      .expect(400);
    expect(wrong.text).toContain('id="f-confirmTitle-error"');
    expect(await rowCount(t.db('surveys'))).toBe(1);

    const done = await agent
      .post(`${surveyPath}/delete`)
      .type('form')
      .send({ _csrf: csrf, confirmTitle: 'Spring wave' })
      .expect(303);
    expect(done.headers.location).toBe(orgPath);
    expect(await rowCount(t.db('surveys'))).toBe(0);
    await agent.get(surveyPath).expect(404);
    const audit = await agent.get(`${orgPath}/audit`).expect(200);
    expect(audit.text).toContain('Deleted the survey &#34;Spring wave&#34;');
    // The respondent link is gone with it.
    const gone = await request(t.app).get(`/s/${code}`).expect(404);
    expect(gone.text).toContain('There is no survey at this address');
  });
});
