import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invitationsAddedAfterOpening } from '../../server/data/invitations.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { toCsv } from '../../server/services/csv.js';
import { createInvitationService, MAX_PER_UNIT } from '../../server/services/invitations.js';
import { createOrganizationService } from '../../server/services/organizations.js';
import { createSurveyService } from '../../server/services/surveys.js';
import { createUnitService } from '../../server/services/units.js';
import { createUserService } from '../../server/services/users.js';
import { rowCount, testDatabases, type TestDb } from '../helpers/db.js';

const instrument = loadDefaultInstrument();

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks (RFC 4180) and defuses formula cells', () => {
    expect(
      toCsv(
        ['unit', 'link'],
        [
          ['A, B', 'x"y'],
          ['=SUM(A1)', 'line\nbreak'],
          ['+1', 3],
        ],
      ),
    ).toBe('unit,link\r\n"A, B","x""y"\r\n\'=SUM(A1),"line\nbreak"\r\n\'+1,3\r\n');
  });
});

describe.each(testDatabases())('surveys and invitations on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let now: Date;
  beforeEach(async () => {
    t = await create();
    db = t.db;
    now = new Date('2026-12-01T10:00:00Z');
  });
  afterEach(async () => {
    await t.destroy();
  });

  async function arrange() {
    const org = await createOrganizationService({ db }).create({ name: 'Acme' });
    const units = createUnitService({ db });
    const ops = await units.create(org.id, { name: 'Operations' });
    const claims = await units.create(org.id, { name: 'Claims', parentId: ops.id });
    const billing = await units.create(org.id, { name: 'Billing', parentId: ops.id });
    const surveys = createSurveyService({ db, instrument, clock: () => now });
    const survey = await surveys.create(org.id, {
      title: 'Wave',
      workflows: ['Invoicing'],
      access: 'invitation',
      anonymityThreshold: 5,
      closesAt: new Date('2027-01-31T23:59:59.999Z'),
    });
    const admin = await createUserService({ db }).create({
      email: 'admin@example.com',
      password: 'correct horse',
      role: 'admin',
    });
    return { org, ops, claims, billing, surveys, survey, admin, units };
  }

  const invitationService = (baseUrl = 'http://x') => createInvitationService({ db, baseUrl, clock: () => now });

  describe('surveys service', () => {
    it('creates a draft on the default instrument and finds it only inside its organization', async () => {
      const { org, surveys, survey } = await arrange();
      expect(survey).toMatchObject({
        organizationId: org.id,
        status: 'draft',
        access: 'invitation',
        anonymityThreshold: 5,
        workflows: ['Invoicing'],
        opensAt: null,
      });
      expect(survey.closesAt?.toISOString()).toBe('2027-01-31T23:59:59.999Z');
      const other = await createOrganizationService({ db }).create({ name: 'Other' });
      expect(await surveys.find(other.id, survey.id)).toBeNull();
      expect(await surveys.find(org.id, Number.NaN)).toBeNull();
      expect(await surveys.open(other.id, survey.id)).toBe(false);
      expect(await surveys.close(other.id, survey.id)).toBe(false);
      expect((await surveys.find(org.id, survey.id))?.status).toBe('draft');
    });

    it('open records the first opening; close stamps the time; reopening clears a closing time already past', async () => {
      const { org, surveys, survey } = await arrange();
      await surveys.open(org.id, survey.id);
      expect(await surveys.find(org.id, survey.id)).toMatchObject({
        status: 'open',
        opensAt: now,
        closesAt: new Date('2027-01-31T23:59:59.999Z'),
      });
      now = new Date('2026-12-05T09:00:00Z');
      await surveys.close(org.id, survey.id);
      expect(await surveys.find(org.id, survey.id)).toMatchObject({ status: 'closed', closesAt: now });
      now = new Date('2026-12-06T09:00:00Z');
      await surveys.open(org.id, survey.id);
      expect(await surveys.find(org.id, survey.id)).toMatchObject({
        status: 'open',
        opensAt: new Date('2026-12-01T10:00:00Z'),
        closesAt: null,
      });
    });
  });

  describe('invitations service', () => {
    it('returns N links per unit with distinct 32-byte tokens and stores only their sha256', async () => {
      const { claims, billing, survey, admin } = await arrange();
      const links = await invitationService('https://r.example').generate(
        admin,
        survey,
        [
          { id: claims.id, path: 'Ops / Claims' },
          { id: billing.id, path: 'Ops / Billing' },
        ],
        5,
      );
      expect(links).toHaveLength(10);
      expect(links.filter((l) => l.unitPath === 'Ops / Claims')).toHaveLength(5);
      const tokens = links.map((l) => new URL(l.link).searchParams.get('t')!);
      for (const l of links)
        expect(l.link).toMatch(new RegExp(`^https://r\\.example/s/${survey.code}\\?t=[A-Za-z0-9_-]{43}$`));
      expect(new Set(tokens).size).toBe(10);
      const rows = await db('invitations').select('survey_id', 'unit_id', 'token_hash');
      expect(rows.map((r) => r.token_hash).sort()).toEqual(
        tokens.map((tok) => createHash('sha256').update(tok).digest('hex')).sort(),
      );
      expect(rows.filter((r) => r.unit_id === claims.id)).toHaveLength(5);
    });

    it('refuses a count outside 1..MAX_PER_UNIT and stores nothing', async () => {
      const { claims, survey, admin } = await arrange();
      const invitations = invitationService();
      for (const n of [0, -1, 1.5, MAX_PER_UNIT + 1])
        await expect(invitations.generate(admin, survey, [{ id: claims.id, path: 'c' }], n)).rejects.toThrow(
          RangeError,
        );
      expect(await rowCount(db('invitations'))).toBe(0);
    });
  });
});

describe.each(testDatabases())('invitationsAddedAfterOpening on $name', ({ create }) => {
  let t: TestDb;
  afterEach(async () => {
    await t.destroy();
  });

  it('counts the invitations created after the survey first opened, and none for a survey never opened', async () => {
    t = await create();
    const db = t.db;
    let now = new Date('2026-12-01T10:00:00Z');
    const org = await createOrganizationService({ db }).create({ name: 'Acme' });
    const unit = await createUnitService({ db }).create(org.id, { name: 'Claims' });
    const surveys = createSurveyService({ db, instrument, clock: () => now });
    const survey = await surveys.create(org.id, {
      title: 'Wave',
      workflows: [],
      access: 'invitation',
      anonymityThreshold: 5,
      closesAt: null,
    });
    const admin = await createUserService({ db }).create({
      email: 'admin@example.com',
      password: 'correct horse',
      role: 'admin',
    });
    const invitations = createInvitationService({ db, baseUrl: 'http://x', clock: () => now });
    const target = [{ id: unit.id, path: 'Claims' }];

    await invitations.generate(admin, survey, target, 4);
    expect(await invitationsAddedAfterOpening(db, survey.id)).toBe(0);
    now = new Date('2026-12-02T09:00:00Z');
    await surveys.open(org.id, survey.id, admin);
    now = new Date('2026-12-02T09:00:01Z');
    await invitations.generate(admin, (await surveys.find(org.id, survey.id))!, target, 3);
    expect(await invitationsAddedAfterOpening(db, survey.id)).toBe(3);
    expect(await surveys.invitationsAddedAfterOpening(survey)).toBe(3);
  });
});
