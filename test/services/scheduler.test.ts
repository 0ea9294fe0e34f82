import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../server/errors.js';
import type { ScheduleInput } from '../../server/services/survey-schedule.js';
import { answerWith, arrangeCampaign, queuedMail, tokenIn, type Campaign } from '../helpers/campaign.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

const DAY = 86_400_000;
const NOW = new Date('2026-12-01T09:00:00.000Z');
const OPENS = new Date('2026-12-02T08:00:00.000Z');
const CLOSES = new Date('2026-12-12T17:00:00.000Z');

describe.each(testDatabases())('the scheduler on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let now: Date;
  beforeEach(async () => {
    t = await create();
    db = t.db;
    now = NOW;
  });
  afterEach(async () => {
    await t.destroy();
  });

  const arrange = (people = 6) => arrangeCampaign(db, () => now, people);
  /** Sets the campaign's schedule: opens at OPENS, closes at CLOSES, nothing mailed, unless `plan` says otherwise. */
  const schedule = (campaign: Campaign, plan: Partial<ScheduleInput>) =>
    campaign.services.surveySchedule.save(campaign.admin, campaign.org.id, campaign.survey.id, {
      opensAt: OPENS,
      closesAt: CLOSES,
      inviteOnOpen: false,
      inviteUnitId: null,
      reminderDays: [],
      ...plan,
    });
  const status = async (id: number) => (await db('surveys').where({ id }).first('status')).status as string;

  it('opens a scheduled draft at its time and closes it at its closing time, not a moment before', async () => {
    const campaign = await arrange();
    const { services, org, survey } = campaign;
    await schedule(campaign, {});

    now = new Date(OPENS.getTime() - 1);
    expect(await services.scheduler.tick()).toMatchObject({ opened: 0 });
    expect(await status(survey.id)).toBe('draft');
    now = OPENS;
    expect(await services.scheduler.tick()).toMatchObject({ opened: 1 });
    expect(await status(survey.id)).toBe('open');
    expect(await services.scheduler.tick()).toMatchObject({ opened: 0 });

    now = new Date(CLOSES.getTime() - 1);
    expect(await services.scheduler.tick()).toMatchObject({ closed: 0 });
    now = CLOSES;
    expect(await services.scheduler.tick()).toMatchObject({ closed: 1 });
    const closed = await services.surveys.find(org.id, survey.id);
    expect(closed).toMatchObject({ status: 'closed', opensAt: OPENS, closesAt: CLOSES });
    const events = await services.audit.list(org.id);
    expect(events.filter((e) => e.who === 'the schedule').map((e) => e.what)).toEqual([
      'Closed the survey on schedule',
      'Opened the survey on schedule',
    ]);
  });

  it('emails one single-use invitation per person as the survey opens, once', async () => {
    const campaign = await arrange(6);
    const { services, survey } = campaign;
    await schedule(campaign, { inviteOnOpen: true });
    now = OPENS;
    expect(await services.scheduler.tick()).toMatchObject({ opened: 1, invited: 1 });
    expect(await services.scheduler.tick()).toMatchObject({ opened: 0, invited: 0 });

    const mail = await queuedMail(db, 'invitation');
    expect(mail.map((m) => m.recipient).sort()).toEqual(
      Array.from({ length: 6 }, (_, i) => `person-${i}@acme.test`).sort(),
    );
    expect(mail[0].subject).toBe('Acme: please answer “Spring wave”');
    expect(mail[0].text_body).toContain('2026-12-12 17:00 UTC');
    const tokens = mail.map((m) => tokenIn(m.text_body));
    expect(new Set(tokens).size).toBe(6);
    // Only hashes are stored; each link works once.
    expect(await db('invitations').whereIn('token_hash', tokens).first()).toBeUndefined();
    await answerWith(services, survey, tokens[0]);
    await expect(answerWith(services, survey, tokens[0])).rejects.toThrow('already been submitted');
    expect(Object.keys(await db('responses').first())).not.toContain('invitation_id');
  });

  it('invites only the people of the chosen unit and below it, and people added later on a second send', async () => {
    const { services, org, admin, survey } = await arrange(6);
    await services.surveys.open(org.id, survey.id, admin);
    const team1 = (await services.units.list(org.id)).find((u) => u.name === 'Team 1')!;
    expect(await services.emailInvitations.invite(admin, org.id, survey.id, team1.id)).toBe(2);
    expect(await services.emailInvitations.invite(admin, org.id, survey.id, team1.id)).toBe(0);
    expect(await services.emailInvitations.invite(admin, org.id, survey.id, null)).toBe(4);
    expect((await queuedMail(db, 'invitation')).map((m) => m.recipient)).toHaveLength(6);
  });

  it('emails no invitation to the people of an archived unit, and refuses to invite an archived unit', async () => {
    const { services, org, admin, survey } = await arrange(6);
    const team2 = (await services.units.list(org.id)).find((u) => u.name === 'Team 2')!;
    expect(await services.unitEdits.archive(admin, org.id, team2.id)).toBe(true);
    await services.surveys.open(org.id, survey.id, admin);
    await expect(services.emailInvitations.invite(admin, org.id, survey.id, team2.id)).rejects.toThrow(/archived/);
    expect(await services.emailInvitations.invite(admin, org.id, survey.id, null)).toBe(4);
    const recipients = (await queuedMail(db, 'invitation')).map((m) => m.recipient).sort();
    // person-1 and person-4 are filed in Team 2 (peopleCsv spreads people over three teams).
    expect(recipients).toEqual(['person-0', 'person-2', 'person-3', 'person-5'].map((p) => `${p}@acme.test`));
    const events = await services.audit.list(org.id);
    expect(events.map((e) => e.what)).toContain('Emailed 4 invitations; skipped 2 in archived units');
  });

  it('lets an analyst email invitations only while the survey is a draft, like generating links', async () => {
    const { services, org, survey } = await arrange(3);
    const analyst = await services.users.create({
      email: 'an@acme.test',
      password: 'correct horse',
      role: 'analyst',
      organizationId: org.id,
    });
    await services.surveys.open(org.id, survey.id);
    await expect(services.emailInvitations.invite(analyst, org.id, survey.id, null)).rejects.toThrow(ForbiddenError);
  });

  it('reminds only the people who have not answered, once per reminder day, with a new link that works', async () => {
    const campaign = await arrange(6);
    const { services, survey } = campaign;
    await schedule(campaign, { inviteOnOpen: true, reminderDays: [3, 1] });
    now = OPENS;
    await services.scheduler.tick();
    const invitations = await queuedMail(db, 'invitation');
    const tokenOf = new Map(invitations.map((m) => [m.recipient, tokenIn(m.text_body)]));
    await answerWith(services, survey, tokenOf.get('person-0@acme.test')!);
    await answerWith(services, survey, tokenOf.get('person-1@acme.test')!);

    now = new Date(CLOSES.getTime() - 3 * DAY - 1);
    expect(await services.scheduler.tick()).toMatchObject({ reminded: 0 });
    now = new Date(CLOSES.getTime() - 3 * DAY);
    expect(await services.scheduler.tick()).toMatchObject({ reminded: 1 });
    expect(await services.scheduler.tick()).toMatchObject({ reminded: 0 });
    let reminders = await queuedMail(db, 'reminder');
    expect(reminders.map((m) => m.recipient).sort()).toEqual([
      'person-2@acme.test',
      'person-3@acme.test',
      'person-4@acme.test',
      'person-5@acme.test',
    ]);
    expect(reminders[0].subject).toBe('Reminder: “Spring wave” closes in 3 days');

    // The reminder's link works; the invitation's earlier link no longer does.
    const fresh = tokenIn(reminders.find((m) => m.recipient === 'person-2@acme.test')!.text_body);
    await expect(services.surveyLookup.open(survey.code, tokenOf.get('person-2@acme.test'))).rejects.toThrow(
      'not valid',
    );
    await answerWith(services, survey, fresh);

    now = new Date(CLOSES.getTime() - DAY);
    expect(await services.scheduler.tick()).toMatchObject({ reminded: 1 });
    reminders = await queuedMail(db, 'reminder');
    expect(
      reminders
        .slice(4)
        .map((m) => m.recipient)
        .sort(),
    ).toEqual(['person-3@acme.test', 'person-4@acme.test', 'person-5@acme.test']);
    expect(reminders[4].subject).toBe('Reminder: “Spring wave” closes in 1 day');
  });

  it('skips a reminder whose day passed before the survey opened, and sends only the latest of several due at once', async () => {
    const campaign = await arrange(3);
    const { services, org, survey } = campaign;
    const opens = new Date(CLOSES.getTime() - 4 * DAY);
    await schedule(campaign, { opensAt: opens, inviteOnOpen: true, reminderDays: [5, 3, 1] });
    now = opens;
    expect(await services.scheduler.tick()).toMatchObject({ opened: 1, invited: 1, reminded: 0 });
    // The servers were down from before the 3-day reminder until after the 1-day one was due.
    now = new Date(CLOSES.getTime() - 12 * 3_600_000);
    expect(await services.scheduler.tick()).toMatchObject({ reminded: 1 });
    const done = await services.surveySchedule.view((await services.surveys.find(org.id, survey.id))!);
    expect(done.reminders.map((r) => [r.daysBefore, r.status])).toEqual([
      [5, 'skipped'],
      [3, 'skipped'],
      [1, 'sent'],
    ]);
    expect(await queuedMail(db, 'reminder')).toHaveLength(3);
    expect((await queuedMail(db, 'reminder'))[0].subject).toContain('1 day');
  });

  it('refuses a schedule that cannot work, naming the field', async () => {
    const campaign = await arrange(1);
    const save = (plan: Partial<ScheduleInput>) => schedule(campaign, plan);
    await expect(save({ opensAt: new Date(NOW.getTime() - 1) })).rejects.toMatchObject({ field: 'opensAt' });
    await expect(save({ closesAt: new Date(OPENS.getTime() - 1) })).rejects.toMatchObject({ field: 'closesAt' });
    await expect(save({ closesAt: null, reminderDays: [3] })).rejects.toMatchObject({ field: 'reminderDays' });
    await expect(save({ reminderDays: [3, 3] })).rejects.toMatchObject({ field: 'reminderDays' });
    await expect(save({ reminderDays: [0] })).rejects.toMatchObject({ field: 'reminderDays' });
  });
});
