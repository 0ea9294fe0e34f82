import { createServer, type Server, type Socket } from 'node:net';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createDb } from '../../server/db.js';
import { silentLogger } from '../../server/logger.js';
import { createHealthService } from '../../server/services/health.js';
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

describe('readiness probe against a PostgreSQL server that is not there', () => {
  /** A TCP server on a free port of 127.0.0.1 that accepts connections and never answers. */
  async function silentServer(): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as { port: number }).port, sockets };
  }

  function appOn(url: string, timeoutMs = 2000) {
    const db = createDb(url);
    const config = loadConfig({ DATABASE_URL: url });
    const services = createServices({ db, config });
    const health = createHealthService({ db, logger: silentLogger, timeoutMs });
    return { db, app: createApp({ services: { ...services, health }, config }) };
  }

  it('answers /readyz with 503 when the database refuses connections (nothing listens on its port)', async () => {
    const { server, port } = await silentServer();
    await new Promise((resolve) => server.close(resolve)); // the port is free again: connections are refused
    const { db, app } = appOn(`postgres://readiness@127.0.0.1:${port}/readiness`);
    try {
      const res = await request(app).get('/readyz').expect(503).expect('Content-Type', /json/);
      expect(res.body).toEqual({ status: 'unavailable', reason: 'database unavailable' });
      expect(res.text).not.toContain(String(port));
      await request(app).get('/healthz').expect(200);
    } finally {
      await db.destroy();
    }
  });

  it('answers /readyz with 503 when the database accepts the connection but does not answer in time', async () => {
    const { server, port, sockets } = await silentServer();
    const { db, app } = appOn(`postgres://readiness@127.0.0.1:${port}/readiness`, 200);
    try {
      const res = await request(app).get('/readyz').expect(503);
      expect(res.body).toEqual({ status: 'unavailable', reason: 'database did not answer in time' });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      await db.destroy();
    }
  });
});
