import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrganizationService } from '../../server/services/organizations.js';
import { rowCount, testDatabases } from '../helpers/db.js';
import { createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

describe.each(testDatabases())('staff accounts on $name', ({ create }) => {
  let t: StaffTestApp;
  beforeEach(async () => {
    t = await createStaffTestApp(undefined, create);
    await t.createUser('admin@example.com', 'admin');
  });
  afterEach(async () => {
    await t.destroy();
  });

  describe('/users (staff accounts, admins only)', () => {
    it('lets an admin add an analyst of one organization, who then signs in and sees only it', async () => {
      const orgs = createOrganizationService({ db: t.db });
      const a = await orgs.create({ name: 'Alpha' });
      await orgs.create({ name: 'Beta' });
      const { agent, csrf } = await signIn(t.app, 'admin@example.com');
      await agent.get('/users').expect(200);
      await agent
        .post('/users')
        .type('form')
        .send({
          _csrf: csrf,
          email: 'Ana@Example.com',
          role: 'analyst',
          organizationId: String(a.id),
          password: 'first password',
        })
        .expect(303)
        .expect('location', '/users');
      expect(await t.db('users').where({ email: 'ana@example.com' }).select('role', 'organization_id')).toEqual([
        { role: 'analyst', organization_id: a.id },
      ]);

      const analyst = await signIn(t.app, 'ana@example.com', 'first password');
      const list = await analyst.agent.get('/orgs').expect(200);
      expect(list.text).toContain('/orgs/alpha');
      expect(list.text).not.toContain('/orgs/beta');
    });

    it('re-renders with 400 and the values kept for an analyst without organization or a duplicate email', async () => {
      const { agent, csrf } = await signIn(t.app, 'admin@example.com');
      const res = await agent
        .post('/users')
        .type('form')
        .send({ _csrf: csrf, email: 'bo@example.com', role: 'analyst', organizationId: '', password: 'first password' })
        .expect(400);
      expect(res.text).toContain('An analyst belongs to one organization');
      expect(res.text).toContain('value="bo@example.com"');
      expect(res.text).not.toContain('first password');
      const dup = await agent
        .post('/users')
        .type('form')
        .send({ _csrf: csrf, email: 'admin@example.com', role: 'admin', password: 'first password' })
        .expect(400);
      expect(dup.text).toContain('already exists');
      expect(await rowCount(t.db('users'))).toBe(1);
    });

    it('gives a consultant access to further organizations', async () => {
      const orgs = createOrganizationService({ db: t.db });
      const a = await orgs.create({ name: 'Alpha' });
      const b = await orgs.create({ name: 'Beta' });
      const { agent, csrf } = await signIn(t.app, 'admin@example.com');
      await agent
        .post('/users')
        .type('form')
        .send({
          _csrf: csrf,
          email: 'co@example.com',
          role: 'consultant',
          organizationId: String(a.id),
          password: 'first password',
        })
        .expect(303);
      const [co] = await t.db('users').where({ email: 'co@example.com' });
      expect(co.organization_id).toBeNull();
      await agent
        .post(`/users/${co.id}/organizations`)
        .type('form')
        .send({ _csrf: csrf, organizationId: String(b.id) })
        .expect(303);
      expect(
        (
          await t.db('user_organizations').where({ user_id: co.id }).orderBy('organization_id').pluck('organization_id')
        ).map(Number),
      ).toEqual([a.id, b.id]);
      const consultant = await signIn(t.app, 'co@example.com', 'first password');
      const list = await consultant.agent.get('/orgs').expect(200);
      expect(list.text).toContain('/orgs/alpha');
      expect(list.text).toContain('/orgs/beta');
    });

    it('is a 404 for analysts and consultants, on every /users route, and changes nothing', async () => {
      const a = await createOrganizationService({ db: t.db }).create({ name: 'Alpha' });
      await t.createUser('ana@example.com', 'analyst', a.id);
      const co = await t.createUser('co@example.com', 'consultant');
      for (const email of ['ana@example.com', 'co@example.com']) {
        const { agent, csrf } = await signIn(t.app, email);
        expect((await agent.get('/orgs').expect(200)).text).not.toContain('href="/users"');
        await agent.get('/users').expect(404);
        await agent
          .post('/users')
          .type('form')
          .send({ _csrf: csrf, email: 'x@example.com', role: 'admin', password: 'first password' })
          .expect(404);
        await agent
          .post(`/users/${co.id}/organizations`)
          .type('form')
          .send({ _csrf: csrf, organizationId: String(a.id) })
          .expect(404);
      }
      expect(await rowCount(t.db('users'))).toBe(3);
      expect(await rowCount(t.db('user_organizations'))).toBe(0);
    });
  });
});
