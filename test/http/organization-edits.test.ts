/**
 * Editing an organization and its units through the real pages: an admin renames the organization
 * (its URL stays; a taken name is refused), a unit is renamed and moved on its own page, archived and
 * restored by plain forms, and the respondent form follows (an archived team is not offered).
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/db.js';
import { createOrgThroughPages, signIn, staffAppForEachTest } from './staff-app.js';

const NOW = new Date('2026-12-01T10:00:00Z');

describe.each(testDatabases())('organization and unit edits on $name', ({ create }) => {
  const t = staffAppForEachTest(() => NOW, create);

  async function arrange() {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const orgPath = await createOrgThroughPages(agent, csrf, 'Acme');
    await agent.post(`${orgPath}/units`).type('form').send({ _csrf: csrf, name: 'Operations' }).expect(303);
    await agent.post(`${orgPath}/units`).type('form').send({ _csrf: csrf, name: 'Finance' }).expect(303);
    const ids: Record<string, number> = Object.fromEntries(
      (await t.db('units').select('id', 'name')).map((u: { id: number; name: string }) => [u.name, u.id]),
    );
    for (const name of ['Claims', 'Billing'])
      await agent
        .post(`${orgPath}/units`)
        .type('form')
        .send({ _csrf: csrf, name, parentId: String(ids.Operations) })
        .expect(303);
    for (const u of await t.db('units').select('id', 'name')) ids[u.name] = u.id;
    return { agent, csrf, orgPath, ids };
  }

  it('renames the organization on its own page, keeps its URL, refuses a taken name and logs the change', async () => {
    const { agent, csrf, orgPath } = await arrange();
    await createOrgThroughPages(agent, csrf, 'Beta');
    const form = await agent.get(`${orgPath}/edit`).expect(200);
    expect(form.text).toContain('value="Acme"');
    const taken = await agent.post(`${orgPath}/edit`).type('form').send({ _csrf: csrf, name: 'BETA' }).expect(400);
    expect(taken.text).toContain('An organization named “Beta” already exists');
    await agent.post(`${orgPath}/edit`).type('form').send({ _csrf: csrf, name: 'Acme Group' }).expect(303);
    const page = await agent.get(orgPath).expect(200);
    expect(page.text).toContain('<h1 id="page-title">Acme Group</h1>');
    const audit = await agent.get(`${orgPath}/audit`).expect(200);
    expect(audit.text).toContain('Renamed the organization from &#34;Acme&#34; to &#34;Acme Group&#34;');
  });

  it('shows the rename page to an admin and answers 404 to an analyst', async () => {
    const { agent: adminAgent, orgPath } = await arrange();
    await adminAgent.get(`${orgPath}/edit`).expect(200);
    const org = await t.db('organizations').first('id');
    await t.createUser('an@example.com', 'analyst', org.id);
    const { agent } = await signIn(t.app, 'an@example.com');
    await agent.get(`${orgPath}/edit`).expect(404);
  });

  it('renames and moves a unit on its page, and shows the error beside the field for a move into itself', async () => {
    const { agent, csrf, orgPath, ids } = await arrange();
    const page = await agent.get(`${orgPath}/units/${ids.Claims}`).expect(200);
    expect(page.text).toContain('Operations / Claims');
    // Its own subtree is not offered as a place.
    const own = await agent.get(`${orgPath}/units/${ids.Operations}`).expect(200);
    expect(own.text).not.toContain(`<option value="${ids.Claims}"`);
    const cycle = await agent
      .post(`${orgPath}/units/${ids.Operations}`)
      .type('form')
      .send({ _csrf: csrf, name: 'Operations', parentId: String(ids.Claims) })
      .expect(400);
    expect(cycle.text).toContain('id="f-parentId-error"');
    await agent
      .post(`${orgPath}/units/${ids.Claims}`)
      .type('form')
      .send({ _csrf: csrf, name: 'Claims desk', parentId: String(ids.Finance) })
      .expect(303);
    expect(await t.db('units').where({ id: ids.Claims }).first()).toMatchObject({
      name: 'Claims desk',
      parent_id: ids.Finance,
    });
  });

  it('archives a team so the respondent form stops offering it, and restores it', async () => {
    const { agent, csrf, orgPath, ids } = await arrange();
    const created = await agent
      .post(`${orgPath}/surveys`)
      .type('form')
      .send({ _csrf: csrf, title: 'Wave', access: 'open', anonymityThreshold: '5' })
      .expect(303);
    await agent.post(`${created.headers.location}/open`).type('form').send({ _csrf: csrf }).expect(303);
    const { code } = await t.db('surveys').first('code');
    expect((await request(t.app).get(`/s/${code}`).expect(200)).text).toContain('>Billing</option>');

    await agent.post(`${orgPath}/units/${ids.Billing}/archive`).type('form').send({ _csrf: csrf }).expect(303);
    const form = await request(t.app).get(`/s/${code}`).expect(200);
    expect(form.text).not.toContain('>Billing</option>');
    expect(form.text).toContain('>Claims</option>');
    const org = await agent.get(orgPath).expect(200);
    expect(org.text).toMatch(/Operations \/ Billing<\/a> <span class="tag">archived<\/span>/);
    const survey = await agent.get(created.headers.location as string).expect(200);
    expect(survey.text).not.toContain(`id="unit-${ids.Billing}"`);

    await agent.post(`${orgPath}/units/${ids.Billing}/restore`).type('form').send({ _csrf: csrf }).expect(303);
    expect((await request(t.app).get(`/s/${code}`).expect(200)).text).toContain('>Billing</option>');
  });
});
