/**
 * Imports through the API (routes/api/imports.ts over services/survey-import.ts): a check lists each
 * row error and stores nothing; an import with a bad row is a 422 naming the row and column and stores
 * nothing; a good one stores every row and lists itself; the same file again is a 409; an analyst
 * (who may not import on the pages either) gets 404. On SQLite and on PostgreSQL when TEST_DATABASE_URL is set.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../helpers/db.js';
import { createApiTestApp, type ApiTestApp } from './api-app.js';

const csv = (lines: string[]) => ['Team,Q1,Q2', ...lines].join('\n') + '\n';
const body = (content: string) => ({
  file_name: 'export.csv',
  content,
  mapping: { items: { dr1: 'Q1', dr2: 'Q2' }, unit: { column: 'Team' }, scale: { min: 1, max: 7 } },
});

describe.each(testDatabases())('imports through the API on $name', ({ create }) => {
  let t: ApiTestApp;
  let path: string;
  const stored = async () =>
    Number((await t.db('responses').where({ survey_id: t.acme.surveyId }).count({ n: '*' }))[0].n);
  beforeEach(async () => {
    t = await createApiTestApp(create);
    path = `/api/v1/organizations/acme/surveys/${t.acme.surveyId}/imports`;
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('checks a file and names each bad row and column, storing nothing', async () => {
    const before = await stored();
    const res = await t
      .call('post', `${path}/check`, t.tokens.consultantA)
      .send(body(csv(['Underwriting,7,1', 'Nowhere,4,4', 'Underwriting,9,2'])))
      .expect(200);
    expect(res.body).toMatchObject({ rows: 3, valid: 1, error_count: 2, already_imported: false });
    expect(
      (res.body as { errors: { row: number; column: string }[] }).errors.map((e) => `${e.row}:${e.column}`),
    ).toEqual(['3:Team', '4:Q1']);
    expect(await stored()).toBe(before);
  });

  it('imports all or nothing: a bad row is a 422 naming it; a good file is stored once, then a 409', async () => {
    const before = await stored();
    const bad = await t
      .call('post', path, t.tokens.consultantA)
      .send(body(csv(['Underwriting,7,1', 'Underwriting,9,2'])))
      .expect(422);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((bad.body as { errors: { name: string }[] }).errors.map((e) => e.name)).toEqual(['content.row 3.Q1']);
    expect(await stored()).toBe(before);

    const good = body(csv(['Underwriting,7,1', 'Underwriting,1,7', 'Claims,4,4']));
    const created = await t.call('post', path, t.tokens.consultantA).send(good).expect(201);
    expect(created.body).toMatchObject({ rows: 3, file_name: 'export.csv', survey_id: t.acme.surveyId });
    expect(await stored()).toBe(before + 3);
    // 1–7 recoded onto 1–5: 7 → 5, 1 → 1, 4 → 3.
    const answers = (
      await t.db('responses').where({ survey_id: t.acme.surveyId }).orderBy('id', 'desc').limit(3).select('answers')
    )
      .map((r: { answers: string }) => JSON.parse(r.answers) as Record<string, number>)
      .reverse();
    expect(answers).toEqual([
      { dr1: 5, dr2: 1 },
      { dr1: 1, dr2: 5 },
      { dr1: 3, dr2: 3 },
    ]);

    const again = await t.call('post', path, t.tokens.consultantA).send(good).expect(409);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await stored()).toBe(before + 3);
    const list = await t.call('get', path, t.tokens.admin).expect(200);
    expect((list.body as { data: { id: number }[] }).data.map((i) => i.id)).toEqual([
      (created.body as { id: number }).id,
    ]);
  });

  it('answers an analyst 404, as the import pages do', async () => {
    await t
      .call('post', path, t.tokens.analystA)
      .send(body(csv(['Underwriting,4,4'])))
      .expect(404);
  });
});
