import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ID, parseId } from '../../server/routes/ids.js';
import { rowCount, testDatabases } from '../helpers/db.js';
import { createOrgThroughPages, createStaffTestApp, PASSWORD, signIn, type StaffTestApp } from './staff-app.js';

const NOT_IDS = [
  '0',
  '-1',
  '01',
  '1.5',
  '1e3',
  'abc',
  ' 1',
  String(MAX_ID + 1),
  '4294967296',
  '9007199254740992',
  '99999999999',
];

describe('parseId', () => {
  it('accepts plain whole numbers from 1 to 2,147,483,647 only', () => {
    expect([parseId('1'), parseId('42'), parseId(String(MAX_ID))]).toEqual([1, 42, 2_147_483_647]);
    for (const raw of [...NOT_IDS, '', undefined, 7]) expect(parseId(raw)).toBeNull();
  });
});

describe.each(testDatabases())('ids in URLs and forms on $name', ({ create }) => {
  let t: StaffTestApp;
  let agent: request.Agent;
  let csrf: string;
  let orgPath: string;
  beforeEach(async () => {
    t = await createStaffTestApp(undefined, create);
    await t.createUser('admin@example.com', 'admin');
    ({ agent, csrf } = await signIn(t.app, 'admin@example.com'));
    orgPath = await createOrgThroughPages(agent, csrf, 'Acme');
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('answers 404 to every :id that cannot be an id, before the database is asked', async () => {
    const consultant = await t.createUser('c@example.com', 'consultant');
    for (const id of NOT_IDS) {
      const raw = encodeURIComponent(id);
      await agent.get(`${orgPath}/surveys/${raw}`).expect(404);
      await agent.get(`${orgPath}/surveys/${raw}/report`).expect(404);
      await agent.get(`${orgPath}/surveys/${raw}/report/scales`).expect(404);
      await agent.post(`${orgPath}/surveys/${raw}/open`).type('form').send({ _csrf: csrf }).expect(404);
      await agent
        .post(`/users/${raw}/organizations`)
        .type('form')
        .send({ _csrf: csrf, organizationId: '1' })
        .expect(404);
    }
    expect(await rowCount(t.db('user_organizations').where({ user_id: consultant.id }))).toBe(0);
  });

  it('refuses a parent unit id out of range with a 400 beside the field', async () => {
    const res = await agent
      .post(`${orgPath}/units`)
      .type('form')
      .send({ _csrf: csrf, name: 'Claims', parentId: String(MAX_ID + 1) })
      .expect(400);
    expect(res.text).toContain('Choose a parent unit of this organization.');
    expect(await rowCount(t.db('units'))).toBe(0);
  });

  it('refuses an analyst of an organization that does not exist with a 400 and stores nothing', async () => {
    for (const organizationId of ['999', String(MAX_ID + 1)]) {
      const res = await agent
        .post('/users')
        .type('form')
        .send({ _csrf: csrf, email: 'new@example.com', role: 'analyst', organizationId, password: PASSWORD })
        .expect(400);
      expect(res.text).toContain('Choose an organization.');
    }
    expect(await rowCount(t.db('users'))).toBe(1);
  });
});
