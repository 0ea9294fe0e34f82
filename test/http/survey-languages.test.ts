/**
 * The respondent form in several languages, with "Does not apply", an optional item and demographic
 * questions (issue 13), through the app on each database: the language is chosen explicitly, from
 * the invited person, or from Accept-Language; answers, N/A (0), demographics and the language are
 * stored; errors come back in the respondent's language.
 */
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { insertPeople, listPeople } from '../../server/data/people.js';
import { insertSurveyRecipients } from '../../server/data/survey-recipients.js';
import { createServices } from '../../server/services/index.js';
import { LOCATION, shapedInstrument, TENURE } from '../fixtures/shaped-instrument.js';
import { completeAnswers } from '../helpers/answers.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { seedInvitations, seedSurvey } from '../helpers/survey-fixture.js';

const now = new Date('2026-06-01T09:00:00Z');
const instrument = shapedInstrument();

describe.each(testDatabases())('respondent languages on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    t = await create();
    db = t.db;
    const config = loadConfig({});
    app = createApp({ services: createServices({ db, config, clock: () => now }), config });
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('shows the form in the Accept-Language, with the instrument translated and a picker of plain links', async () => {
    const { code } = await seedSurvey(db, {}, instrument);
    const res = await request(app).get(`/s/${code}`).set('Accept-Language', 'de-DE,de;q=0.9,en;q=0.5').expect(200);
    expect(res.text).toContain('<html lang="de" dir="ltr">');
    expect(res.text).toContain(instrument.translations!.de.items.dr2);
    expect(res.text).not.toContain(instrument.scales[0].items[1].text);
    expect(res.text).toContain('Stimme voll und ganz zu');
    expect(res.text).toContain('Antworten absenden');
    expect(res.text).toContain('<input type="hidden" name="lang" value="de">');
    expect(res.text).toContain(`href="/s/${code}?lang=fr"`);
    expect(res.text).toContain(`href="/s/${code}?lang=en"`);
    // Stored values stay the document's: a translated role level posts its English text.
    expect(res.text).toMatch(/value="Team lead">\s*<label for="role_level-1">Teamleitung<\/label>/);
  });

  it('takes ?lang= over the browser, and falls back to the instrument language for one it does not offer', async () => {
    const { code } = await seedSurvey(db, {}, instrument);
    const fr = await request(app).get(`/s/${code}?lang=fr`).set('Accept-Language', 'de').expect(200);
    expect(fr.text).toContain('<html lang="fr" dir="ltr">');
    expect(fr.text).toContain('Envoyer mes réponses');
    const es = await request(app).get(`/s/${code}`).set('Accept-Language', 'es').expect(200);
    expect(es.text).toContain('<html lang="en" dir="ltr">');
  });

  it("shows an emailed invitation in the invited person's language", async () => {
    const { code, surveyId, organizationId } = await seedSurvey(db, { access: 'invitation' }, instrument);
    await seedInvitations(db, surveyId, null, ['tok-fr']);
    await insertPeople(
      db,
      organizationId,
      [
        {
          email: 'a@example.com',
          unitId: null,
          managerEmail: null,
          location: null,
          roleLevel: null,
          language: 'fr-CH',
        },
      ],
      now,
    );
    const [person] = await listPeople(db, organizationId);
    const invitation = await db('invitations').where({ survey_id: surveyId }).first('id');
    await insertSurveyRecipients(db, [{ surveyId, personId: person.id, invitationId: invitation.id }], now);
    const res = await request(app).get(`/s/${code}?t=tok-fr`).set('Accept-Language', 'de').expect(200);
    expect(res.text).toContain('<html lang="fr" dir="ltr">');
    expect(res.text).toContain(`href="/s/${code}?t=tok-fr&amp;lang=de"`);
  });

  it('offers "Does not apply", marks the optional item, and asks the demographic questions with "Prefer not to say"', async () => {
    const { code } = await seedSurvey(db, {}, instrument);
    const res = await request(app).get(`/s/${code}?lang=fr`).expect(200);
    expect(res.text).toMatch(/id="dr1-na" name="dr1" value="0">\s*<label for="dr1-na">Ne s&#39;applique pas<\/label>/);
    expect(res.text).not.toContain('id="dr2-na"');
    expect(res.text).toContain('Depuis combien de temps travaillez-vous ici ?');
    expect(res.text).toMatch(
      new RegExp(`id="${TENURE}-1" name="${TENURE}" value="1–3 years">\\s*<label for="${TENURE}-1">1 à 3 ans</label>`),
    );
    expect(res.text).toContain(`<select id="${LOCATION}" name="${LOCATION}"`);
    expect(res.text).toContain('<option value="">Je préfère ne pas répondre</option>');
    expect(res.text).toContain('<option value="Remote">À distance</option>');
  });

  it('stores an answer given in German: language de, N/A as 0, the skipped optional item absent, demographics in English', async () => {
    const { code, surveyId, teamA } = await seedSurvey(db, {}, instrument);
    const answers = { ...completeAnswers(instrument), dr1: '0', pf3: '' };
    const res = await request(app)
      .post(`/s/${code}`)
      .type('form')
      .send({
        ...answers,
        unit: String(teamA),
        role_level: 'Team lead',
        lang: 'de',
        [TENURE]: '3–10 years',
        [LOCATION]: '',
      })
      .expect(303);
    expect(res.headers.location).toBe(`/s/${code}/thanks?lang=de`);
    const [row] = await db('responses').where({ survey_id: surveyId });
    expect(row.language).toBe('de');
    expect(row.role_level).toBe('Team lead');
    expect(JSON.parse(row.demographics)).toEqual({ [TENURE]: '3–10 years' });
    const stored = JSON.parse(row.answers);
    expect(stored.dr1).toBe(0);
    expect('pf3' in stored).toBe(false);
    expect(row.answer_codes[0]).toBe('0');
    const thanks = await request(app).get(res.headers.location).expect(200);
    expect(thanks.text).toContain('<html lang="de" dir="ltr">');
    expect(thanks.text).toContain('Vielen Dank');
  });

  it('shows errors in the language of the form and keeps what was ticked', async () => {
    const { code, surveyId, teamA } = await seedSurvey(db, {}, instrument);
    const { dr2: _dr2, ...answers } = completeAnswers(instrument);
    const res = await request(app)
      .post(`/s/${code}`)
      .type('form')
      .send({ ...answers, dr1: '0', unit: String(teamA), role_level: 'Team lead', lang: 'fr', [TENURE]: 'Paris' })
      .expect(400);
    expect(res.text).toContain('<html lang="fr" dir="ltr">');
    expect(res.text).toContain('Veuillez vérifier vos réponses');
    expect(res.text).toContain('Question 2\u00a0: Veuillez choisir une réponse');
    expect(res.text).toContain('Veuillez choisir parmi les options proposées');
    expect(res.text).toMatch(/id="dr1-na" name="dr1" value="0" checked>/);
    expect(await db('responses').where({ survey_id: surveyId })).toHaveLength(0);
  });

  it('judges straight-lining on the scale answers only: N/A does not hide a straight line', async () => {
    const { code, surveyId, teamA } = await seedSurvey(db, {}, instrument);
    const same = completeAnswers(instrument, () => 3);
    await request(app)
      .post(`/s/${code}`)
      .type('form')
      .send({ ...same, dr1: '0', unit: String(teamA), role_level: 'Manager', lang: 'en' })
      .expect(303);
    const [row] = await db('responses').where({ survey_id: surveyId });
    expect(row.quality_flag).toBe('straightline');
  });

  it('renders a right-to-left translation with dir="rtl"', async () => {
    const { code } = await seedSurvey(db, {}, instrument);
    const res = await request(app).get(`/s/${code}?lang=ar`).expect(200);
    expect(res.text).toContain('<html lang="ar" dir="rtl">');
    expect(res.text).toContain(instrument.translations!.ar.items.dr1);
  });
});
