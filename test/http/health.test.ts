import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createServices } from '../../server/services/index.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

describe.each(testDatabases())('health probes on $name', ({ create }) => {
  let t: TestDb | undefined;
  afterEach(async () => {
    await t?.destroy();
    t = undefined;
  });

  async function appOn() {
    t = await create();
    const config = loadConfig({});
    return { db: t.db, app: createApp({ services: createServices({ db: t.db, config }), config }) };
  }

  it('answers /healthz and /readyz with 200, uncached and without a cookie, on a migrated database', async () => {
    const { app } = await appOn();
    const live = await request(app).get('/healthz').expect(200).expect('Content-Type', /json/);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await request(app).get('/readyz').expect(200);
    expect(ready.body).toEqual({ status: 'ready' });
    for (const res of [live, ready]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('answers /readyz with 503 naming the first migration not applied', async () => {
    const { db, app } = await appOn();
    const last = migrations[migrations.length - 1].name;
    await db('knex_migrations').where({ name: last }).del();
    const res = await request(app).get('/readyz').expect(503).expect('Content-Type', /json/);
    expect(res.body).toEqual({ status: 'unavailable', reason: `1 migration(s) not applied, first ${last}` });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers /readyz with 503 once the database is gone, while /healthz still answers 200', async () => {
    const { app } = await appOn();
    await t!.destroy();
    t = undefined;
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body).toEqual({ status: 'unavailable', reason: 'database unavailable' });
    await request(app).get('/healthz').expect(200);
  });
});
