import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instrumentItems, loadDefaultInstrument } from '../../server/instruments/load.js';
import { createOrganizationService } from '../../server/services/organizations.js';
import { createSurveyService } from '../../server/services/surveys.js';
import { createUnitService } from '../../server/services/units.js';
import { createUserService } from '../../server/services/users.js';
import { rowCount, testDatabases } from '../helpers/db.js';
import {
  BASE_URL,
  createOrgThroughPages,
  createStaffTestApp,
  csrfFrom,
  signIn,
  type StaffTestApp,
} from './staff-app.js';

const instrument = loadDefaultInstrument();
const NOW = new Date('2026-12-01T10:00:00Z');

/** A complete, valid answer set for the default instrument (every item answered 3). */
function completeAnswers(): Record<string, string> {
  return Object.fromEntries(instrumentItems(instrument).map((item) => [item.id, '3']));
}

/** Splits a CSV body into rows of cells (the links and unit names here hold no quotes or commas). */
function csvRows(text: string): string[][] {
  expect(text.startsWith('\uFEFF'), 'a CSV download starts with the UTF-8 BOM').toBe(true);
  return text
    .slice(1)
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
}

describe.each(testDatabases())('staff pages on $name', ({ create }) => {
  let t: StaffTestApp;
  beforeEach(async () => {
    t = await createStaffTestApp(() => NOW, create);
    await t.createUser('admin@example.com', 'admin');
  });
  afterEach(async () => {
    await t.destroy();
  });

  describe('organizations and units (admin)', () => {
    it('creates an organization with a slug from its name, lists it, and gives a second one with the same slug its own', async () => {
      const { agent, csrf } = await signIn(t.app, 'admin@example.com');
      expect(await createOrgThroughPages(agent, csrf, 'Acme Insurance & Co.')).toBe('/orgs/acme-insurance-co');
      expect(await createOrgThroughPages(agent, csrf, 'Acme Insurance Co')).toBe('/orgs/acme-insurance-co-2');
      const list = await agent.get('/orgs').expect(200);
      expect(list.text).toContain('href="/orgs/acme-insurance-co"');
      expect(list.text).toContain('href="/orgs/acme-insurance-co-2"');
      const page = await agent.get('/orgs/acme-insurance-co').expect(200);
      expect(page.text).toContain('Insurance · 250-999 people');
    });

    it('re-renders the organization form with 400, the values kept and the error beside the field', async () => {
      const { agent, csrf } = await signIn(t.app, 'admin@example.com');
      const res = await agent
        .post('/orgs')
        .type('form')
        .send({ _csrf: csrf, name: '  ', industry: 'Retail', sizeBand: 'huge' })
        .expect(400);
      expect(res.text).toContain('id="f-name-error"');
      expect(res.text).toContain('value="Retail"');
      expect(res.text).toContain('Choose one of the size bands');
      expect(await rowCount(t.db('organizations'))).toBe(0);
    });

    it('adds departments and teams and shows them as a tree; refuses a duplicate name with 400', async () => {
      const { agent, csrf } = await signIn(t.app, 'admin@example.com');
      const orgPath = await createOrgThroughPages(agent, csrf, 'Acme');
      await agent
        .post(`${orgPath}/units`)
        .type('form')
        .send({ _csrf: csrf, name: 'Operations', parentId: '' })
        .expect(303);
      const [ops] = await t.db('units').where({ name: 'Operations' });
      await agent
        .post(`${orgPath}/units`)
        .type('form')
        .send({ _csrf: csrf, name: 'Claims', parentId: String(ops.id) })
        .expect(303);
      expect(await t.db('units').orderBy('id').select('name', 'kind', 'parent_id')).toEqual([
        { name: 'Operations', kind: 'department', parent_id: null },
        { name: 'Claims', kind: 'team', parent_id: ops.id },
      ]);
      const page = await agent.get(orgPath).expect(200);
      expect(page.text).toMatch(/Operations<\/span>[\s\S]*<ul class="unit-tree">[\s\S]*Claims<\/span>/);
      const dup = await agent
        .post(`${orgPath}/units`)
        .type('form')
        .send({ _csrf: csrf, name: 'Operations', parentId: '' })
        .expect(400);
      expect(dup.text).toContain('A unit with this name already exists here');
      expect(dup.text).toContain('value="Operations"');
    });
  });

  describe('surveys (admin)', () => {
    async function arrange() {
      const { agent, csrf } = await signIn(t.app, 'admin@example.com');
      const orgPath = await createOrgThroughPages(agent, csrf, 'Acme');
      await agent.post(`${orgPath}/units`).type('form').send({ _csrf: csrf, name: 'Operations' }).expect(303);
      const [ops] = await t.db('units').where({ name: 'Operations' });
      for (const name of ['Claims', 'Billing'])
        await agent
          .post(`${orgPath}/units`)
          .type('form')
          .send({ _csrf: csrf, name, parentId: String(ops.id) })
          .expect(303);
      return { agent, csrf, orgPath };
    }

    it('creates a draft survey from the default instrument, storing the instrument row once for several surveys', async () => {
      const { agent, csrf, orgPath } = await arrange();
      await agent.get(`${orgPath}/surveys/new`).expect(200);
      const res = await agent
        .post(`${orgPath}/surveys`)
        .type('form')
        .send({
          _csrf: csrf,
          title: 'Spring wave',
          workflows: 'Claims triage\r\n\r\n Invoicing \r\nClaims triage',
          access: 'invitation',
          anonymityThreshold: '7',
          closesAt: '2027-01-31',
        })
        .expect(303);
      expect(res.headers.location).toMatch(new RegExp(`^${orgPath}/surveys/\\d+$`));
      await agent
        .post(`${orgPath}/surveys`)
        .type('form')
        .send({ _csrf: csrf, title: 'Autumn wave', access: 'open', anonymityThreshold: '5' })
        .expect(303);

      const surveys = await t.db('surveys').orderBy('id');
      expect(surveys).toHaveLength(2);
      expect(surveys[0]).toMatchObject({
        title: 'Spring wave',
        status: 'draft',
        access: 'invitation',
        anonymity_threshold: 7,
        workflows: '["Claims triage","Invoicing"]',
      });
      expect(new Date(surveys[0].closes_at).toISOString()).toBe('2027-01-31T23:59:59.999Z');
      expect(surveys[0].code).toMatch(/^[A-Za-z0-9_-]{10}$/);
      const instruments = await t.db('instruments').select('id', 'key', 'version');
      expect(instruments).toEqual([{ id: surveys[0].instrument_id, key: instrument.id, version: instrument.version }]);
      expect(surveys[1].instrument_id).toBe(surveys[0].instrument_id);

      const page = await agent.get(res.headers.location).expect(200);
      expect(page.text).toContain(`${BASE_URL}/s/${surveys[0].code}`);
      expect(page.text).toContain('Open survey');
    });

    it('re-renders the survey form with 400 and every value kept when the threshold is too small or the day has passed', async () => {
      const { agent, csrf, orgPath } = await arrange();
      const res = await agent
        .post(`${orgPath}/surveys`)
        .type('form')
        .send({
          _csrf: csrf,
          title: 'Spring wave',
          workflows: 'Invoicing',
          access: 'invitation',
          anonymityThreshold: '2',
          closesAt: '2026-11-30',
        })
        .expect(400);
      expect(res.text).toContain('value="Spring wave"');
      expect(res.text).toContain('>Invoicing</textarea>');
      expect(res.text).toMatch(/value="invitation" checked/);
      expect(res.text).toContain('id="f-anonymityThreshold-error"');
      const past = await agent
        .post(`${orgPath}/surveys`)
        .type('form')
        .send({ _csrf: csrf, title: 'Spring wave', access: 'open', anonymityThreshold: '5', closesAt: '2026-11-30' })
        .expect(400);
      expect(past.text).toContain('Choose a day that has not passed yet');
      expect(await rowCount(t.db('surveys'))).toBe(0);
    });

    it('opens and closes a survey with POSTs, and the respondent link follows (200 open, 410 closed)', async () => {
      const { agent, csrf, orgPath } = await arrange();
      const created = await agent
        .post(`${orgPath}/surveys`)
        .type('form')
        .send({ _csrf: csrf, title: 'Wave', access: 'open', anonymityThreshold: '5' })
        .expect(303);
      const surveyPath = created.headers.location as string;
      const [{ code }] = await t.db('surveys').select('code');

      await agent
        .post(`${surveyPath}/open`)
        .type('form')
        .send({ _csrf: csrf })
        .expect(303)
        .expect('location', surveyPath);
      let [row] = await t.db('surveys');
      expect(row.status).toBe('open');
      expect(new Date(row.opens_at).toISOString()).toBe(NOW.toISOString());
      await request(t.app).get(`/s/${code}`).expect(200);
      expect((await agent.get(surveyPath).expect(200)).text).toContain('Close survey');

      await agent.post(`${surveyPath}/close`).type('form').send({ _csrf: csrf, confirm: 'close' }).expect(303);
      [row] = await t.db('surveys');
      expect(row.status).toBe('closed');
      await request(t.app).get(`/s/${code}`).expect(410);
      expect((await agent.get(surveyPath).expect(200)).text).toContain('Reopen survey');

      await agent.post(`${surveyPath}/open`).type('form').send({ _csrf: csrf }).expect(303);
      [row] = await t.db('surveys');
      expect(row.status).toBe('open');
      expect(row.closes_at).toBeNull();
    });

    it('downloads N invitation links per unit as CSV; only their hashes are stored; a link admits one response, counted for its unit', async () => {
      const { agent, csrf, orgPath } = await arrange();
      const created = await agent
        .post(`${orgPath}/surveys`)
        .type('form')
        .send({ _csrf: csrf, title: 'Wave', access: 'invitation', anonymityThreshold: '5' })
        .expect(303);
      const surveyPath = created.headers.location as string;
      await agent.post(`${surveyPath}/open`).type('form').send({ _csrf: csrf }).expect(303);
      const units = await t.db('units').where('kind', 'team').orderBy('name');
      const [billing, claims] = units;

      const res = await agent
        .post(`${surveyPath}/invitations`)
        .type('form')
        .send(`_csrf=${csrf}&perUnit=3&unitIds=${billing.id}&unitIds=${claims.id}`)
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="invitations-acme-[A-Za-z0-9_-]+\.csv"$/,
      );
      const rows = csvRows(res.text);
      expect(rows[0]).toEqual(['unit', 'link']);
      const body = rows.slice(1);
      expect(body.filter((r) => r[0] === 'Operations / Billing')).toHaveLength(3);
      expect(body.filter((r) => r[0] === 'Operations / Claims')).toHaveLength(3);
      expect(body).toHaveLength(6);
      const [{ code }] = await t.db('surveys').select('code');
      const tokens = body.map((r) => {
        const url = new URL(r[1]);
        expect(url.origin + url.pathname).toBe(`${BASE_URL}/s/${code}`);
        return url.searchParams.get('t')!;
      });
      expect(new Set(tokens).size).toBe(6);

      // Only sha256 hashes are stored, never a token.
      const stored = await t.db('invitations').orderBy('id');
      expect(stored.map((i) => i.token_hash).sort()).toEqual(
        tokens.map((tok) => createHash('sha256').update(tok).digest('hex')).sort(),
      );
      const dump = JSON.stringify(await t.db('invitations'));
      for (const tok of tokens) expect(dump).not.toContain(tok);

      // A generated link opens the survey and admits exactly one response, counted for its unit.
      const claimsLink = new URL(body.find((r) => r[0] === 'Operations / Claims')![1]);
      const respondent = request(t.app);
      await respondent.get(claimsLink.pathname + claimsLink.search).expect(200);
      const answer = {
        ...completeAnswers(),
        role_level: instrument.roleLevels[0],
        t: claimsLink.searchParams.get('t')!,
      };
      await respondent.post(claimsLink.pathname).type('form').send(answer).expect(303);
      await respondent.post(claimsLink.pathname).type('form').send(answer).expect(409);

      expect(Number((await t.db('responses').count({ n: '*' }).first())!.n)).toBe(1);
      const page = await agent.get(surveyPath).expect(200);
      // One response is below the threshold of 5: neither the total nor any unit's count is shown.
      expect(page.text).toContain('fewer than 5 usable responses so far');
      expect(page.text).not.toMatch(/Operations \/ Claims<\/th>/);
    });

    it('refuses invitations for a unit of another organization, or a count out of range, with 400 and stores none', async () => {
      const { agent, csrf, orgPath } = await arrange();
      const created = await agent
        .post(`${orgPath}/surveys`)
        .type('form')
        .send({ _csrf: csrf, title: 'Wave', access: 'invitation', anonymityThreshold: '5' })
        .expect(303);
      const other = await createOrganizationService({ db: t.db }).create({ name: 'Other' });
      const foreign = await createUnitService({ db: t.db }).create(other.id, { name: 'Foreign' });
      const res = await agent
        .post(`${created.headers.location}/invitations`)
        .type('form')
        .send({ _csrf: csrf, perUnit: '2', unitIds: String(foreign.id) })
        .expect(400);
      expect(res.text).toContain('Choose units of this organization');
      await agent
        .post(`${created.headers.location}/invitations`)
        .type('form')
        .send({ _csrf: csrf, perUnit: '0', unitIds: String(foreign.id) })
        .expect(400);
      await agent
        .post(`${created.headers.location}/invitations`)
        .type('form')
        .send({ _csrf: csrf, perUnit: '5' })
        .expect(400);
      expect(await rowCount(t.db('invitations'))).toBe(0);
    });
  });

  describe('organization scoping', () => {
    /** Organization A (the analyst's) and B, each with a unit and a survey, arranged through the services. */
    async function arrangeTwoOrganizations() {
      const organizations = createOrganizationService({ db: t.db });
      const units = createUnitService({ db: t.db });
      const surveys = createSurveyService({ db: t.db, instrument, clock: () => NOW });
      const a = await organizations.create({ name: 'Alpha' });
      const b = await organizations.create({ name: 'Beta' });
      const unitA = await units.create(a.id, { name: 'Ops A' });
      const unitB = await units.create(b.id, { name: 'Ops B' });
      const input = {
        title: 'Wave',
        workflows: [],
        access: 'invitation' as const,
        anonymityThreshold: 5,
        closesAt: null,
      };
      const surveyA = await surveys.create(a.id, input);
      const surveyB = await surveys.create(b.id, input);
      await surveys.open(b.id, surveyB.id);
      return { a, b, unitA, unitB, surveyA, surveyB };
    }

    async function snapshot() {
      return JSON.stringify(
        await Promise.all(
          ['organizations', 'units', 'surveys', 'invitations'].map((table) => t.db(table).orderBy('id')),
        ),
      );
    }

    it('an analyst of organization A gets 404 for every URL of organization B, and nothing of B changes', async () => {
      const { a, b, unitB, surveyA, surveyB } = await arrangeTwoOrganizations();
      await t.createUser('analyst@example.com', 'analyst', a.id);
      const { agent, csrf } = await signIn(t.app, 'analyst@example.com');

      const list = await agent.get('/orgs').expect(200);
      expect(list.text).toContain('href="/orgs/alpha"');
      expect(list.text).not.toContain('/orgs/beta');
      await agent.get('/orgs/alpha').expect(200);
      await agent.get(`/orgs/alpha/surveys/${surveyA.id}`).expect(200);

      const before = await snapshot();
      const B = `/orgs/${b.slug}`;
      const gets = [
        B,
        `${B}/surveys/new`,
        `${B}/surveys/${surveyB.id}`,
        `/orgs/alpha/surveys/${surveyB.id}`,
        '/orgs/new',
      ];
      for (const path of gets) await agent.get(path).expect(404);
      const posts: [string, Record<string, string>][] = [
        [`${B}/units`, { name: 'Intruder' }],
        [`${B}/surveys`, { title: 'Intruder', access: 'open', anonymityThreshold: '5' }],
        [`${B}/surveys/${surveyB.id}/open`, {}],
        [`${B}/surveys/${surveyB.id}/close`, {}],
        [`${B}/surveys/${surveyB.id}/invitations`, { perUnit: '2', unitIds: String(unitB.id) }],
        [`/orgs/alpha/surveys/${surveyB.id}/close`, {}],
        [`/orgs/alpha/surveys/${surveyB.id}/invitations`, { perUnit: '2', unitIds: String(unitB.id) }],
        ['/orgs', { name: 'Gamma' }],
      ];
      for (const [path, fields] of posts) {
        const res = await agent
          .post(path)
          .type('form')
          .send({ _csrf: csrf, ...fields });
        expect(res.status, `POST ${path}`).toBe(404);
      }
      expect(await snapshot()).toBe(before);
    });

    it('an analyst manages their own organization (units, surveys, invitations before opening) but cannot create organizations', async () => {
      const { a, unitA, surveyA } = await arrangeTwoOrganizations();
      await t.createUser('analyst@example.com', 'analyst', a.id);
      const { agent, csrf } = await signIn(t.app, 'analyst@example.com');
      expect((await agent.get('/orgs').expect(200)).text).not.toContain('New organization');
      await agent
        .post('/orgs/alpha/units')
        .type('form')
        .send({ _csrf: csrf, name: 'Team A', parentId: String(unitA.id) })
        .expect(303);
      const csv = await agent
        .post(`/orgs/alpha/surveys/${surveyA.id}/invitations`)
        .type('form')
        .send({ _csrf: csrf, perUnit: '2', unitIds: String(unitA.id) })
        .expect(200);
      expect(csvRows(csv.text)).toHaveLength(3);
      await agent.post(`/orgs/alpha/surveys/${surveyA.id}/open`).type('form').send({ _csrf: csrf }).expect(303);
    });

    it('a consultant sees only the organizations assigned to them', async () => {
      const { a, b } = await arrangeTwoOrganizations();
      const consultant = await t.createUser('consultant@example.com', 'consultant');
      await createUserService({ db: t.db }).assignOrganization(consultant.id, b.id);
      const { agent } = await signIn(t.app, 'consultant@example.com');
      const list = await agent.get('/orgs').expect(200);
      expect(list.text).toContain(`href="/orgs/${b.slug}"`);
      expect(list.text).not.toContain(`/orgs/${a.slug}"`);
      await agent.get(`/orgs/${a.slug}`).expect(404);
      await agent.get(`/orgs/${b.slug}`).expect(200);
    });

    it('the survey page and forms carry the CSRF token in every POST form', async () => {
      const { a, surveyA } = await arrangeTwoOrganizations();
      await t.createUser('analyst@example.com', 'analyst', a.id);
      const { agent } = await signIn(t.app, 'analyst@example.com');
      for (const path of [
        '/orgs/alpha',
        `/orgs/alpha/surveys/${surveyA.id}`,
        '/orgs/alpha/surveys/new',
        '/account/password',
      ]) {
        const html = (await agent.get(path).expect(200)).text;
        const forms = html.match(/<form method="post"[\s\S]*?<\/form>/g) ?? [];
        expect(forms.length, path).toBeGreaterThan(0);
        for (const form of forms) expect(form, path).toContain(`name="_csrf" value="${csrfFrom(html)}"`);
      }
    });
  });
});
