import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { peopleCsv } from '../helpers/campaign.js';
import { rowCount } from '../helpers/db.js';
import { createStaffTestApp, csrfFrom, signIn, type StaffTestApp } from './staff-app.js';

const NOW = new Date('2026-12-01T10:00:00Z');

describe('the schedule and email pages, and the Outbox', () => {
  let t: StaffTestApp;
  let now: Date;
  beforeEach(async () => {
    now = NOW;
    t = await createStaffTestApp(() => now);
    await t.createUser('admin@example.com', 'admin');
  });
  afterEach(async () => {
    await t.destroy();
  });

  /** An organization with 6 people (imported through the page) and an invitation-only draft survey. */
  async function arrange() {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const org = await agent.post('/orgs').type('form').send({ _csrf: csrf, name: 'Acme' }).expect(303);
    const orgPath = org.headers.location as string;
    const preview = await agent
      .post(`${orgPath}/people/preview`)
      .field('_csrf', csrf)
      .attach('csv', Buffer.from(peopleCsv(6)), 'people.csv')
      .expect(200);
    await agent
      .post(`${orgPath}/people/import`)
      .field('_csrf', csrfFrom(preview.text))
      .field('csv', peopleCsv(6))
      .expect(303);
    const survey = await agent
      .post(`${orgPath}/surveys`)
      .type('form')
      .send({ _csrf: csrf, title: 'Spring wave', access: 'invitation', anonymityThreshold: '3', closesAt: '' })
      .expect(303);
    const surveyPath = survey.headers.location as string;
    return { agent, csrf, orgPath, surveyPath, mailPath: `${surveyPath}/mail` };
  }

  it('saves a schedule and shows the planned reminders; refuses a bad one beside its field', async () => {
    const { agent, csrf, surveyPath, mailPath } = await arrange();
    expect((await agent.get(surveyPath).expect(200)).text).toContain(`href="${mailPath}"`);
    const bad = await agent
      .post(`${surveyPath}/schedule`)
      .type('form')
      .send({ _csrf: csrf, opensAt: '2026-12-02T08:00', closesAt: '', reminderDays: '3,1' })
      .expect(400);
    expect(bad.text).toContain('Reminders count back from the closing time');
    expect(bad.text).toContain('value="3,1"');

    await agent
      .post(`${surveyPath}/schedule`)
      .type('form')
      .send({
        _csrf: csrf,
        opensAt: '2026-12-02T08:00',
        closesAt: '2026-12-12T17:00',
        inviteOnOpen: 'yes',
        inviteUnitId: '',
        reminderDays: '1, 3',
      })
      .expect(303);
    const page = await agent.get(mailPath).expect(200);
    expect(page.text).toContain('value="2026-12-02T08:00"');
    expect(page.text).toContain('3 days before closing:\n      planned for 2026-12-09 17:00 UTC');
    const survey = await t.db('surveys').first('opens_at', 'closes_at', 'status');
    expect(survey.status).toBe('draft');
    expect(await rowCount(t.db('audit_events').where({ action: 'survey.schedule' }))).toBe(1);
  });

  it('emails invitations from the page once the survey is open, and the Outbox shows them (no SMTP_URL)', async () => {
    const { agent, csrf, surveyPath, mailPath } = await arrange();
    const draft = await agent.get(mailPath).expect(200);
    expect(draft.text).not.toContain('Email the invitations</button>');
    await agent.post(`${surveyPath}/open`).type('form').send({ _csrf: csrf }).expect(303);

    const sent = await agent
      .post(`${surveyPath}/mail/invite`)
      .type('form')
      .send({ _csrf: csrf, unitId: '' })
      .expect(303);
    expect(sent.headers.location).toBe(`${mailPath}?invited=6#invite`);
    expect((await agent.get(mailPath).expect(200)).text).toMatch(/data-testid="recipients">6</);

    const outbox = await agent.get('/outbox').expect(200);
    expect(outbox.text).toContain('data-testid="no-smtp"');
    expect(outbox.text.match(/data-testid="outbox-message"/g)).toHaveLength(6);
    const id = (await t.db('outbox').first('id')).id as number;
    const message = await agent.get(`/outbox/${id}`).expect(200);
    expect(message.text).toMatch(/http:\/\/readiness\.test\/s\/[^?]+\?t=[A-Za-z0-9_-]{43}/);
    const html = await agent.get(`/outbox/${id}/html`).expect(200);
    expect(html.headers['content-security-policy']).toContain('sandbox');
    expect(html.text).toContain('Answer the survey');
  });

  it('never shows the address of a reminder on the Outbox page', async () => {
    const { agent, csrf, surveyPath } = await arrange();
    await agent.post(`${surveyPath}/open`).type('form').send({ _csrf: csrf }).expect(303);
    await t.db('outbox').insert({
      kind: 'reminder',
      recipient: 'late@acme.test',
      subject: 'Reminder',
      text_body: 'x',
      html_body: '<p>x</p>',
      message_id: '<r@readiness.test>',
      next_attempt_at: NOW.toISOString(),
      created_at: NOW.toISOString(),
    });
    const outbox = await agent.get('/outbox').expect(200);
    expect(outbox.text).not.toContain('late@acme.test');
    const id = (await t.db('outbox').where({ kind: 'reminder' }).first('id')).id as number;
    expect((await agent.get(`/outbox/${id}`).expect(200)).text).not.toContain('late@acme.test');
  });

  it('erases the address list of a closed survey only, behind a typed confirmation', async () => {
    const { agent, csrf, surveyPath, mailPath } = await arrange();
    await agent.post(`${surveyPath}/open`).type('form').send({ _csrf: csrf }).expect(303);
    await agent.post(`${surveyPath}/mail/invite`).type('form').send({ _csrf: csrf }).expect(303);
    const open = await agent
      .post(`${surveyPath}/mail/erase`)
      .type('form')
      .send({ _csrf: csrf, confirm: 'erase' })
      .expect(400);
    expect(open.text).toContain('Close the survey first');

    await agent.post(`${surveyPath}/close`).type('form').send({ _csrf: csrf, confirm: 'close' }).expect(303);
    const untyped = await agent
      .post(`${surveyPath}/mail/erase`)
      .type('form')
      .send({ _csrf: csrf, confirm: 'yes' })
      .expect(400);
    expect(untyped.text).toContain('Type erase to confirm.');
    expect(await rowCount(t.db('survey_recipients'))).toBe(6);

    const erased = await agent
      .post(`${surveyPath}/mail/erase`)
      .type('form')
      .send({ _csrf: csrf, confirm: 'erase' })
      .expect(303);
    expect(erased.headers.location).toBe(`${mailPath}?erased=6#erase`);
    expect(await rowCount(t.db('survey_recipients'))).toBe(0);
    expect(await rowCount(t.db('outbox'))).toBe(0);
    expect(await rowCount(t.db('people'))).toBe(6);
    expect(await rowCount(t.db('invitations'))).toBe(6);
  });

  it('keeps the Outbox from everyone but admins', async () => {
    await request(t.app).get('/outbox').expect(303);
    await t.createUser('consultant@example.com', 'consultant', null);
    const { agent } = await signIn(t.app, 'consultant@example.com');
    await agent.get('/outbox').expect(404);
  });
});
