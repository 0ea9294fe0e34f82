/**
 * What the API operations do beyond access: pages walk a long list without gaps or repeats; the
 * report is the released Report the pages render, with a strong ETag and 304; the export is the staff
 * export's file under its anonymity rules; bulk writes are all or nothing, with a 422 naming each
 * field at fault; the survey rules are the services'. On SQLite and PostgreSQL (TEST_DATABASE_URL).
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../helpers/db.js';
import { SMALL_TEAM } from '../../helpers/report-survey.js';
import { createApiTestApp, type ApiTestApp } from './api-app.js';

const ACME = '/api/v1/organizations/acme';

describe.each(testDatabases())('API resources on $name', ({ create }) => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp(create);
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('walks 250 units in pages without gaps or repeats, with an opaque cursor', async () => {
    const units = Array.from({ length: 250 }, (_, i) => ({ name: `Team ${String(i).padStart(3, '0')}` }));
    // Created in two requests, so the list holds them and the four units there were before.
    await t
      .call('post', `${ACME}/units`, t.tokens.consultantA)
      .send({ units: units.slice(0, 120) })
      .expect(201);
    await t
      .call('post', `${ACME}/units`, t.tokens.consultantA)
      .send({ units: units.slice(120) })
      .expect(201);
    const expected = ((await t.db('units').where({ organization_id: t.acme.organizationId }).pluck('id')) as number[])
      .map(Number)
      .sort((a, b) => a - b);
    expect(expected).toHaveLength(254);

    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=37${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.call('get', `${ACME}/units${query}`, t.tokens.analystA).expect(200);
      const body = res.body as { data: { id: number }[]; next_cursor: string | null };
      expect(body.data.length).toBeLessThanOrEqual(37);
      seen.push(...body.data.map((u) => u.id));
      cursor = body.next_cursor;
      pages++;
    } while (cursor !== null && pages < 20);
    expect(pages).toBe(Math.ceil(254 / 37));
    expect(seen).toEqual(expected);
  });

  it('answers a cursor it did not give and a limit out of range with 422 naming the query field', async () => {
    const bad = await t.call('get', `${ACME}/units?cursor=bm9wZQ`, t.tokens.analystA).expect(422);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors).toEqual([{ in: 'query', name: 'cursor', message: expect.any(String) }]);
    const limit = await t.call('get', `${ACME}/units?limit=500`, t.tokens.analystA).expect(422);
    expect(limit.body.errors[0]).toMatchObject({ in: 'query', name: 'limit' });
  });

  it('serves the released Report the report pages render, with a strong ETag and 304 while it holds', async () => {
    const path = `${ACME}/surveys/${t.acme.surveyId}/report`;
    const first = await t.call('get', path, t.tokens.analystA).expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const survey = (await t.services.surveys.find(t.acme.organizationId, t.acme.surveyId))!;
    const { report } = await t.services.reports.forSurvey(survey);
    expect(first.body).toEqual(JSON.parse(JSON.stringify(report)));

    const again = await t.call('get', path, t.tokens.consultantA).set('If-None-Match', etag).expect(304);
    expect(again.headers.etag).toBe(etag);
    expect(again.text).toBe('');
    await t.call('get', path, t.tokens.analystA).set('If-None-Match', '"something-else"').expect(200);

    // A new release (K more responses in each group they join) changes the report, and so the ETag.
    const rows = await t
      .db('responses')
      .where({ survey_id: t.acme.surveyId, unit_id: t.acme.units.Claims, workflow: 'Renewals' })
      .limit(5);
    expect(rows).toHaveLength(5);
    await t.db('responses').insert(rows.map(({ id: _id, release_id: _r, ...r }) => r));
    const after = await t.call('get', path, t.tokens.analystA).set('If-None-Match', etag).expect(200);
    expect(after.headers.etag).not.toBe(etag);
  });

  it('answers 409 for a report with nothing released yet, without any count', async () => {
    const created = await t
      .call('post', `${ACME}/surveys`, t.tokens.analystA)
      .send({ title: 'Empty wave', access: 'open' })
      .expect(201);
    const res = await t.call('get', `${ACME}/surveys/${created.body.id}/report`, t.tokens.analystA).expect(409);
    expect(res.body).toMatchObject({ status: 409, title: 'Nothing released yet' });
    expect(res.body.detail).toMatch(/fewer than 5 usable responses/);
  });

  it('exports the staff export’s rows as JSON and CSV: hidden units merged, no small team', async () => {
    const path = `${ACME}/surveys/${t.acme.surveyId}/export`;
    const json = await t.call('get', path, t.tokens.admin).expect(200);
    const csv = await t.call('get', `${path}?format=csv`, t.tokens.admin).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="responses-acme-/);
    const records = parse(csv.text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    const body = json.body as { columns: string[]; rows: string[][]; responses: number };
    expect(body.columns.slice(0, 3)).toEqual(['unit', 'workflow', 'comment_unlinked']);
    expect(body.rows).toHaveLength(body.responses);
    expect(records.map((r) => body.columns.map((c) => r[c]))).toEqual(body.rows);
    expect(csv.text).not.toContain(SMALL_TEAM);
    expect(new Set(body.rows.map((r) => r[0]))).not.toContain(`Operations / ${SMALL_TEAM}`);
    expect(await t.db('audit_events').where({ action: 'responses.export' }).count({ n: '*' })).toEqual([
      { n: expect.anything() },
    ]);
  });

  it('creates units in bulk all or nothing, naming the unit at fault', async () => {
    const before = await t.db('units').count({ n: '*' }).first();
    const res = await t
      .call('post', `${ACME}/units`, t.tokens.analystA)
      .send({ units: [{ name: 'Research' }, { name: 'Labs', parent_id: t.beta.units.Claims }] })
      .expect(422);
    expect(res.body.errors).toEqual([
      { in: 'body', name: 'units.1.parent_id', message: expect.stringMatching(/^Unit 2: Choose a parent unit/) },
    ]);
    expect(await t.db('units').count({ n: '*' }).first()).toEqual(before);
    const shape = await t
      .call('post', `${ACME}/units`, t.tokens.analystA)
      .send({ units: [{ nom: 'x' }] })
      .expect(422);
    expect(shape.body.errors[0]).toMatchObject({ in: 'body', name: 'units.0.name' });
  });

  it('adds people in bulk through the import rules, or lists each bad row and stores nothing', async () => {
    const bad = await t
      .call('post', `${ACME}/people`, t.tokens.consultantA)
      .send({
        people: [
          { email: 'ok@acme.example', unit: 'Finance' },
          { email: 'not-an-email', unit: 'Finance' },
        ],
      })
      .expect(422);
    expect(bad.body.errors).toEqual([{ in: 'body', name: 'people.1.email', message: expect.any(String) }]);
    expect(await t.db('people').count({ n: '*' }).first()).toEqual({ n: expect.anything() });
    expect(Number((await t.db('people').count({ n: '*' }).first())?.n)).toBe(0);

    const ok = await t
      .call('post', `${ACME}/people`, t.tokens.consultantA)
      .send({
        people: [
          { email: 'a@acme.example', unit: 'Finance/Payables', language: 'de' },
          { email: 'b@acme.example', unit: 'Finance/Payables' },
        ],
      })
      .expect(201);
    expect(ok.body).toMatchObject({ added: 2, updated: 0, new_units: ['Finance', 'Finance / Payables'] });
    const list = await t.call('get', `${ACME}/people`, t.tokens.admin).expect(200);
    expect(list.body.data.map((p: { email: string }) => p.email)).toEqual(['a@acme.example', 'b@acme.example']);
    // Paged from the database one at a time: the two pages hold both, once each.
    const first = await t.call('get', `${ACME}/people?limit=1`, t.tokens.admin).expect(200);
    const second = await t
      .call('get', `${ACME}/people?limit=1&cursor=${first.body.next_cursor}`, t.tokens.admin)
      .expect(200);
    expect([...first.body.data, ...second.body.data]).toEqual(list.body.data);
    expect(second.body.next_cursor).toBeNull();
  });

  it('creates, opens and closes surveys under the page’s rules, and returns invitation links once', async () => {
    const past = await t
      .call('post', `${ACME}/surveys`, t.tokens.analystA)
      .send({ title: 'Late wave', access: 'invitation', closes_at: '2026-11-01' })
      .expect(422);
    expect(past.body.errors).toEqual([
      { in: 'body', name: 'closes_at', message: 'Choose a day that has not passed yet.' },
    ]);

    const created = await t
      .call('post', `${ACME}/surveys`, t.tokens.analystA)
      .send({ title: 'Autumn wave', access: 'invitation', anonymity_threshold: 7, closes_at: '2027-01-31' })
      .expect(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      anonymity_threshold: 7,
      closes_at: '2027-01-31T23:59:59.999Z',
    });
    const id = created.body.id as number;
    const opened = await t.call('post', `${ACME}/surveys/${id}/open`, t.tokens.analystA).expect(200);
    expect(opened.body.status).toBe('open');

    // Once open, an analyst may not generate links (403); a consultant may.
    const invite = { unit_ids: [t.acme.units.Underwriting], per_unit: 3 };
    await t.call('post', `${ACME}/surveys/${id}/invitations`, t.tokens.analystA).send(invite).expect(403);
    const links = await t
      .call('post', `${ACME}/surveys/${id}/invitations`, t.tokens.consultantA)
      .send(invite)
      .expect(201);
    expect(links.body.data).toHaveLength(3);
    expect(links.body.data[0]).toMatchObject({
      unit_id: t.acme.units.Underwriting,
      unit_path: 'Operations / Underwriting',
    });
    expect(links.body.data[0].link).toMatch(/^http:\/\/readiness\.test\/s\/[^?]+\?t=[A-Za-z0-9_-]{43}$/);
    const stored = await t.db('invitations').where({ survey_id: id }).select();
    expect(JSON.stringify(stored)).not.toContain(links.body.data[0].link.split('t=')[1]);

    const closed = await t.call('post', `${ACME}/surveys/${id}/close`, t.tokens.analystA).expect(200);
    expect(closed.body.status).toBe('closed');
    const refused = await t
      .call('post', `${ACME}/surveys/${id}/invitations`, t.tokens.consultantA)
      .send(invite)
      .expect(409);
    expect(refused.body.title).toBe('Survey closed');
    const foreign = await t
      .call('post', `${ACME}/surveys/${id}/invitations`, t.tokens.admin)
      .send({ unit_ids: [t.beta.units.Claims], per_unit: 1 })
      .expect(422);
    expect(foreign.body.errors[0]).toMatchObject({ name: 'unit_ids' });
    // Ids in a body are numbers: a string or a repeated unit is refused before anything is generated.
    for (const unit_ids of [[String(t.acme.units.Claims)], [t.acme.units.Claims, t.acme.units.Claims]]) {
      const res = await t
        .call('post', `${ACME}/surveys/${t.acme.surveyId}/invitations`, t.tokens.admin)
        .send({ unit_ids, per_unit: 1 })
        .expect(422);
      expect(res.body.errors[0].name).toMatch(/^unit_ids/);
    }
  });

  it('answers an unknown API path 404 and malformed JSON 400, as problem+json', async () => {
    const missing = await t.call('get', '/api/v1/nothing-here', t.tokens.admin).expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    const malformed = await t
      .call('post', `${ACME}/units`, t.tokens.admin)
      .set('Content-Type', 'application/json')
      .send('{"units": [')
      .expect(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
