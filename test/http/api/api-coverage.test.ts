/**
 * The OpenAPI document against the server: it validates as OpenAPI 3.1 (@seriousme/openapi-schema-validator),
 * every operation it lists is called here once with its success answer checked against the schema it
 * documents, and no operation is missing from the table; then every organization-scoped operation is
 * called with a token that may not see the organization, which gets the same 404 as for one that
 * does not exist. On SQLite and on PostgreSQL when TEST_DATABASE_URL is set.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOperations } from '../../../server/routes/api/index.js';
import { testDatabases } from '../../helpers/db.js';
import { createApiTestApp, type ApiTestApp } from './api-app.js';

type Call = (t: ApiTestApp) => request.Test;

/** A small export of another tool: two rows answering dr1 and dr2 in the Underwriting team. */
const importBody = () => ({
  file_name: 'export.csv',
  content: 'Team,Q1,Q2\nUnderwriting,4,5\nUnderwriting,2,3\n',
  mapping: { items: { dr1: 'Q1', dr2: 'Q2' }, unit: { column: 'Team' } },
});
const V1 = '/api/v1';

/** One call per operation, each expected to succeed, in an order where each finds what it needs. */
const CALLS: Record<string, { status: number; call: Call }> = {
  'get /organizations': { status: 200, call: (t) => t.call('get', `${V1}/organizations`, t.tokens.consultantA) },
  'get /organizations/{org}': {
    status: 200,
    call: (t) => t.call('get', `${V1}/organizations/acme`, t.tokens.consultantA),
  },
  'get /organizations/{org}/units': {
    status: 200,
    call: (t) => t.call('get', `${V1}/organizations/acme/units`, t.tokens.analystA),
  },
  'post /organizations/{org}/units': {
    status: 201,
    call: (t) =>
      t
        .call('post', `${V1}/organizations/acme/units`, t.tokens.analystA)
        .send({ units: [{ name: 'Finance' }, { name: 'Payroll', parent_index: 0, headcount: 12 }] }),
  },
  'get /organizations/{org}/people': {
    status: 200,
    call: (t) => t.call('get', `${V1}/organizations/acme/people`, t.tokens.consultantA),
  },
  'post /organizations/{org}/people': {
    status: 201,
    call: (t) =>
      t
        .call('post', `${V1}/organizations/acme/people`, t.tokens.consultantA)
        .send({ people: [{ email: 'ana@acme.example', unit: 'Operations/Claims' }] }),
  },
  'get /organizations/{org}/surveys': {
    status: 200,
    call: (t) => t.call('get', `${V1}/organizations/acme/surveys`, t.tokens.analystA),
  },
  'post /organizations/{org}/surveys': {
    status: 201,
    call: (t) =>
      t
        .call('post', `${V1}/organizations/acme/surveys`, t.tokens.analystA)
        .send({ title: 'Spring 2027', access: 'invitation', workflows: ['Claims triage'] }),
  },
  'get /organizations/{org}/surveys/{survey}': {
    status: 200,
    call: (t) => t.call('get', `${V1}/organizations/acme/surveys/${t.acme.surveyId}`, t.tokens.analystA),
  },
  'post /organizations/{org}/surveys/{survey}/invitations': {
    status: 201,
    call: (t) =>
      t
        .call('post', `${V1}/organizations/acme/surveys/${t.acme.surveyId}/invitations`, t.tokens.consultantA)
        .send({ unit_ids: [t.acme.units.Underwriting], per_unit: 2 }),
  },
  'get /organizations/{org}/surveys/{survey}/report': {
    status: 200,
    call: (t) => t.call('get', `${V1}/organizations/acme/surveys/${t.acme.surveyId}/report`, t.tokens.analystA),
  },
  'get /organizations/{org}/surveys/{survey}/export': {
    status: 200,
    call: (t) => t.call('get', `${V1}/organizations/acme/surveys/${t.acme.surveyId}/export`, t.tokens.admin),
  },
  'post /organizations/{org}/surveys/{survey}/imports/check': {
    status: 200,
    call: (t) =>
      t
        .call('post', `${V1}/organizations/acme/surveys/${t.acme.surveyId}/imports/check`, t.tokens.consultantA)
        .send(importBody()),
  },
  'post /organizations/{org}/surveys/{survey}/imports': {
    status: 201,
    call: (t) =>
      t
        .call('post', `${V1}/organizations/acme/surveys/${t.acme.surveyId}/imports`, t.tokens.consultantA)
        .send(importBody()),
  },
  'get /organizations/{org}/surveys/{survey}/imports': {
    status: 200,
    call: (t) => t.call('get', `${V1}/organizations/acme/surveys/${t.acme.surveyId}/imports`, t.tokens.admin),
  },
  'get /benchmarks': { status: 200, call: (t) => t.call('get', `${V1}/benchmarks`, t.tokens.consultantA) },
  'post /organizations/{org}/surveys/{survey}/close': {
    status: 200,
    call: (t) => t.call('post', `${V1}/organizations/acme/surveys/${t.acme.surveyId}/close`, t.tokens.analystA),
  },
  'post /organizations/{org}/surveys/{survey}/open': {
    status: 200,
    call: (t) => t.call('post', `${V1}/organizations/acme/surveys/${t.acme.surveyId}/open`, t.tokens.analystA),
  },
};

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
};

describe.each(testDatabases())('the API against its OpenAPI document on $name', ({ create }) => {
  let t: ApiTestApp;
  let doc: Doc;
  beforeAll(async () => {
    t = await createApiTestApp(create);
    doc = (await t.call('get', `${V1}/openapi.json`, '').expect(200)).body as Doc;
  });
  afterAll(async () => {
    await t.destroy();
  });

  const documented = () =>
    Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));

  it('serves a document that validates as OpenAPI 3.1, without a token', async () => {
    const result = await new Validator().validate(structuredClone(doc) as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect((doc as unknown as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('has one call in this table for every documented operation, and none for an undocumented one', () => {
    expect(documented().sort()).toEqual(Object.keys(CALLS).sort());
    expect(documented()).toHaveLength(apiOperations(t.services).length);
  });

  it('answers each documented operation with its documented success status and media type', async () => {
    for (const [key, { status, call }] of Object.entries(CALLS)) {
      const res = await call(t);
      expect({ key, status: res.status, body: res.status === status ? null : res.body }).toEqual({
        key,
        status,
        body: null,
      });
      const [method, path] = key.split(' ');
      const content = doc.paths[path][method].responses[String(status)].content ?? {};
      const type = String(res.headers['content-type']).split(';')[0];
      expect(Object.keys(content)).toContain(type);
      // The body fits the very schema the document was generated from.
      const op = apiOperations(t.services).find((o) => o.method === method && o.path === path)!;
      if (type === 'application/json') expect(op.success.schema!.safeParse(res.body).error).toBeUndefined();
    }
  });

  it('renders the reference page from the document: every operation with its parameters and schemas', async () => {
    const page = await t.call('get', `${V1}/docs`, '').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    for (const key of documented()) {
      const [method, path] = key.split(' ');
      expect(page.text).toContain(`${method.toUpperCase()} ${path}`);
    }
    expect(page.text).toContain('<caption>Parameters</caption>');
    expect(page.text).toContain('id="schema-Problem"');
    expect(page.text).not.toMatch(/<script/);
  });
});

describe.each(testDatabases())('API isolation between organizations on $name', ({ create }) => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp(create);
  });
  afterAll(async () => {
    await t.destroy();
  });

  const scoped = () =>
    apiOperations(t.services)
      .filter((op) => op.path.includes('{org}'))
      .map((op) => ({ op, path: op.path.replace('{org}', 'beta').replace('{survey}', String(t.beta.surveyId)) }));

  /** A body the operation would accept, so the answer can only be about the organization. */
  const validBody = (operationId: string): object | undefined =>
    ({
      createUnits: { units: [{ name: 'Intruders' }] },
      createPeople: { people: [{ email: 'x@beta.example', unit: 'Intruders' }] },
      createSurvey: { title: 'Intruding wave', access: 'open' },
      createInvitations: { unit_ids: [t.beta.units.Claims], per_unit: 1 },
      checkImport: importBody(),
      createImport: importBody(),
    })[operationId];

  it.each([['consultantA'], ['analystA']] as const)(
    'answers a %s token 404 on every operation of another organization, and changes nothing there',
    async (who) => {
      const before = await t.db('surveys').where({ organization_id: t.beta.organizationId }).first('status');
      const units = await t.db('units').where({ organization_id: t.beta.organizationId }).count({ n: '*' });
      const operations = scoped();
      expect(operations.length).toBe(16);
      for (const { op, path } of operations) {
        const res = await t.call(op.method, `${V1}${path}`, t.tokens[who]).send(validBody(op.operationId));
        expect({ op: op.operationId, status: res.status }).toEqual({ op: op.operationId, status: 404 });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.text).not.toContain('Org beta');
      }
      expect(await t.db('surveys').where({ organization_id: t.beta.organizationId }).first('status')).toEqual(before);
      expect(await t.db('units').where({ organization_id: t.beta.organizationId }).count({ n: '*' })).toEqual(units);
    },
  );

  it('lists only the organizations a token may see, and benchmarks only a consultant’s own clients', async () => {
    const slugs = async (token: string) =>
      ((await t.call('get', `${V1}/organizations`, token).expect(200)).body as { data: { slug: string }[] }).data.map(
        (o) => o.slug,
      );
    expect(await slugs(t.tokens.consultantA)).toEqual(['acme']);
    expect(await slugs(t.tokens.consultantB)).toEqual(['beta']);
    expect(await slugs(t.tokens.analystA)).toEqual(['acme']);
    expect(await slugs(t.tokens.admin)).toEqual(['acme', 'beta']);
    const bench = await t.call('get', `${V1}/benchmarks`, t.tokens.consultantA).expect(200);
    expect((bench.body as { data: { organization: { slug: string } }[] }).data.map((e) => e.organization.slug)).toEqual(
      ['acme'],
    );
    expect(bench.text).not.toContain('beta');
  });

  it('refuses what a role may not do with 403 problem+json: benchmarks for an analyst, people for an analyst, the export for a consultant', async () => {
    for (const [path, token] of [
      [`${V1}/benchmarks`, t.tokens.analystA],
      [`${V1}/organizations/acme/people`, t.tokens.analystA],
      [`${V1}/organizations/acme/surveys/${t.acme.surveyId}/export`, t.tokens.consultantA],
    ] as const) {
      const res = await t.call('get', path, token).expect(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'about:blank', status: 403, title: 'Not allowed' });
    }
  });
});
