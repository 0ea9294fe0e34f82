/**
 * Seeded fuzzing of every route on both databases: an admin, an organization with units and an open
 * survey are arranged through the real pages, then a fixed, seeded sample of requests with mutated path
 * segments, ids, query strings and form fields (NUL bytes, 10k-character strings, unicode, empty values,
 * repeated keys) is sent, signed in and not. No request may end in a 5xx: bad input is the client's
 * fault (4xx), whichever database is behind the app.
 */
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentItems, loadDefaultInstrument } from '../../server/instruments/load.js';
import { testDatabases } from '../helpers/db.js';
import { createOrgThroughPages, createStaffTestApp, csrfFrom, PASSWORD, type StaffTestApp } from './staff-app.js';

const SEED = 20261202;
const REQUESTS = 1500;
const NOW = new Date('2026-12-01T10:00:00Z');
const instrument = loadDefaultInstrument();
const itemIds = instrumentItems(instrument).map((item) => item.id);

/** Raw (already percent-encoded) path segments and query values that have broken something somewhere. */
const nastySegments = [
  '%00',
  'a%00b',
  '0',
  '-1',
  '1.5',
  '1e3',
  'abc',
  '%20',
  '..',
  '%C3%A9t%C3%A9',
  '%F0%9F%98%80',
  '%FF',
  '2147483647',
  '2147483648',
  '4294967296',
  '9007199254740992',
  '99999999999999999999',
  'x'.repeat(10_000),
];
/** Decoded form values (URLSearchParams encodes them). */
const nastyValues = [
  '',
  ' ',
  '\u0000',
  'hello\u0000world',
  'x'.repeat(10_000),
  'é'.repeat(300),
  '😀'.repeat(200),
  '-1',
  '0',
  '2147483648',
  '9007199254740992',
  '1e309',
  'NaN',
  '<script>alert(1)</script>',
  "'; drop table users; --",
  'a@b.c'.padStart(300, 'a'),
];

interface Arranged {
  code: string;
  slug: string;
  surveyId: number;
  unitIds: number[];
  userId: number;
  orgId: number;
}

interface Route {
  method: 'GET' | 'POST';
  /** Path segments; `null` means "a value from the arrangement", mutated or not. */
  path: (a: Arranged, pick: Picker) => string;
  fields?: (a: Arranged, pick: Picker) => [string, string][];
  query?: string[];
}

/** Random choices for one request, drawn from fast-check so the whole run replays from SEED. */
interface Picker {
  segment(valid: string): string;
  value(valid: string): string;
  chance(): boolean;
  /** True one time in ten. */
  rare(): boolean;
  index(length: number): number;
}

const routes: Route[] = [
  { method: 'GET', path: (a, p) => `/s/${p.segment(a.code)}`, query: ['t'] },
  {
    method: 'POST',
    path: (a, p) => `/s/${p.segment(a.code)}`,
    fields: (a, p) => [
      ...itemIds.map((id): [string, string] => [id, p.value('3')]),
      ['unit', p.value(String(a.unitIds[0]))],
      ['role_level', p.value(instrument.roleLevels[0])],
      ['workflow', p.value('Invoicing')],
      ['comment', p.value('More data access please.')],
    ],
  },
  { method: 'GET', path: (a, p) => `/s/${p.segment(a.code)}/thanks` },
  { method: 'GET', path: () => '/signin', query: ['next'] },
  {
    method: 'POST',
    path: () => '/signin',
    fields: (_a, p) => [
      ['email', p.value('admin@example.com')],
      ['password', p.value('not the password')],
      ['next', p.value('/orgs')],
    ],
  },
  { method: 'GET', path: () => '/setup' },
  {
    method: 'POST',
    path: () => '/setup',
    fields: (_a, p) => [
      ['email', p.value('second@example.com')],
      ['password', p.value(PASSWORD)],
      ['confirm', p.value(PASSWORD)],
    ],
  },
  { method: 'GET', path: () => '/account/password' },
  {
    method: 'POST',
    path: () => '/account/password',
    fields: (_a, p) => [
      ['current', p.value('wrong password')],
      ['next', p.value('another long password')],
      ['confirm', p.value('another long password')],
    ],
  },
  { method: 'GET', path: () => '/orgs' },
  { method: 'GET', path: () => '/orgs/new' },
  {
    method: 'POST',
    path: () => '/orgs',
    fields: (_a, p) => [
      ['name', p.value('Fuzz Org')],
      ['industry', p.value('Retail')],
      ['sizeBand', p.value('250-999')],
    ],
  },
  { method: 'GET', path: (a, p) => `/orgs/${p.segment(a.slug)}` },
  {
    method: 'POST',
    path: (a, p) => `/orgs/${p.segment(a.slug)}/units`,
    fields: (a, p) => [
      ['name', p.value('Fuzz team')],
      ['parentId', p.value(String(a.unitIds[0]))],
    ],
  },
  { method: 'GET', path: (a, p) => `/orgs/${p.segment(a.slug)}/surveys/new` },
  {
    method: 'POST',
    path: (a, p) => `/orgs/${p.segment(a.slug)}/surveys`,
    fields: (_a, p) => [
      ['title', p.value('Wave')],
      ['workflows', p.value('Invoicing\nClaims')],
      ['access', p.value('open')],
      ['anonymityThreshold', p.value('5')],
      ['closesAt', p.value('')],
    ],
  },
  { method: 'GET', path: (a, p) => `/orgs/${p.segment(a.slug)}/surveys/${p.segment(String(a.surveyId))}` },
  { method: 'POST', path: (a, p) => `/orgs/${p.segment(a.slug)}/surveys/${p.segment(String(a.surveyId))}/open` },
  {
    method: 'POST',
    path: (a, p) => `/orgs/${p.segment(a.slug)}/surveys/${p.segment(String(a.surveyId))}/invitations`,
    fields: (a, p) => [
      ['perUnit', p.value('1')],
      ['unitIds', p.value(String(a.unitIds[0]))],
      ['unitIds', p.value(String(a.unitIds[1]))],
    ],
  },
  { method: 'GET', path: (a, p) => `/orgs/${p.segment(a.slug)}/surveys/${p.segment(String(a.surveyId))}/report` },
  {
    method: 'GET',
    path: (a, p) =>
      `/orgs/${p.segment(a.slug)}/surveys/${p.segment(String(a.surveyId))}/report/${p.segment('breakdown')}`,
  },
  {
    method: 'GET',
    path: (a, p) =>
      `/orgs/${p.segment(a.slug)}/surveys/${p.segment(String(a.surveyId))}/report/csv/${p.segment('scales.csv')}`,
  },
  { method: 'GET', path: () => '/users' },
  {
    method: 'POST',
    path: () => '/users',
    fields: (a, p) => [
      ['email', p.value('new@example.com')],
      ['role', p.value('analyst')],
      ['organizationId', p.value(String(a.orgId))],
      ['password', p.value(PASSWORD)],
    ],
  },
  {
    method: 'POST',
    path: (a, p) => `/users/${p.segment(String(a.userId))}/organizations`,
    fields: (a, p) => [['organizationId', p.value(String(a.orgId))]],
  },
  { method: 'GET', path: () => '/benchmarks', query: ['industry', 'size'] },
  { method: 'GET', path: () => '/benchmarks.csv', query: ['industry', 'size'] },
];

/** One request's random draws: which route, signed in or not, and a stream of numbers for the picker. */
const requestArbitrary = fc.record({
  route: fc.nat(routes.length - 1),
  signedIn: fc.boolean(),
  withCsrf: fc.nat(9).map((n) => n > 0),
  draws: fc.array(fc.nat(1000), { minLength: 64, maxLength: 64 }),
});

function pickerFrom(draws: number[]): Picker {
  let i = 0;
  const next = () => draws[i++ % draws.length];
  return {
    segment: (valid) => (next() < 650 ? valid : nastySegments[next() % nastySegments.length]),
    value: (valid) => (next() < 800 ? valid : nastyValues[next() % nastyValues.length]),
    chance: () => next() < 500,
    rare: () => next() < 100,
    index: (length) => next() % length,
  };
}

/** Arranges the admin (through /setup), an organization with two units and an open survey, through the pages. */
async function arrange(t: StaffTestApp) {
  const agent = request.agent(t.app);
  const setup = await agent.get('/setup').expect(200);
  await agent
    .post('/setup')
    .type('form')
    .send({ _csrf: csrfFrom(setup.text), email: 'admin@example.com', password: PASSWORD, confirm: PASSWORD })
    .expect(303);
  const csrf = csrfFrom((await agent.get('/orgs').expect(200)).text);
  const orgPath = await createOrgThroughPages(agent, csrf, 'Acme');
  for (const name of ['Claims', 'Billing'])
    await agent.post(`${orgPath}/units`).type('form').send({ _csrf: csrf, name }).expect(303);
  const created = await agent
    .post(`${orgPath}/surveys`)
    .type('form')
    .send({ _csrf: csrf, title: 'Spring', workflows: 'Invoicing', access: 'open', anonymityThreshold: '5' })
    .expect(303);
  const surveyPath = created.headers.location as string;
  await agent.post(`${surveyPath}/open`).type('form').send({ _csrf: csrf }).expect(303);
  const survey = await t.db('surveys').first();
  const units: { id: number }[] = await t.db('units').orderBy('id').select('id');
  const admin = await t.db('users').first();
  const consultant = await t.createUser('consultant@example.com', 'consultant');
  const arranged: Arranged = {
    code: survey.code,
    slug: orgPath.slice('/orgs/'.length),
    surveyId: survey.id,
    unitIds: units.map((u) => u.id),
    userId: consultant.id,
    orgId: survey.organization_id,
  };
  expect(admin.email).toBe('admin@example.com');
  return { agent, csrf, arranged };
}

describe.each(testDatabases())('fuzzed requests on $name', ({ name, create }) => {
  let t: StaffTestApp;
  let failures: string[] = [];
  beforeAll(async () => {
    t = await createStaffTestApp(() => NOW, create);
  });
  afterAll(async () => {
    await t.destroy();
  });

  it(`answers ${REQUESTS} seeded random requests without a single 5xx`, { timeout: 120_000 }, async () => {
    const { agent, csrf, arranged } = await arrange(t);
    const samples = fc.sample(requestArbitrary, { seed: SEED, numRuns: REQUESTS });
    const counts = new Map<number, number>();
    failures = [];
    for (const sample of samples) {
      const route = routes[sample.route];
      const pick = pickerFrom(sample.draws);
      const query = (route.query ?? [])
        .filter(() => pick.chance())
        .map((key) => `${key}=${encodeURIComponent(pick.value('x'))}`);
      const url = route.path(arranged, pick) + (query.length > 0 ? `?${query.join('&')}` : '');
      const client = sample.signedIn ? agent : request(t.app);
      let res: request.Response;
      if (route.method === 'GET') {
        res = await client.get(url);
      } else {
        const fields = route.fields?.(arranged, pick) ?? [];
        // Now and then a field sent twice (an array to the parser) or an unknown field name.
        if (fields.length > 0 && pick.rare()) fields.push([fields[pick.index(fields.length)][0], pick.value('1')]);
        if (pick.rare()) fields.push([pick.value('extra'), pick.value('1')]);
        if (sample.signedIn && sample.withCsrf) fields.push(['_csrf', csrf]);
        res = await client.post(url).type('form').send(new URLSearchParams(fields).toString());
      }
      counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
      if (res.status >= 500) failures.push(`${res.status} ${route.method} ${url.slice(0, 120)}`);
    }
    console.info(
      `fuzz on ${name}: ${REQUESTS} requests, ${failures.length} with 5xx; statuses ${JSON.stringify(Object.fromEntries([...counts].sort(([a], [b]) => a - b)))}`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
  });
});
