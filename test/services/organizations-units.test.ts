import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrganizationService, slugify } from '../../server/services/organizations.js';
import { buildUnitTree, createUnitService, flattenUnitTree } from '../../server/services/units.js';
import { createUserService } from '../../server/services/users.js';
import { rowCount, testDatabases, type TestDb } from '../helpers/db.js';

describe('slugify', () => {
  it('makes lower-case ASCII words joined by hyphens', () => {
    expect(slugify('Acme & Söhne GmbH')).toBe('acme-sohne-gmbh');
    expect(slugify('  --Ünïcode   Ltd.--  ')).toBe('unicode-ltd');
    expect(slugify('日本')).toBe('org');
  });
});

describe('buildUnitTree', () => {
  it('sorts children by name at every level', () => {
    const tree = buildUnitTree([
      { id: 1, organizationId: 1, parentId: null, name: 'B', kind: 'department' },
      { id: 2, organizationId: 1, parentId: null, name: 'A', kind: 'department' },
      { id: 3, organizationId: 1, parentId: 1, name: 'z', kind: 'team' },
      { id: 4, organizationId: 1, parentId: 1, name: 'y', kind: 'team' },
    ]);
    expect(flattenUnitTree(tree).map((n) => n.path)).toEqual(['A', 'B', 'B / y', 'B / z']);
  });
});

describe.each(testDatabases())('organizations and units on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  beforeEach(async () => {
    t = await create();
    db = t.db;
  });
  afterEach(async () => {
    await t.destroy();
  });

  describe('organizations service', () => {
    it('gives each organization a unique slug and never the reserved "new"', async () => {
      const orgs = createOrganizationService({ db });
      expect((await orgs.create({ name: 'Acme' })).slug).toBe('acme');
      expect((await orgs.create({ name: 'Acme Ltd' })).slug).toBe('acme-ltd');
      expect((await orgs.create({ name: 'acme!' })).slug).toBe('acme-2');
      expect((await orgs.create({ name: 'ACME.' })).slug).toBe('acme-3');
      expect((await orgs.create({ name: 'New' })).slug).toBe('new-org');
    });

    it('shows admins every organization, analysts their own, consultants their assigned ones', async () => {
      const orgs = createOrganizationService({ db });
      const users = createUserService({ db });
      const a = await orgs.create({ name: 'Alpha' });
      const b = await orgs.create({ name: 'Beta' });
      const admin = await users.create({ email: 'admin@example.com', password: 'long enough', role: 'admin' });
      const analyst = await users.create({
        email: 'an@example.com',
        password: 'long enough',
        role: 'analyst',
        organizationId: a.id,
      });
      const consultant = await users.create({ email: 'co@example.com', password: 'long enough', role: 'consultant' });
      expect((await orgs.listVisible(admin)).map((o) => o.slug)).toEqual(['alpha', 'beta']);
      expect((await orgs.listVisible(analyst)).map((o) => o.slug)).toEqual(['alpha']);
      expect(await orgs.listVisible(consultant)).toEqual([]);
      await users.assignOrganization(consultant.id, b.id);
      await users.assignOrganization(consultant.id, b.id); // idempotent
      expect((await orgs.listVisible(consultant)).map((o) => o.slug)).toEqual(['beta']);
      expect(await orgs.findVisible(analyst, 'beta')).toBeNull();
      expect(await orgs.findVisible(consultant, 'alpha')).toBeNull();
      expect((await orgs.findVisible(consultant, 'beta'))?.id).toBe(b.id);
    });
  });

  describe('units service', () => {
    it('makes top-level units departments and units inside them teams, and builds the tree with paths', async () => {
      const org = await createOrganizationService({ db }).create({ name: 'Acme' });
      const units = createUnitService({ db });
      const ops = await units.create(org.id, { name: 'Operations' });
      const it = await units.create(org.id, { name: 'IT' });
      await units.create(org.id, { name: 'Claims', parentId: ops.id });
      await units.create(org.id, { name: 'Billing', parentId: ops.id });
      await units.create(org.id, { name: 'Claims', parentId: it.id }); // same name, other parent: allowed
      const flat = flattenUnitTree(await units.tree(org.id)).map((u) => [u.path, u.kind, u.depth]);
      expect(flat).toEqual([
        ['IT', 'department', 0],
        ['IT / Claims', 'team', 1],
        ['Operations', 'department', 0],
        ['Operations / Billing', 'team', 1],
        ['Operations / Claims', 'team', 1],
      ]);
    });

    it('refuses an empty or duplicate name and a parent from another organization', async () => {
      const orgs = createOrganizationService({ db });
      const a = await orgs.create({ name: 'Alpha' });
      const b = await orgs.create({ name: 'Beta' });
      const units = createUnitService({ db });
      const foreign = await units.create(b.id, { name: 'Ops' });
      await units.create(a.id, { name: 'Ops' });
      await expect(units.create(a.id, { name: '   ' })).rejects.toMatchObject({ field: 'name' });
      await expect(units.create(a.id, { name: 'Ops' })).rejects.toMatchObject({ field: 'name' });
      await expect(units.create(a.id, { name: 'Team', parentId: foreign.id })).rejects.toMatchObject({
        field: 'parentId',
      });
      expect(await rowCount(db('units').where({ organization_id: a.id }))).toBe(1);
    });
  });
});
