/**
 * The real app on an ephemeral port for browser tests: a fresh in-memory SQLite database built by the
 * real migrations, the demo seeded into it, and the same knex handle returned so tests can check what
 * was stored.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createDb } from '../../server/db.js';
import { seedDemo, type SeedDemoResult } from '../../server/demo/seed-demo.js';
import { migrate } from '../../server/migrations-source.js';
import { createServices, type ServiceDeps } from '../../server/services/index.js';

export interface TestServer {
  readonly baseUrl: string;
  readonly db: Knex;
  readonly demo: SeedDemoResult;
  close(): Promise<void>;
}

/**
 * `options` shrink the services' bootstraps where a test needs no full-size intervals, give the services
 * a clock the test moves (sessions keep real time), and add settings (`env`, e.g. SUBMIT_RATE_LIMIT).
 */
export async function startTestServer(
  options: Pick<ServiceDeps, 'reports' | 'trend' | 'clock'> & { env?: Readonly<Record<string, string>> } = {},
): Promise<TestServer> {
  const { env, ...serviceOptions } = options;
  const db = createDb(':memory:');
  await migrate(db);
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  // The app's links are built from the base URL, which is known only once the port is.
  const config = loadConfig({
    DATABASE_URL: ':memory:',
    BASE_URL: baseUrl,
    SESSION_SECRET: 'browser-test-session-secret-0123456789',
    ...env,
  });
  server.on('request', createApp({ services: createServices({ ...serviceOptions, db, config }), config }));
  const demo = await seedDemo(db, { baseUrl });
  return {
    baseUrl,
    db,
    demo,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
    },
  };
}
