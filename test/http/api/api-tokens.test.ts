/**
 * API tokens: created on the account page and shown once, stored only as a sha256 hash with a visible
 * prefix; a token that is unknown, expired or revoked, or whose owner is deactivated, gets a 401
 * problem+json; a session cookie is not accepted by the API and a token needs no CSRF token; the
 * per-token rate limit answers 429 with Retry-After. On SQLite and on PostgreSQL when TEST_DATABASE_URL is set.
 */
import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../helpers/db.js';
import { csrfFrom, signIn } from '../staff-app.js';
import { createApiTestApp, type ApiTestApp } from './api-app.js';

const ORGS = '/api/v1/organizations';

function expectProblem(res: request.Response, status: number, detail: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: 'about:blank', status });
  expect(res.body.detail).toMatch(detail);
}

describe.each(testDatabases())('API tokens on $name', ({ create }) => {
  let t: ApiTestApp;
  beforeEach(async () => {
    t = await createApiTestApp(create);
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('shows a token created on the account page once, stores only its hash, and lists it by prefix after', async () => {
    const { agent } = await signIn(t.app, 'consultant-a@example.com');
    const page = await agent.get('/account/tokens').expect(200);
    expect(page.text).toContain('href="/account/tokens"');
    const created = await agent
      .post('/account/tokens')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: 'Reporting script', expiresInDays: '30' })
      .expect(201);
    const secret = /value="(rdy_[^"]+)"[^>]*data-testid="new-token"/.exec(created.text)?.[1] ?? '';
    expect(secret).toMatch(/^rdy_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.headers['cache-control']).toBe('no-store');

    const row = await t.db('api_tokens').where({ name: 'Reporting script' }).first();
    expect(row.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(row.prefix).toBe(secret.slice(0, 12));
    expect(JSON.stringify(await t.db('api_tokens').select())).not.toContain(secret);

    const again = await agent.get('/account/tokens').expect(200);
    expect(again.text).not.toContain(secret);
    expect(again.text).toContain(`${secret.slice(0, 12)}…`);

    const res = await t.call('get', ORGS, secret).expect(200);
    expect(res.body.data.map((o: { slug: string }) => o.slug)).toEqual(['acme']);
    const used = await t.db('api_tokens').where({ id: row.id }).first();
    expect(used.last_used_at).not.toBeNull();
  });

  it('refuses a revoked token with 401 problem+json, and only its owner can revoke it', async () => {
    const { agent, csrf } = await signIn(t.app, 'consultant-a@example.com');
    const [mine] = await t.services.apiTokens.list(t.users.consultantA);
    const [theirs] = await t.services.apiTokens.list(t.users.consultantB);
    await agent.post(`/account/tokens/${theirs.id}/revoke`).type('form').send({ _csrf: csrf }).expect(404);
    await t.call('get', ORGS, t.tokens.consultantB).expect(200);
    await agent.post(`/account/tokens/${mine.id}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    const res = await t.call('get', ORGS, t.tokens.consultantA);
    expectProblem(res, 401, /revoked/);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    expect((await agent.get('/account/tokens').expect(200)).text).toContain(
      `data-testid="token-status-${mine.id}">revoked<`,
    );
  });

  it('refuses an expired token, an unknown one, a malformed one and none at all with 401 problem+json', async () => {
    t.now = new Date(t.now.getTime() + 31 * 86_400_000);
    expectProblem(await t.call('get', ORGS, t.tokens.admin), 401, /expired/);
    const forged = t.tokens.admin.slice(0, -4) + 'AAAA';
    expectProblem(await t.call('get', ORGS, forged), 401, /not known/);
    expectProblem(await t.call('get', ORGS, 'not-a-token'), 401, /not an API token/);
    expectProblem(await request(t.app).get(ORGS), 401, /Authorization: Bearer/);
  });

  it('stops the tokens of a deactivated account at once', async () => {
    await t.call('get', ORGS, t.tokens.consultantA).expect(200);
    await t.services.accounts.deactivate(t.users.admin, t.users.consultantA.id);
    expectProblem(await t.call('get', ORGS, t.tokens.consultantA), 401, /deactivated/);
  });

  it('accepts no session cookie, and needs no CSRF token with a bearer token', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    expectProblem(await agent.get(ORGS), 401, /session cookies/);
    const res = await t
      .call('post', `/api/v1/organizations/acme/units`, t.tokens.admin)
      .send({ units: [{ name: 'Legal' }] })
      .expect(201);
    expect(res.body.data[0]).toMatchObject({ name: 'Legal', kind: 'department', parent_id: null });
  });

  it('answers a curl-like call with the token as bearer', async () => {
    // curl -H "Authorization: Bearer $TOKEN" http://…/api/v1/organizations/acme
    const res = await request(t.app)
      .get('/api/v1/organizations/acme')
      .set('Authorization', `Bearer ${t.tokens.analystA}`)
      .set('Accept', '*/*')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ slug: 'acme', name: 'Org acme' });
  });
});

describe.each(testDatabases())('the API rate limit on $name', ({ create }) => {
  let t: ApiTestApp;
  beforeEach(async () => {
    t = await createApiTestApp(create, { apiRateLimit: 3 });
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('answers 429 problem+json with Retry-After past the limit, per token, until the window ends', async () => {
    for (let i = 0; i < 3; i++) await t.call('get', ORGS, t.tokens.admin).expect(200);
    const res = await t.call('get', ORGS, t.tokens.admin);
    expectProblem(res, 429, /more than 3 requests/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another token has its own count; the same one again after the window.
    await t.call('get', ORGS, t.tokens.consultantA).expect(200);
    t.now = new Date(t.now.getTime() + 61_000);
    await t.call('get', ORGS, t.tokens.admin).expect(200);
  });
});
