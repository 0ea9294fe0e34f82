/**
 * Invitations and reminders in the person's language (people.language; views/mail/de, views/mail/fr):
 * German and French people get the German and French message, with the HTML's lang set; a language
 * without a translation (or none) gets English. On SQLite and on PostgreSQL when TEST_DATABASE_URL is set.
 */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderMail } from '../../server/mail/templates.js';
import { arrangeCampaign } from '../helpers/campaign.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

const NOW = new Date('2026-12-01T09:00:00.000Z');

describe.each(testDatabases())('mail in the person’s language on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  beforeEach(async () => {
    t = await create();
    db = t.db;
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('invites and reminds each person in their language, English when there is no translation', async () => {
    const { services, org, admin, survey } = await arrangeCampaign(db, () => NOW, 1);
    const csv = [
      'email,unit,language',
      'anna@acme.test,Sales/Team 1,de',
      'bruno@acme.test,Sales/Team 1,fr-CH',
      'carla@acme.test,Sales/Team 1,it',
      'dan@acme.test,Sales/Team 1,',
    ].join('\n');
    await services.people.apply(admin, org.id, csv, { removeMissing: false });
    await services.surveys.open(org.id, survey.id, admin);
    await db('surveys')
      .where({ id: survey.id })
      .update({ closes_at: new Date('2026-12-12T17:00:00.000Z') });
    expect(await services.emailInvitations.invite(admin, org.id, survey.id, null)).toBe(5);

    const mail = async (kind: string) =>
      Object.fromEntries(
        (await db('outbox').where({ kind }).select('recipient', 'subject', 'text_body', 'html_body')).map(
          (m: { recipient: string; subject: string; text_body: string; html_body: string }) => [m.recipient, m],
        ),
      );
    const invitations = await mail('invitation');
    expect(invitations['anna@acme.test'].subject).toBe('Acme: Bitte nehmen Sie an „Spring wave“ teil');
    expect(invitations['anna@acme.test'].text_body).toContain('Ihr persönlicher Link');
    expect(invitations['anna@acme.test'].html_body).toContain('<html lang="de">');
    expect(invitations['bruno@acme.test'].subject).toBe('Acme\u00a0: merci de répondre à «\u00a0Spring wave\u00a0»');
    expect(invitations['bruno@acme.test'].html_body).toContain('<html lang="fr">');
    for (const english of ['carla@acme.test', 'dan@acme.test']) {
      expect(invitations[english].subject).toBe('Acme: please answer “Spring wave”');
      expect(invitations[english].html_body).toContain('<html lang="en">');
    }

    const survey2 = (await services.surveys.find(org.id, survey.id))!;
    await db.transaction((trx) => services.emailInvitations.remindInTransaction(trx, survey2, 1));
    const reminders = await mail('reminder');
    expect(reminders['anna@acme.test'].subject).toBe('Erinnerung: „Spring wave“ endet in 1 Tag');
    expect(reminders['bruno@acme.test'].text_body).toContain('Voici votre lien personnel');
    expect(reminders['dan@acme.test'].subject).toMatch(/^Reminder: “Spring wave” closes in 1 day$/);
  });

  it('has every English message in German and French, with the same placeholders filled', () => {
    const locals = {
      orgName: 'Acme',
      surveyTitle: 'Wave',
      closesAt: '2026-12-12 17:00 UTC',
      link: 'https://x.test/s/a?t=b',
      daysBefore: 3,
    };
    for (const name of ['invitation', 'reminder'] as const)
      for (const language of ['de', 'fr']) {
        const m = renderMail(name, locals, language);
        for (const part of [m.subject, m.text, m.html]) expect(part).toContain('Wave');
        expect(m.text).toContain(locals.link);
        expect(m.html).toContain(locals.link);
        expect(m.text).toContain('2026-12-12 17:00 UTC');
        expect(m.subject).not.toBe(renderMail(name, locals).subject);
      }
  });
});
