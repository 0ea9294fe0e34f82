import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listPeople } from '../../server/data/people.js';
import { ForbiddenError, ValidationError } from '../../server/errors.js';
import { createOrganizationService } from '../../server/services/organizations.js';
import { createPeopleImportService } from '../../server/services/people-import.js';
import { buildUnitTree, createUnitService, flattenUnitTree } from '../../server/services/units.js';
import { createUserService, type StaffUser } from '../../server/services/users.js';
import { rowCount, testDatabases, type TestDb } from '../helpers/db.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const keep = { removeMissing: false };

const FIRST = [
  'email,unit,manager_email,location,role_level,language',
  'ana@acme.test,Sales/EMEA/Team 3,lead@acme.test,Berlin,Team lead,de',
  'bo@acme.test,Sales/EMEA/Team 3,,Berlin,,',
  'cy@acme.test,Sales/EMEA/Team 4,,Paris,,fr-CH',
  'di@acme.test,Sales/US,,,,',
  'ed@acme.test,Operations,,,,en',
].join('\n');

describe.each(testDatabases())('people import on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let admin: StaffUser;
  let orgId: number;
  let people: ReturnType<typeof createPeopleImportService>;

  beforeEach(async () => {
    t = await create();
    db = t.db;
    orgId = (await createOrganizationService({ db }).create({ name: 'Acme' })).id;
    admin = await createUserService({ db }).create({
      email: 'admin@acme.test',
      password: 'correct horse',
      role: 'admin',
    });
    people = createPeopleImportService({ db, clock: () => NOW });
  });
  afterEach(async () => {
    await t.destroy();
  });

  const tree = async () =>
    flattenUnitTree(buildUnitTree(await createUnitService({ db }).list(orgId))).map((u) => ({
      path: u.path,
      kind: u.kind,
      headcount: u.headcount,
    }));

  it('lists every row error with its line, column, value and why, and writes nothing', async () => {
    const csv = [
      'Email,Unit,Manager Email,Language',
      'ok@acme.test,Sales/EMEA,,',
      'not-an-email,Sales,,',
      'ok@acme.test,Sales,,',
      'fy@acme.test,Sales//Team,,',
      'gu@acme.test,,,',
      'hu@acme.test,Sales,boss,',
      'io@acme.test,Sales,,english please',
      'ja@acme.test,Sales',
    ].join('\n');
    const preview = await people.preview(admin, orgId, csv, keep);
    expect(preview.errors).toEqual([
      { line: 3, column: 'email', value: 'not-an-email', why: 'This is not an email address.' },
      { line: 4, column: 'email', value: 'ok@acme.test', why: 'This person is already on line 2.' },
      { line: 5, column: 'unit', value: 'Sales//Team', why: expect.stringContaining('empty') },
      { line: 6, column: 'unit', value: '', why: expect.stringContaining('A unit is needed') },
      { line: 7, column: 'manager_email', value: 'boss', why: expect.stringContaining('not an email address') },
      { line: 8, column: 'language', value: 'english please', why: expect.stringContaining('language code') },
      { line: 9, column: '', value: '', why: expect.stringContaining('2 fields where the header has 4') },
    ]);
    await expect(people.apply(admin, orgId, csv, keep)).rejects.toThrow(ValidationError);
    expect(await rowCount(db('people'))).toBe(0);
    expect(await rowCount(db('units'))).toBe(0);
  });

  it('says what is wrong with a file that is not a people list at all', async () => {
    expect((await people.preview(admin, orgId, 'name,team\nAna,Sales', keep)).errors[0]).toMatchObject({
      line: 1,
      why: expect.stringContaining('"email" and "unit"'),
    });
    expect((await people.preview(admin, orgId, 'email,unit\n"ana@acme.test,Sales', keep)).errors[0].why).toContain(
      'not a readable CSV',
    );
    expect((await people.preview(admin, orgId, '', keep)).errors[0].why).toContain('empty');
  });

  it('builds the unit tree along the paths and sets each unit’s headcount from the people in and below it', async () => {
    const preview = await people.preview(admin, orgId, FIRST, keep);
    expect(preview).toMatchObject({ people: 5, errors: [], added: 5, updated: 0, removed: 0 });
    expect(preview.newUnits).toEqual([
      'Sales',
      'Sales / EMEA',
      'Sales / EMEA / Team 3',
      'Sales / EMEA / Team 4',
      'Sales / US',
      'Operations',
    ]);
    expect(await rowCount(db('units'))).toBe(0);

    await people.apply(admin, orgId, FIRST, keep);
    expect(await tree()).toEqual([
      { path: 'Operations', kind: 'department', headcount: 1 },
      { path: 'Sales', kind: 'department', headcount: 4 },
      { path: 'Sales / EMEA', kind: 'team', headcount: 3 },
      { path: 'Sales / EMEA / Team 3', kind: 'team', headcount: 2 },
      { path: 'Sales / EMEA / Team 4', kind: 'team', headcount: 1 },
      { path: 'Sales / US', kind: 'team', headcount: 1 },
    ]);
    const ana = (await listPeople(db, orgId)).find((p) => p.email === 'ana@acme.test');
    expect(ana).toMatchObject({
      managerEmail: 'lead@acme.test',
      location: 'Berlin',
      roleLevel: 'Team lead',
      language: 'de',
    });
    const audit = await db('audit_events').where({ action: 'people.import' }).first();
    expect(JSON.parse(audit.detail)).toMatchObject({ added: 5, unitsCreated: 6 });
  });

  it('updates on a second import, matched by email, and finds existing units whatever their case', async () => {
    await people.apply(admin, orgId, FIRST, keep);
    const second = [
      'email,unit,location',
      'ANA@acme.test,sales/emea/team 4,Berlin', // moved, manager and language now empty
      'bo@acme.test,Sales/EMEA/Team 3,Munich', // moved town
      'cy@acme.test,Sales/EMEA/Team 4,Paris',
      'fe@acme.test,Sales/US,', // new
      // di and ed are not in this file
    ].join('\n');
    const kept = await people.preview(admin, orgId, second, keep);
    expect(kept).toMatchObject({ added: 1, updated: 3, unchanged: 0, removed: 0, newUnits: [] });
    expect(kept.headcounts).toEqual([
      { path: 'Sales', from: 4, to: 5 },
      { path: 'Sales / EMEA / Team 3', from: 2, to: 1 },
      { path: 'Sales / EMEA / Team 4', from: 1, to: 2 },
      { path: 'Sales / US', from: 1, to: 2 },
    ]);
    await people.apply(admin, orgId, second, keep);
    expect((await listPeople(db, orgId)).map((p) => p.email)).toEqual([
      'ana@acme.test',
      'bo@acme.test',
      'cy@acme.test',
      'di@acme.test',
      'ed@acme.test',
      'fe@acme.test',
    ]);

    // The same file again, now removing whoever is not in it: the emptied department loses its headcount.
    const removing = await people.preview(admin, orgId, second, { removeMissing: true });
    expect(removing).toMatchObject({ added: 0, updated: 0, unchanged: 4, removed: 2 });
    await people.apply(admin, orgId, second, { removeMissing: true });
    expect(await tree()).toEqual([
      { path: 'Operations', kind: 'department', headcount: null },
      { path: 'Sales', kind: 'department', headcount: 4 },
      { path: 'Sales / EMEA', kind: 'team', headcount: 3 },
      { path: 'Sales / EMEA / Team 3', kind: 'team', headcount: 1 },
      { path: 'Sales / EMEA / Team 4', kind: 'team', headcount: 2 },
      { path: 'Sales / US', kind: 'team', headcount: 1 },
    ]);
  });

  it('is all or nothing: a failure at the last step leaves no unit and no person behind', async () => {
    // An actor whose account is gone: the audit event, written last, breaks its foreign key.
    const ghost: StaffUser = { id: 999_999, email: 'ghost@acme.test', role: 'admin', organizationId: null };
    await expect(people.apply(ghost, orgId, FIRST, keep)).rejects.toThrow();
    expect(await rowCount(db('people'))).toBe(0);
    expect(await rowCount(db('units'))).toBe(0);
  });

  it('refuses analysts, whose import would set headcounts', async () => {
    const analyst = await createUserService({ db }).create({
      email: 'an@acme.test',
      password: 'correct horse',
      role: 'analyst',
      organizationId: orgId,
    });
    await expect(people.preview(analyst, orgId, FIRST, keep)).rejects.toThrow(ForbiddenError);
    await expect(people.apply(analyst, orgId, FIRST, keep)).rejects.toThrow(ForbiddenError);
  });
});
