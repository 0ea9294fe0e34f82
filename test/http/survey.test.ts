import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { answerCodes } from '../../server/data/answer-columns.js';
import { markSurveyClosed } from '../../server/data/surveys.js';
import { insertUnit } from '../../server/data/units.js';
import { instrumentItemIds, instrumentItems, loadDefaultInstrument } from '../../server/instruments/load.js';
import { createServices } from '../../server/services/index.js';
import { completeAnswers } from '../helpers/answers.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { captureLogs } from '../helpers/log-capture.js';
import { seedInvitations, seedSurvey } from '../helpers/survey-fixture.js';

const now = new Date('2026-03-14T16:45:12Z');
const instrument = loadDefaultInstrument();
const items = instrumentItems(instrument);
/** Makes every insert into responses fail with `message` (a trigger in either dialect). */
async function failResponseInserts(db: Knex, message: string): Promise<void> {
  if (db.client.config.client === 'pg') {
    await db.raw(
      `CREATE FUNCTION fail_response_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`,
    );
    await db.raw(
      'CREATE TRIGGER fail_response_insert BEFORE INSERT ON responses FOR EACH ROW EXECUTE FUNCTION fail_response_insert()',
    );
  } else {
    await db.raw(
      `CREATE TRIGGER fail_response_insert BEFORE INSERT ON responses BEGIN SELECT RAISE(ABORT, '${message}'); END`,
    );
  }
}

async function stopFailingResponseInserts(db: Knex): Promise<void> {
  if (db.client.config.client === 'pg') {
    await db.raw('DROP TRIGGER fail_response_insert ON responses');
    await db.raw('DROP FUNCTION fail_response_insert()');
  } else {
    await db.raw('DROP TRIGGER fail_response_insert');
  }
}

describe.each(testDatabases())('respondent flow on $name', ({ create }) => {
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

  const responsesOf = (surveyId: number) => db('responses').where({ survey_id: surveyId });

  describe('GET /s/:code', () => {
    it('renders every item as a fieldset with one labelled radio per scale point', async () => {
      const { code } = await seedSurvey(db, { workflows: ['Claims handling', 'Invoicing'] });
      const res = await request(app).get(`/s/${code}`).expect(200).expect('Content-Type', /html/);
      expect(res.text).toContain('<html lang="en" dir="ltr">');
      for (const item of items) {
        expect(res.text).toContain(`<fieldset class="question" id="q-${item.id}">`);
        expect(res.text).toContain(item.text.replace(/'/g, '&#39;'));
        for (let v = 1; v <= 5; v++) expect(res.text).toContain(`<label for="${item.id}-${v}">`);
      }
      expect(res.text.match(/type="radio"/g)).toHaveLength(items.length * 5 + instrument.roleLevels.length);
    });

    it('shows sections with a progress indicator and the segment questions', async () => {
      const { code } = await seedSurvey(db, { workflows: ['Claims handling', 'Invoicing'] });
      const res = await request(app).get(`/s/${code}`).expect(200);
      for (let s = 1; s <= 5; s++) expect(res.text).toContain(`Section ${s} of 5`);
      expect(res.text).toMatch(/<progress id="answered-progress" max="37" value="0"/);
      expect(res.text).toMatch(/<optgroup label="Operations">[\s\S]*>Billing<\/option>[\s\S]*>Claims<\/option>/);
      expect(res.text).toContain('<option value="Invoicing">Invoicing</option>');
      for (const role of instrument.roleLevels) expect(res.text).toContain(`value="${role}"`);
      expect(res.text).toContain('maxlength="2000"');
    });

    it('has no inline scripts, only script elements with src', async () => {
      const { code } = await seedSurvey(db);
      const res = await request(app).get(`/s/${code}`).expect(200);
      const scripts = res.text.match(/<script[^>]*>/g) ?? [];
      expect(scripts).toEqual(['<script src="/public/js/survey-draft.js" defer>']);
    });

    it('answers an unknown code with a 404 page', async () => {
      const res = await request(app).get('/s/no-such-code').expect(404).expect('Content-Type', /html/);
      expect(res.text).toContain('There is no survey at this address');
    });

    it('answers an unknown code with problem+json when the client asks for JSON', async () => {
      const res = await request(app).get('/s/no-such-code').set('Accept', 'application/json').expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 404, title: 'Not found' });
    });

    it('hides a draft survey behind a 404', async () => {
      const { code } = await seedSurvey(db, { status: 'draft' });
      await request(app).get(`/s/${code}`).expect(404);
    });

    it('answers 404 before the survey opens', async () => {
      const { code } = await seedSurvey(db, { opensAt: new Date('2026-03-15T00:00:00Z') });
      const res = await request(app).get(`/s/${code}`).expect(404);
      expect(res.text).toContain('has not opened yet');
    });

    it('answers a closed survey with 410', async () => {
      const { code } = await seedSurvey(db, { status: 'closed' });
      const res = await request(app).get(`/s/${code}`).expect(410);
      expect(res.text).toContain('This survey has closed');
    });

    it('answers 410 once closes_at has passed on the injected clock', async () => {
      const { code } = await seedSurvey(db, { closesAt: new Date('2026-03-14T16:45:00Z') });
      await request(app).get(`/s/${code}`).expect(410);
    });
  });

  describe('POST /s/:code', () => {
    it('stores one anonymous response with unit, role, workflow and the day only, then redirects to the thank-you page', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db, { workflows: ['Claims handling', 'Invoicing'] });
      const answers = completeAnswers(instrument);
      const res = await request(app)
        .post(`/s/${code}`)
        .type('form')
        .set('User-Agent', 'curl/8.0')
        .send({
          ...answers,
          unit: String(teamA),
          role_level: 'Team lead',
          workflow: 'Invoicing',
          comment: '  More data access please.  ',
        })
        .expect(303);
      expect(res.headers.location).toBe(`/s/${code}/thanks?lang=en`);

      const rows = await responsesOf(surveyId);
      expect(rows).toHaveLength(1);
      const row = rows[0];
      expect(Object.keys(row).sort()).toEqual([
        'answer_codes',
        'answers',
        'comment',
        'demographics',
        'id',
        'language',
        'quality_flag',
        'release_id',
        'role_level',
        'submitted_on',
        'survey_id',
        'unit_id',
        'workflow',
      ]);
      expect(row).toMatchObject({
        unit_id: teamA,
        role_level: 'Team lead',
        workflow: 'Invoicing',
        submitted_on: '2026-03-14',
        comment: 'More data access please.',
        quality_flag: null,
        release_id: null,
        language: 'en',
        demographics: null,
      });
      const stored = Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, Number(v)]));
      expect(JSON.parse(row.answers)).toEqual(stored);
      // The compact copy reports read: one digit per item in instrument order, every item answered here.
      expect(row.answer_codes).toBe(answerCodes(instrumentItemIds(instrument), stored));
      expect(row.answer_codes).toMatch(new RegExp(`^[1-7]{${instrumentItemIds(instrument).length}}$`));

      const thanks = await request(app).get(res.headers.location).expect(200);
      expect(thanks.text).toContain('Thank you');
      expect(thanks.text).toContain('data-clear-draft');
    });

    it('stores no comment when it is left empty and no workflow when the survey offers none', async () => {
      const { code, surveyId, teamB } = await seedSurvey(db);
      await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({ ...completeAnswers(instrument), unit: String(teamB), role_level: 'Manager', comment: '' })
        .expect(303);
      expect(await responsesOf(surveyId)).toMatchObject([{ unit_id: teamB, workflow: null, comment: null }]);
    });

    it('re-renders missing answers with status 400, keeps every answer, and shows each error beside its field and in a summary', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db, { workflows: ['Invoicing'] });
      const answers = completeAnswers(instrument, () => 4);
      delete answers.dr2;
      delete answers.pf5;
      const res = await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({ ...answers, unit: String(teamA), comment: 'Kept <b>as text</b>' })
        .expect(400);

      expect(res.text).toContain('There is a problem with your answers');
      expect(res.text).toContain('<a href="#dr2-1">Question 2: Choose an answer</a>');
      expect(res.text).toContain('<a href="#pf5-1">Question 35: Choose an answer</a>');
      expect(res.text).toContain('<a href="#role_level-0">Your role level: Choose your role level</a>');
      expect(res.text).toContain('<a href="#workflow">Your main workflow: Choose the workflow you mostly work on</a>');
      expect(res.text).toMatch(
        /id="q-dr2" aria-describedby="dr2-error">[\s\S]*?<p class="field-error" id="dr2-error">/,
      );
      for (const id of Object.keys(answers)) expect(res.text).toContain(`id="${id}-4" name="${id}" value="4" checked>`);
      expect(res.text).toContain(`<option value="${teamA}" selected>Claims</option>`);
      expect(res.text).toContain('>Kept &lt;b&gt;as text&lt;/b&gt;</textarea>');
      expect(res.text).toMatch(/<progress id="answered-progress" max="37" value="35"/);
      expect(await responsesOf(surveyId)).toHaveLength(0);
    });

    it('rejects an out-of-range or non-integer answer with 400 and stores nothing', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db);
      for (const bad of ['9', '0', '3.5', 'abc']) {
        const res = await request(app)
          .post(`/s/${code}`)
          .type('form')
          .send({ ...completeAnswers(instrument), me1: bad, unit: String(teamA), role_level: 'Manager' })
          .expect(400);
        expect(res.text).toContain('Question 13: Choose one answer from 1 to 5');
      }
      expect(await responsesOf(surveyId)).toHaveLength(0);
    });

    it('rejects answers to an item that is not in the instrument with 400 and stores nothing', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db);
      const res = await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({ ...completeAnswers(instrument), zz9: '3', unit: String(teamA), role_level: 'Manager' })
        .expect(400);
      expect(res.text).toContain(
        'The form contained answers to questions that are not in this survey (&#34;zz9&#34;). Nothing was stored.',
      );
      expect(await responsesOf(surveyId)).toHaveLength(0);
    });

    it('rejects a unit of another organization and a role level that is not offered', async () => {
      const other = await seedSurvey(db);
      const { code, surveyId } = await seedSurvey(db);
      const res = await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({ ...completeAnswers(instrument), unit: String(other.teamA), role_level: 'CEO' })
        .expect(400);
      expect(res.text).toContain('Your team: Choose one of the options shown');
      expect(res.text).toContain('Your role level: Choose one of the options shown');
      expect(await responsesOf(surveyId)).toHaveLength(0);
    });

    it('rejects a comment over 2000 characters with 400', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db);
      const res = await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({ ...completeAnswers(instrument), unit: String(teamA), role_level: 'Manager', comment: 'x'.repeat(2001) })
        .expect(400);
      expect(res.text).toContain('Comment: Keep your comment to 2000 characters or fewer');
      expect(await responsesOf(surveyId)).toHaveLength(0);
    });

    it('refuses a body over 20 kB with a 413 page and stores nothing', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db);
      const res = await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({
          ...completeAnswers(instrument),
          unit: String(teamA),
          role_level: 'Manager',
          comment: 'x'.repeat(25_000),
        })
        .expect(413);
      expect(res.text).toContain('The form sent more data than this server accepts. Nothing was stored.');
      expect(await responsesOf(surveyId)).toHaveLength(0);
    });

    it('refuses answers to a closed survey with 410 and stores nothing', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db, { status: 'closed' });
      await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({ ...completeAnswers(instrument), unit: String(teamA), role_level: 'Manager' })
        .expect(410);
      expect(await responsesOf(surveyId)).toHaveLength(0);
    });
  });

  describe('the compiled form kept between requests', () => {
    it('accepts a unit added after the form was first used', async () => {
      const { code, surveyId, organizationId, departmentId, teamA } = await seedSurvey(db);
      const body = { ...completeAnswers(instrument), role_level: 'Manager' };
      await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({ ...body, unit: String(teamA) })
        .expect(303);
      const teamC = await insertUnit(db, { organizationId, parentId: departmentId, name: 'Payroll', kind: 'team' });
      const form = await request(app).get(`/s/${code}`).expect(200);
      expect(form.text).toContain(`<option value="${teamC}">Payroll</option>`);
      await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({ ...body, unit: String(teamC) })
        .expect(303);
      expect((await responsesOf(surveyId).orderBy('id')).map((r) => r.unit_id)).toEqual([teamA, teamC]);
    });

    it('refuses with 410 and stores nothing more once the survey is closed after its form was used', async () => {
      const { code, surveyId, organizationId, teamA } = await seedSurvey(db);
      const body = { ...completeAnswers(instrument), unit: String(teamA), role_level: 'Manager' };
      await request(app).post(`/s/${code}`).type('form').send(body).expect(303);
      await markSurveyClosed(db, organizationId, surveyId, now);
      const res = await request(app).post(`/s/${code}`).type('form').send(body).expect(410);
      expect(res.text).toContain('This survey has closed');
      expect(await responsesOf(surveyId)).toHaveLength(1);
    });
  });

  describe('invitation-only surveys', () => {
    it('refuses the form without a token, or with a token of no invitation, with 403', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db, { access: 'invitation' });
      await seedInvitations(db, surveyId, teamA, ['token-a']);
      const missing = await request(app).get(`/s/${code}`).expect(403);
      expect(missing.text).toContain('This survey is by invitation only');
      const wrong = await request(app).get(`/s/${code}?t=token-b`).expect(403);
      expect(wrong.text).toContain('This invitation link is not valid for this survey');
    });

    it('takes the unit from the invitation, marks it used, and stores no link between them', async () => {
      const { code, surveyId, teamB } = await seedSurvey(db, { access: 'invitation' });
      await seedInvitations(db, surveyId, teamB, ['token-c']);
      const form = await request(app).get(`/s/${code}?t=token-c`).expect(200);
      expect(form.text).toContain('<input type="hidden" name="t" value="token-c">');
      expect(form.text).toContain('Your team: <strong>Billing</strong>');
      expect(form.text).not.toContain('<select id="unit"');

      await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({ ...completeAnswers(instrument), role_level: 'Manager', t: 'token-c' })
        .expect(303);
      expect(await responsesOf(surveyId)).toMatchObject([{ unit_id: teamB }]);
      // SQLite stores booleans as 0/1, PostgreSQL returns true/false.
      expect([1, true]).toContain((await db('invitations').where({ survey_id: surveyId }).first()).used);
    });

    it('rejects a reused invitation with 409 and stores nothing more', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db, { access: 'invitation' });
      await seedInvitations(db, surveyId, teamA, ['token-d']);
      const body = { ...completeAnswers(instrument), role_level: 'Manager', t: 'token-d' };
      await request(app).post(`/s/${code}`).type('form').send(body).expect(303);
      const first = await responsesOf(surveyId);

      const again = await request(app)
        .post(`/s/${code}`)
        .type('form')
        .send({ ...body, role_level: 'Team lead' })
        .expect(409);
      expect(again.text).toContain('Already submitted');
      expect(await responsesOf(surveyId)).toEqual(first);
      await request(app).get(`/s/${code}?t=token-d`).expect(409);
    });

    it('stores neither the response nor the invitation use when the insert fails inside the transaction', async () => {
      const { code, surveyId, teamA } = await seedSurvey(db, { access: 'invitation' });
      await seedInvitations(db, surveyId, teamA, ['token-e']);
      const logs = captureLogs();
      const loggingConfig = loadConfig({});
      const loggingApp = createApp({
        services: createServices({ db, config: loggingConfig, clock: () => now, logger: logs.logger }),
        config: loggingConfig,
        logger: logs.logger,
      });
      // A real failure inside the transaction, after the invitation has been marked used.
      await failResponseInserts(db, 'disk full');
      try {
        const res = await request(loggingApp)
          .post(`/s/${code}`)
          .type('form')
          .send({ ...completeAnswers(instrument), role_level: 'Manager', t: 'token-e' })
          .expect(500);
        expect(res.text).toMatch(/quote this error id: <code>[0-9a-f-]{36}<\/code>/);
        expect(res.text).not.toContain('disk full');
        // The log gets the error id and a summary (code, SQL with placeholders), never the answers themselves.
        const errorId = /<code>([0-9a-f-]{36})<\/code>/.exec(res.text)?.[1];
        const failures = logs.entries().filter((entry) => entry.level === 50);
        expect(failures).toEqual([
          expect.objectContaining({
            errorId,
            requestId: res.headers['x-request-id'],
            method: 'POST',
            path: `/s/${code}`,
            status: 500,
          }),
        ]);
        expect(failures[0].err).toMatch(/^database error \S+ .*sql: insert into .responses./s);
        expect(logs.text()).not.toContain('Manager');
        expect(logs.text()).not.toContain('token-e');
      } finally {
        await stopFailingResponseInserts(db);
      }
      expect(await responsesOf(surveyId)).toHaveLength(0);
      expect([0, false]).toContain((await db('invitations').where({ survey_id: surveyId }).first()).used);
    });
  });

  describe('the error summary of an empty submission', () => {
    it('lists the first eight unanswered questions and counts the rest, while every question shows its own error', async () => {
      const { code } = await seedSurvey(db);
      const res = await request(app).post(`/s/${code}`).type('form').send({}).expect(400);
      expect(res.text).toContain('<a href="#dr1-1">Question 1: Choose an answer</a>');
      expect(res.text).toContain('<a href="#wo4-1">Question 8: Choose an answer</a>');
      expect(res.text).not.toContain('<a href="#da1-1">');
      expect(res.text).toContain('and 29 more questions, each marked below');
      expect(res.text.match(/<p class="field-error" id="[a-z]{2}\d-error">/g)).toHaveLength(items.length);
    });
  });
});
