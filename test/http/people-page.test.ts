import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rowCount, testDatabases } from '../helpers/db.js';
import { createOrgThroughPages, createStaffTestApp, csrfFrom, signIn, type StaffTestApp } from './staff-app.js';

const GOOD = [
  'email,unit,location',
  'ana@acme.test,Sales/Team 1,Berlin',
  'bo@acme.test,Sales/Team 2,',
  'cy@acme.test,Support,',
].join('\n');

describe.each(testDatabases())('the people page on $name', ({ create }) => {
  let t: StaffTestApp;
  beforeEach(async () => {
    t = await createStaffTestApp(() => new Date('2026-12-01T10:00:00Z'), create);
    await t.createUser('admin@example.com', 'admin');
  });
  afterEach(async () => {
    await t.destroy();
  });

  async function arrange() {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const orgPath = await createOrgThroughPages(agent, csrf, 'Acme');
    const page = await agent.get(`${orgPath}/people`).expect(200);
    return { agent, orgPath, csrf: csrfFrom(page.text) };
  }

  it('uploads a CSV, shows what the import will do, and imports it only once confirmed', async () => {
    const { agent, orgPath, csrf } = await arrange();
    const preview = await agent
      .post(`${orgPath}/people/preview`)
      .field('_csrf', csrf)
      .attach('csv', Buffer.from(GOOD, 'utf8'), { filename: 'people.csv', contentType: 'text/csv' })
      .expect(200);
    expect(preview.text).toContain('Import 3 people');
    expect(preview.text).toContain('Sales / Team 1');
    expect(await rowCount(t.db('people'))).toBe(0);

    const confirmed = await agent
      .post(`${orgPath}/people/import`)
      .field('_csrf', csrfFrom(preview.text))
      .field('removeMissing', 'no')
      .field('csv', /<textarea name="csv"[^>]*>([\s\S]*?)<\/textarea>/.exec(preview.text)![1])
      .expect(303);
    const page = await agent.get(confirmed.headers.location as string).expect(200);
    expect(page.text).toMatch(/data-testid="imported">Imported: 3 added, 0 updated, 0 removed/);
    expect(page.text).toMatch(/data-testid="people-count">3</);
    expect(await rowCount(t.db('people'))).toBe(3);
    expect((await t.db('units').orderBy('name').pluck('name')) as string[]).toEqual([
      'Sales',
      'Support',
      'Team 1',
      'Team 2',
    ]);
  });

  it('lists the row errors (line, column, value, why) with 400 and imports nothing', async () => {
    const { agent, orgPath, csrf } = await arrange();
    const bad = `${GOOD}\nnot-an-email,Sales,`;
    const preview = await agent
      .post(`${orgPath}/people/preview`)
      .field('_csrf', csrf)
      .attach('csv', Buffer.from(bad, 'utf8'), 'people.csv')
      .expect(400);
    expect(preview.text).toContain('The file has 1 error: nothing was imported');
    expect(preview.text).toMatch(
      /<td class="num">5<\/td><td>email<\/td><td><code>not-an-email<\/code><\/td><td>This is not an email address.<\/td>/,
    );
    expect(preview.text).not.toContain('name="csv"');
    expect(await rowCount(t.db('people'))).toBe(0);
  });

  it('asks for a file when none was chosen, refuses a file that is not UTF-8, and refuses an upload without its CSRF token', async () => {
    const { agent, orgPath, csrf } = await arrange();
    const none = await agent.post(`${orgPath}/people/preview`).field('_csrf', csrf).expect(400);
    expect(none.text).toContain('Choose a CSV file.');
    const latin1 = await agent
      .post(`${orgPath}/people/preview`)
      .field('_csrf', csrf)
      .attach('csv', Buffer.from('email,unit\nzoë@acme.test,Équipe', 'latin1'), 'people.csv')
      .expect(400);
    expect(latin1.text).toContain('not UTF-8 text');
    await agent.post(`${orgPath}/people/preview`).attach('csv', Buffer.from(GOOD), 'people.csv').expect(403);
    expect(await rowCount(t.db('people'))).toBe(0);
  });

  it('is not there for analysts (an import sets headcounts)', async () => {
    const { orgPath } = await arrange();
    const orgId = (await t.db('organizations').first('id')).id as number;
    await t.createUser('analyst@example.com', 'analyst', orgId);
    const { agent } = await signIn(t.app, 'analyst@example.com');
    await agent.get(`${orgPath}/people`).expect(404);
  });
});
