/** server/data/units.ts unitNameTaken: a name is taken per organization and per parent (null = the departments). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertOrganization } from '../../server/data/organizations.js';
import { insertUnit, unitNameTaken } from '../../server/data/units.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

describe.each(testDatabases())('units data on $name', ({ create }) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('finds a clash only among the units with the same organization and parent', async () => {
    const acme = await insertOrganization(t.db, { name: 'Acme', slug: 'acme' });
    const other = await insertOrganization(t.db, { name: 'Other', slug: 'other' });
    const sales = await insertUnit(t.db, { organizationId: acme, name: 'Sales', kind: 'department' });
    const ops = await insertUnit(t.db, { organizationId: acme, name: 'Ops', kind: 'department' });
    await insertUnit(t.db, { organizationId: acme, parentId: sales, name: 'North', kind: 'team' });

    expect(await unitNameTaken(t.db, acme, null, 'Sales')).toBe(true);
    expect(await unitNameTaken(t.db, acme, sales, 'North')).toBe(true);
    expect(await unitNameTaken(t.db, acme, null, 'North')).toBe(false);
    expect(await unitNameTaken(t.db, acme, ops, 'North')).toBe(false);
    expect(await unitNameTaken(t.db, acme, sales, 'Sales')).toBe(false);
    expect(await unitNameTaken(t.db, other, null, 'Sales')).toBe(false);
  });
});
