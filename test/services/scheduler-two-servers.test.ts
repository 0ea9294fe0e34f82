import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../server/services/index.js';
import { arrangeCampaign, CAMPAIGN_CONFIG, queuedMail } from '../helpers/campaign.js';
import { rowCount } from '../helpers/db.js';
import { captureLogs } from '../helpers/log-capture.js';
import { sharedTestDatabases, type SharedDb } from '../helpers/shared-db.js';

const DAY = 86_400_000;
const OPENS = new Date('2026-12-02T08:00:00.000Z');
const CLOSES = new Date('2026-12-12T17:00:00.000Z');

describe.each(sharedTestDatabases())('two app servers ticking on one $name database', ({ create }) => {
  let shared: SharedDb;
  beforeEach(async () => {
    shared = await create();
  });
  afterEach(async () => {
    await shared.destroy();
  });

  it('open, invite, remind and close each survey once', async () => {
    let now = new Date('2026-12-01T09:00:00.000Z');
    const clock = () => now;
    const logs = captureLogs('warn');
    const { services: first, org, admin, survey } = await arrangeCampaign(shared.first, clock, 12, logs.logger);
    const second = createServices({ db: shared.second, config: CAMPAIGN_CONFIG, clock, logger: logs.logger });
    await first.surveySchedule.save(admin, org.id, survey.id, {
      opensAt: OPENS,
      closesAt: CLOSES,
      inviteOnOpen: true,
      inviteUnitId: null,
      reminderDays: [2],
    });
    const both = async () => {
      const [a, b] = await Promise.all([first.scheduler.tick(), second.scheduler.tick()]);
      return {
        opened: a.opened + b.opened,
        invited: a.invited + b.invited,
        reminded: a.reminded + b.reminded,
        closed: a.closed + b.closed,
      };
    };

    now = OPENS;
    expect(await both()).toEqual({ opened: 1, invited: 1, reminded: 0, closed: 0 });
    now = new Date(CLOSES.getTime() - 2 * DAY);
    expect(await both()).toEqual({ opened: 0, invited: 0, reminded: 1, closed: 0 });
    now = CLOSES;
    expect(await both()).toEqual({ opened: 0, invited: 0, reminded: 0, closed: 1 });

    const db = shared.first;
    expect(await queuedMail(db, 'invitation')).toHaveLength(12);
    expect(await queuedMail(db, 'reminder')).toHaveLength(12);
    expect(await rowCount(db('invitations'))).toBe(12);
    expect(await rowCount(db('audit_events').where({ action: 'survey.open' }))).toBe(1);
    expect(await rowCount(db('audit_events').where({ action: 'survey.close' }))).toBe(1);
    expect(await rowCount(db('audit_events').where({ action: 'reminders.send' }))).toBe(1);
    // Neither server failed at any step (a failure would only be logged, and retried on the next tick).
    expect(logs.entries()).toEqual([]);
  });
});
