/**
 * Padding a small team (extra invitation links answered by staff) is limited three ways: only admins and
 * assigned consultants generate links once a survey is open, a unit's headcount caps its links per survey,
 * and every generation lands in an audit log only admins read.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { createOrganizationService } from '../../server/services/organizations.js';
import { createSurveyService } from '../../server/services/surveys.js';
import { createUnitService } from '../../server/services/units.js';
import { createUserService } from '../../server/services/users.js';
import { rowCount, testDatabases } from '../helpers/db.js';
import { createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

const instrument = loadDefaultInstrument();

describe.each(testDatabases())('invitation padding limits on $name', ({ create }) => {
  let t: StaffTestApp;
  let now: Date;
  beforeEach(async () => {
    now = new Date('2026-12-01T10:00:00Z');
    t = await createStaffTestApp(() => now, create);
  });
  afterEach(async () => {
    await t.destroy();
  });

  /** Acme with Operations / Claims, an invitation-only draft survey, and one user of each role. */
  async function arrange() {
    const org = await createOrganizationService({ db: t.db }).create({ name: 'Acme' });
    const units = createUnitService({ db: t.db });
    const ops = await units.create(org.id, { name: 'Operations' });
    const claims = await units.create(org.id, { name: 'Claims', parentId: ops.id });
    const billing = await units.create(org.id, { name: 'Billing', parentId: ops.id });
    const survey = await createSurveyService({ db: t.db, instrument, clock: () => now }).create(org.id, {
      title: 'Wave',
      workflows: [],
      access: 'invitation',
      anonymityThreshold: 5,
      closesAt: null,
    });
    await t.createUser('admin@example.com', 'admin');
    const consultant = await t.createUser('consultant@example.com', 'consultant');
    await createUserService({ db: t.db }).assignOrganization(consultant.id, org.id);
    await t.createUser('stranger@example.com', 'consultant');
    await t.createUser('analyst@example.com', 'analyst', org.id);
    const surveyPath = `/orgs/${org.slug}/surveys/${survey.id}`;
    return { org, ops, claims, billing, survey, surveyPath };
  }

  const invitationCount = () => rowCount(t.db('invitations'));

  describe('who may generate invitations', () => {
    it('lets an analyst generate links for a draft, then answers 403 naming who can once the survey is open or closed, and stores none', async () => {
      const { claims, surveyPath } = await arrange();
      const { agent, csrf } = await signIn(t.app, 'analyst@example.com');
      const generate = () =>
        agent
          .post(`${surveyPath}/invitations`)
          .type('form')
          .send({ _csrf: csrf, perUnit: '4', unitIds: String(claims.id) });
      expect((await generate()).status).toBe(200);
      expect(await invitationCount()).toBe(4);

      await agent.post(`${surveyPath}/open`).type('form').send({ _csrf: csrf }).expect(303);
      const refused = await generate();
      expect(refused.status).toBe(403);
      expect(refused.text).toContain(
        'only an admin or a consultant assigned to this organization can generate invitation links',
      );
      const page = await agent.get(surveyPath).expect(200);
      expect(page.text).toContain('data-testid="who-may-generate"');
      expect(page.text).not.toContain('Download invitation links (CSV)');

      await agent.post(`${surveyPath}/close`).type('form').send({ _csrf: csrf, confirm: 'close' }).expect(303);
      expect((await generate()).status).toBe(403);
      expect(await invitationCount()).toBe(4);
    });

    it('lets an admin and an assigned consultant generate links for an open survey; an unassigned consultant gets 404', async () => {
      const { claims, surveyPath } = await arrange();
      const admin = await signIn(t.app, 'admin@example.com');
      await admin.agent.post(`${surveyPath}/open`).type('form').send({ _csrf: admin.csrf }).expect(303);
      for (const email of ['admin@example.com', 'consultant@example.com']) {
        const { agent, csrf } = await signIn(t.app, email);
        expect((await agent.get(surveyPath).expect(200)).text).toContain('Download invitation links (CSV)');
        await agent
          .post(`${surveyPath}/invitations`)
          .type('form')
          .send({ _csrf: csrf, perUnit: '2', unitIds: String(claims.id) })
          .expect(200);
      }
      const stranger = await signIn(t.app, 'stranger@example.com');
      await stranger.agent
        .post(`${surveyPath}/invitations`)
        .type('form')
        .send({ _csrf: stranger.csrf, perUnit: '2', unitIds: String(claims.id) })
        .expect(404);
      expect(await invitationCount()).toBe(4);
    });
  });

  describe('headcount caps', () => {
    it('refuses more links than a unit has people left with 400 naming the unit and how many are left, and generates none', async () => {
      const { org, claims, billing, surveyPath } = await arrange();
      const { agent, csrf } = await signIn(t.app, 'admin@example.com');
      await agent
        .post(`/orgs/${org.slug}/units/${claims.id}/headcount`)
        .type('form')
        .send({ _csrf: csrf, headcount: '5' })
        .expect(303);
      const generate = (perUnit: number, ...unitIds: number[]) =>
        agent
          .post(`${surveyPath}/invitations`)
          .type('form')
          .send(`_csrf=${csrf}&perUnit=${perUnit}${unitIds.map((id) => `&unitIds=${id}`).join('')}`);

      expect((await generate(1, claims.id)).status).toBe(200);
      const over = await generate(5, claims.id);
      expect(over.status).toBe(400);
      expect(over.text).toContain(
        'Operations / Claims has a headcount of 5: at most 4 more links can be generated for this survey. Nothing was generated.',
      );
      // Billing has no headcount, but one unit over its cap refuses the whole request.
      expect((await generate(5, claims.id, billing.id)).status).toBe(400);
      expect(await invitationCount()).toBe(1);

      expect((await generate(4, claims.id)).status).toBe(200);
      const full = await generate(1, claims.id);
      expect(full.status).toBe(400);
      expect(full.text).toContain(
        'Operations / Claims has a headcount of 5: no more links can be generated for this survey.',
      );
      expect(await invitationCount()).toBe(5);
      expect((await generate(7, billing.id)).status).toBe(200);
    });

    it('lets admins and assigned consultants change a headcount, and answers an analyst 403 with the cap unchanged', async () => {
      const { org, claims } = await arrange();
      const admin = await signIn(t.app, 'admin@example.com');
      await admin.agent
        .post(`/orgs/${org.slug}/units/${claims.id}/headcount`)
        .type('form')
        .send({ _csrf: admin.csrf, headcount: '3' })
        .expect(303);
      const analyst = await signIn(t.app, 'analyst@example.com');
      expect((await analyst.agent.get(`/orgs/${org.slug}`).expect(200)).text).toContain(
        'Only an admin or an assigned consultant can change a headcount.',
      );
      const refused = await analyst.agent
        .post(`/orgs/${org.slug}/units/${claims.id}/headcount`)
        .type('form')
        .send({ _csrf: analyst.csrf, headcount: '40' })
        .expect(403);
      expect(refused.text).toContain(
        'Only an admin or a consultant assigned to this organization can change a headcount',
      );
      expect(await t.db('units').where({ id: claims.id }).first()).toMatchObject({ headcount: 3 });
      const consultant = await signIn(t.app, 'consultant@example.com');
      await consultant.agent
        .post(`/orgs/${org.slug}/units/${claims.id}/headcount`)
        .type('form')
        .send({ _csrf: consultant.csrf, headcount: '4' })
        .expect(303);
      expect(await t.db('units').where({ id: claims.id }).first()).toMatchObject({ headcount: 4 });
    });

    it('takes a headcount on the unit form and changes it for an existing unit, refusing anything but a whole number from 1 to 1,000,000', async () => {
      const { org, ops } = await arrange();
      const { agent, csrf } = await signIn(t.app, 'admin@example.com');
      await agent
        .post(`/orgs/${org.slug}/units`)
        .type('form')
        .send({ _csrf: csrf, name: 'Night shift', parentId: String(ops.id), headcount: '3' })
        .expect(303);
      expect(await t.db('units').where({ name: 'Night shift' }).first()).toMatchObject({ headcount: 3 });
      await agent
        .post(`/orgs/${org.slug}/units`)
        .type('form')
        .send({ _csrf: csrf, name: 'Day shift', parentId: String(ops.id), headcount: '' })
        .expect(303);
      expect(await t.db('units').where({ name: 'Day shift' }).first()).toMatchObject({ headcount: null });

      for (const bad of ['0', '1.5', 'abc', '1000001', '-2', '1e3']) {
        const res = await agent
          .post(`/orgs/${org.slug}/units`)
          .type('form')
          .send({ _csrf: csrf, name: `Bad ${bad}`, headcount: bad })
          .expect(400);
        expect(res.text).toContain('whole number from 1 to 1,000,000');
        const change = await agent
          .post(`/orgs/${org.slug}/units/${ops.id}/headcount`)
          .type('form')
          .send({ _csrf: csrf, headcount: bad })
          .expect(400);
        expect(change.text).toContain('whole number from 1 to 1,000,000');
      }
      expect(await rowCount(t.db('units').where('name', 'like', 'Bad%'))).toBe(0);

      await agent
        .post(`/orgs/${org.slug}/units/${ops.id}/headcount`)
        .type('form')
        .send({ _csrf: csrf, headcount: '1000000' })
        .expect(303);
      expect((await agent.get(`/orgs/${org.slug}`).expect(200)).text).toContain(
        `data-testid="headcount-${ops.id}">1000000<`,
      );
      await agent
        .post(`/orgs/${org.slug}/units/${ops.id}/headcount`)
        .type('form')
        .send({ _csrf: csrf, headcount: '' })
        .expect(303);
      expect(await t.db('units').where({ id: ops.id }).first()).toMatchObject({ headcount: null });

      const other = await createOrganizationService({ db: t.db }).create({ name: 'Other' });
      const foreign = await createUnitService({ db: t.db }).create(other.id, { name: 'Foreign' });
      await agent
        .post(`/orgs/${org.slug}/units/${foreign.id}/headcount`)
        .type('form')
        .send({ _csrf: csrf, headcount: '9' })
        .expect(404);
      expect(await t.db('units').where({ id: foreign.id }).first()).toMatchObject({ headcount: null });
    });
  });

  describe('audit log', () => {
    it('lists creation (with the threshold), opening, invitations with unit counts, headcount changes and closing, newest first, with who did them', async () => {
      const { org, claims, surveyPath } = await arrange();
      const { agent, csrf } = await signIn(t.app, 'admin@example.com');
      await agent
        .post(`/orgs/${org.slug}/units/${claims.id}/headcount`)
        .type('form')
        .send({ _csrf: csrf, headcount: '8' })
        .expect(303);
      now = new Date('2026-12-01T11:00:00Z');
      await agent.post(`${surveyPath}/open`).type('form').send({ _csrf: csrf }).expect(303);
      now = new Date('2026-12-01T12:00:00Z');
      const consultant = await signIn(t.app, 'consultant@example.com');
      await consultant.agent
        .post(`${surveyPath}/invitations`)
        .type('form')
        .send({ _csrf: consultant.csrf, perUnit: '3', unitIds: String(claims.id) })
        .expect(200);
      now = new Date('2026-12-01T13:00:00Z');
      await agent.post(`${surveyPath}/close`).type('form').send({ _csrf: csrf, confirm: 'close' }).expect(303);

      const page = await agent.get(`/orgs/${org.slug}/audit`).expect(200);
      const rows = (page.text.match(/<tr data-testid="audit-event">[\s\S]*?<\/tr>/g) ?? []).map((row) =>
        row
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      );
      expect(rows).toEqual([
        '2026-12-01 13:00 admin@example.com Wave Closed the survey',
        '2026-12-01 12:00 consultant@example.com Wave Generated 3 invitation links while the survey was open: Operations / Claims 3',
        '2026-12-01 11:00 admin@example.com Wave Opened the survey',
        '2026-12-01 10:00 admin@example.com — Changed the headcount of Claims from not set to 8',
        '2026-12-01 10:00 no account (the command line, or a deleted account) Wave Created the survey &#34;Wave&#34; (invitation only, anonymity threshold 5)',
      ]);
      const stored = await t.db('audit_events').where({ action: 'invitations.generate' }).first();
      expect(JSON.parse(stored.detail)).toEqual({
        status: 'open',
        units: [{ unitId: claims.id, unit: 'Operations / Claims', count: 3 }],
        total: 3,
      });
    });

    it('records who created a survey through the page, with its anonymity threshold', async () => {
      const { org } = await arrange();
      const { agent, csrf } = await signIn(t.app, 'consultant@example.com');
      await agent
        .post(`/orgs/${org.slug}/surveys`)
        .type('form')
        .send({ _csrf: csrf, title: 'Autumn', access: 'open', anonymityThreshold: '7' })
        .expect(303);
      const [event] = await t.db('audit_events').where({ action: 'survey.create' }).orderBy('id', 'desc');
      expect(JSON.parse(event.detail)).toEqual({ title: 'Autumn', anonymityThreshold: 7, access: 'open' });
      expect((await t.db('users').where({ id: event.user_id }).first()).email).toBe('consultant@example.com');
    });

    it('is linked from the organization page for admins only, and is a 404 for consultants and analysts', async () => {
      const { org } = await arrange();
      const admin = await signIn(t.app, 'admin@example.com');
      expect((await admin.agent.get(`/orgs/${org.slug}`).expect(200)).text).toContain(`href="/orgs/${org.slug}/audit"`);
      for (const email of ['consultant@example.com', 'analyst@example.com']) {
        const { agent } = await signIn(t.app, email);
        expect((await agent.get(`/orgs/${org.slug}`).expect(200)).text).not.toContain('/audit"');
        await agent.get(`/orgs/${org.slug}/audit`).expect(404);
      }
    });

    it('shows on the survey page how many links were generated after the survey opened', async () => {
      const { claims, surveyPath } = await arrange();
      const { agent, csrf } = await signIn(t.app, 'admin@example.com');
      const generate = (perUnit: number) =>
        agent
          .post(`${surveyPath}/invitations`)
          .type('form')
          .send({ _csrf: csrf, perUnit: String(perUnit), unitIds: String(claims.id) })
          .expect(200);
      await generate(2);
      now = new Date('2026-12-01T11:00:00Z');
      await agent.post(`${surveyPath}/open`).type('form').send({ _csrf: csrf }).expect(303);
      now = new Date('2026-12-01T11:05:00Z');
      await generate(3);
      const page = await agent.get(surveyPath).expect(200);
      expect(page.text).toMatch(
        /data-testid="invitations-after-opening">Links generated after the survey opened: <strong>3<\/strong>/,
      );
    });
  });
});
