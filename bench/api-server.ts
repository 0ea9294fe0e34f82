/**
 * The measured process of `npm run bench:api` (bench/api.ts forks it, so autocannon never shares this
 * event loop): on a temporary SQLite file it seeds the demo organization and survey
 * (server/demo/seed-demo.ts), an admin and an API token, builds the report once (so the GETs read the
 * cached one), and listens on 127.0.0.1 with the app as `npm start` builds it: the API's rate limit on
 * (counted in the database, set high enough not to refuse), no logging, reports built in-process.
 * It tells the parent the address, the token and the report's path over IPC, and on `stop` closes
 * everything and removes the database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createDb } from '../server/db.js';
import { DEMO_ORGANIZATION } from '../server/demo/demo-organization.js';
import { seedDemo } from '../server/demo/seed-demo.js';
import { migrate } from '../server/migrations-source.js';
import { createServices } from '../server/services/index.js';

export type ApiChildMessage = { type: 'ready'; url: string; token: string; path: string; responses: number };

const dir = mkdtempSync(join(tmpdir(), 'readiness-bench-api-'));
const db = createDb(join(dir, 'bench.sqlite'));
await migrate(db);
const config = loadConfig({
  DATABASE_URL: join(dir, 'bench.sqlite'),
  SESSION_SECRET: 'bench-secret-bench-secret-bench',
  API_RATE_LIMIT: '1000000',
  LOG_LEVEL: 'silent',
});
const services = createServices({ db, config });
const demo = await seedDemo(db, { baseUrl: config.baseUrl });
const admin = await services.users.create({ email: 'bench@example.com', password: 'bench-password', role: 'admin' });
const { secret } = await services.apiTokens.create(admin, { name: 'bench', expiresInDays: 1 });
const path = `/api/v1/organizations/${DEMO_ORGANIZATION.slug}/surveys/${demo.surveyId}/report`;
const server = createServer(createApp({ services, config }));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
// The first GET builds the report; the measured ones read it from the cache.
const warm = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${secret}` } });
const report = (await warm.json()) as { meta?: { responses?: number } };
if (warm.status !== 200) throw new Error(`the report answered ${warm.status}`);
process.send!({
  type: 'ready',
  url,
  token: secret,
  path,
  responses: report.meta?.responses ?? 0,
} satisfies ApiChildMessage);

process.on('message', (m: { type: string }) => {
  if (m.type !== 'stop') return;
  server.close();
  server.closeAllConnections();
  void db.destroy().then(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
