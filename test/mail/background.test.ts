import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBackgroundWork } from '../../server/background.js';
import { silentLogger } from '../../server/logger.js';
import { arrangeCampaign, CAMPAIGN_CONFIG, queuedMail } from '../helpers/campaign.js';
import { createTestDb } from '../helpers/db.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const OPENS = new Date('2026-12-02T08:00:00.000Z');

describe('the background work main.ts starts', () => {
  let db: Knex;
  let sink: SmtpSink;
  beforeEach(async () => {
    db = await createTestDb();
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await sink.close();
    await db.destroy();
  });

  async function scheduledCampaign() {
    let now = new Date('2026-12-01T09:00:00.000Z');
    const campaign = await arrangeCampaign(db, () => now, 4);
    const { services, org, admin, survey } = campaign;
    await services.surveySchedule.save(admin, org.id, survey.id, {
      opensAt: OPENS,
      closesAt: null,
      inviteOnOpen: true,
      inviteUnitId: null,
      reminderDays: [],
    });
    now = OPENS;
    return campaign;
  }

  it('opens a due survey at once, emails its invitations over SMTP, and stops after the work in flight', async () => {
    const { services, survey } = await scheduledCampaign();
    const background = startBackgroundWork({
      db,
      config: { ...CAMPAIGN_CONFIG, smtpUrl: sink.url },
      services,
      logger: silentLogger,
    });
    await expect.poll(() => sink.received.length, { timeout: 10_000 }).toBe(4);
    await background.stop();
    expect((await services.surveys.find(survey.organizationId, survey.id))?.status).toBe('open');
    await expect.poll(async () => (await queuedMail(db, 'invitation')).every((m) => m.status === 'sent')).toBe(true);
  });

  it('without SMTP_URL, runs the schedule and leaves the mail in the outbox', async () => {
    const { services } = await scheduledCampaign();
    const background = startBackgroundWork({
      db,
      config: { ...CAMPAIGN_CONFIG, smtpUrl: undefined },
      services,
      logger: silentLogger,
    });
    await expect.poll(async () => (await queuedMail(db, 'invitation')).length).toBe(4);
    await background.stop();
    expect((await queuedMail(db, 'invitation')).map((m) => m.status)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(sink.received).toEqual([]);
  });
});
