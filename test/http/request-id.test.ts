import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createServices } from '../../server/services/index.js';
import { createTestDb } from '../helpers/db.js';
import { captureLogs, type LogCapture } from '../helpers/log-capture.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids and the request log', () => {
  let db: Knex;
  let logs: LogCapture;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    db = await createTestDb();
    logs = captureLogs();
    const config = loadConfig({});
    app = createApp({ services: createServices({ db, config, logger: logs.logger }), config, logger: logs.logger });
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('gives every response a fresh X-Request-Id, pages, errors and static files alike', async () => {
    const page = await request(app).get('/setup').expect(200);
    const missing = await request(app).get('/no-such-page').expect(404);
    const file = await request(app).get('/public/favicon.svg').expect(200);
    for (const res of [page, missing, file]) expect(res.headers['x-request-id']).toMatch(UUID);
    expect(new Set([page, missing, file].map((res) => res.headers['x-request-id'])).size).toBe(3);
  });

  it('keeps an incoming X-Request-Id that is a short safe token, so a proxy’s log can be joined with this one', async () => {
    const res = await request(app).get('/setup').set('X-Request-Id', 'lb-7f3a.9_c2').expect(200);
    expect(res.headers['x-request-id']).toBe('lb-7f3a.9_c2');
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({
        requestId: 'lb-7f3a.9_c2',
        msg: 'request completed',
        method: 'GET',
        path: '/setup',
        status: 200,
      }),
    );
  });

  it.each([
    ['markup', '<script>alert(1)</script>'],
    ['spaces and a forged log field', 'abc "level":60'],
    ['more than 64 characters', 'a'.repeat(65)],
  ])('replaces an incoming X-Request-Id holding %s with a UUID and never logs it', async (_what, incoming) => {
    const res = await request(app).get('/setup').set('X-Request-Id', incoming).expect(200);
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(logs.text()).not.toContain(incoming);
  });

  it('logs each request with method, path and status, but never its query string, IP address or user agent', async () => {
    const res = await request(app)
      .get('/s/NOSUCHCODE?t=secret-invitation-token')
      .set('User-Agent', 'Respondent-Browser/1.0')
      .expect(404);
    const line = logs
      .entries()
      .find((entry) => entry.requestId === res.headers['x-request-id'] && entry.msg === 'request completed');
    expect(line).toMatchObject({ level: 30, method: 'GET', path: '/s/NOSUCHCODE', status: 404 });
    expect(typeof line?.ms).toBe('number');
    for (const withheld of [
      'secret-invitation-token',
      'Respondent-Browser',
      '127.0.0.1',
      'remoteAddress',
      'user-agent',
    ])
      expect(logs.text()).not.toContain(withheld);
  });
});
