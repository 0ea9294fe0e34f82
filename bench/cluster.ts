/**
 * `npm run bench:cluster`: two app servers on one PostgreSQL behind a round-robin proxy
 * (bench/round-robin-proxy.ts). On a fresh schema `cluster_<hex>` (dropped at the end) holding the
 * demo survey, it starts both servers as child processes (`dist/server/main.js` when built, else
 * server/main.ts under tsx; SUBMIT_RATE_LIMIT=0), sends survey submissions through the proxy with
 * autocannon, each carrying a unique token in its comment, and kills one server with SIGKILL halfway.
 * Then it checks that every acknowledged (303) submission is stored, by token. Last it restarts the
 * killed server, asks both servers for the same report page at the same moment, twice (a new release
 * between), and reads from `report_snapshots` how many times each version was built.
 * Not a test: it prints, it does not assert. Loopback only.
 *
 *   npm run bench:cluster -- --pg postgres://postgres@127.0.0.1:5432/test   # or DATABASE_URL=postgres://…
 *   options: --duration 10 --connections 20
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import request from 'supertest';
import { listSnapshots } from '../server/data/report-snapshots.js';
import { listResponses } from '../server/data/responses.js';
import { listUnits } from '../server/data/units.js';
import { createDb, isPostgresUrl } from '../server/db.js';
import { DEMO_WORKFLOWS } from '../server/demo/demo-organization.js';
import { seedDemo } from '../server/demo/seed-demo.js';
import { instrumentItemIds, loadDefaultInstrument } from '../server/instruments/load.js';
import { migrate } from '../server/migrations-source.js';
import { rootDir } from '../server/paths.js';
import { createUserService } from '../server/services/users.js';
import { startRoundRobinProxy, type Upstream } from './round-robin-proxy.js';

const { values: args } = parseArgs({
  options: {
    pg: { type: 'string' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
  },
});
const envUrl = process.env.DATABASE_URL;
const pgUrl = args.pg ?? (envUrl && isPostgresUrl(envUrl) ? envUrl : undefined);
if (!pgUrl) {
  console.error(
    'bench:cluster needs PostgreSQL: npm run bench:cluster -- --pg postgres://… (or DATABASE_URL=postgres://…)',
  );
  process.exit(1);
}
const duration = Number(args.duration);
const connections = Number(args.connections);
const EMAIL = 'cluster@example.com';
const PASSWORD = 'cluster benchmark password';
const SECRET = randomBytes(24).toString('hex');
const instrument = loadDefaultInstrument();
const itemIds = instrumentItemIds(instrument);
const compiled = existsSync(join(rootDir, 'dist', 'server', 'main.js'));

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** One app server process on `port`, resolved once its /readyz answers 200. */
async function startServer(port: number, databaseUrl: string): Promise<ChildProcess> {
  const entry = compiled ? [join('dist', 'server', 'main.js')] : ['--import', 'tsx', join('server', 'main.ts')];
  const child = spawn(process.execPath, entry, {
    cwd: rootDir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: SECRET,
      SUBMIT_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
  });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`app server on port ${port} exited with ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`app server on port ${port} was not ready within 30 s`);
}

/** A complete answer set as a form body, different per call, with `comment` set to `token`. */
function answerBody(n: number, unitIds: readonly number[], token: string, fixed?: { unit: number; workflow: string }) {
  const form = new URLSearchParams();
  itemIds.forEach((id, i) => form.set(id, String(((n * 7 + i * 3) % instrument.likert.max) + 1)));
  form.set('unit', String(fixed?.unit ?? unitIds[n % unitIds.length]));
  form.set('role_level', instrument.roleLevels[n % instrument.roleLevels.length]);
  form.set('workflow', fixed?.workflow ?? DEMO_WORKFLOWS[n % DEMO_WORKFLOWS.length]);
  form.set('comment', token);
  return form.toString();
}

async function signedIn(port: number) {
  const agent = request.agent(`http://127.0.0.1:${port}`);
  const form = await agent.get('/signin').expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
  await agent.post('/signin').type('form').send({ _csrf: csrf, email: EMAIL, password: PASSWORD }).expect(303);
  return agent;
}

const schema = `cluster_${randomBytes(6).toString('hex')}`;
const admin = createDb(pgUrl);
await admin.raw('create schema ??', [schema]);
const db = createDb(pgUrl, { searchPath: [schema] });
const children: ChildProcess[] = [];
try {
  await migrate(db);
  const demo = await seedDemo(db, { baseUrl: 'http://127.0.0.1' });
  await createUserService({ db }).create({ email: EMAIL, password: PASSWORD, role: 'admin', organizationId: null });
  const unitIds = (await listUnits(db, demo.organizationId)).filter((u) => u.kind === 'team').map((u) => u.id);
  const appUrl = new URL(pgUrl);
  appUrl.searchParams.set('options', `-c search_path=${schema}`);
  const upstreams: Upstream[] = [];
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    children.push(await startServer(port, appUrl.toString()));
    upstreams.push({ port, down: false });
  }
  const proxy = await startRoundRobinProxy(upstreams);
  console.log(
    `bench:cluster: 2 app servers (${compiled ? 'dist/server/main.js' : 'server/main.ts under tsx'}) on PostgreSQL schema ${schema}, behind ${proxy.url}`,
  );

  // Submissions through the proxy; server 2 is killed with SIGKILL halfway.
  const acknowledged = new Set<string>();
  let sent = 0;
  const killAt = setTimeout(() => children[1].kill('SIGKILL'), (duration * 1000) / 2);
  const result = await autocannon({
    url: proxy.url,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/s/demo',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest: (req, context: { token?: string }) => {
          context.token = `cluster-${++sent}`;
          return { ...req, body: answerBody(sent, unitIds, context.token) };
        },
        onResponse: (status, _body, context: { token?: string }) => {
          if (status === 303 && context.token) acknowledged.add(context.token);
        },
      },
    ],
  });
  clearTimeout(killAt);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // the last commits settle
  const stored = new Set(
    (await listResponses(db, demo.surveyId)).map((r) => r.comment).filter((c) => c?.startsWith('cluster-')),
  );
  const lost = [...acknowledged].filter((token) => !stored.has(token));
  console.log(
    `\nsubmissions: ${connections} connections, ${duration} s, server 2 killed (SIGKILL) at ${duration / 2} s`,
  );
  console.log(
    `  sent ${sent}, acknowledged (303) ${acknowledged.size} (${(acknowledged.size / result.duration).toFixed(0)}/s), p99 ${result.latency.p99} ms`,
  );
  console.log(
    `  failed in flight at the kill (502) ${proxy.failedInFlight}, sent on to server 1 after a refused connection ${proxy.retried}, client errors ${result.errors}`,
  );
  console.log(
    `  stored ${stored.size}; acknowledged but not stored: ${lost.length}; stored but not acknowledged (in flight at the kill or when the load stopped): ${stored.size - (acknowledged.size - lost.length)}`,
  );

  // The same report from both servers at once (server 2 restarted), before and after a new release.
  children[1] = await startServer(upstreams[1].port, appUrl.toString());
  upstreams[1].down = false;
  const agents = await Promise.all(upstreams.map((u) => signedIn(u.port)));
  const page = `/orgs/demo/surveys/${demo.surveyId}/report`;
  const both = () => Promise.all(agents.map((agent) => agent.get(page).expect(200)));
  let t = performance.now();
  await both();
  const firstMs = performance.now() - t;
  // Five more answers in one team and workflow: every group they change gains K = 5, so a release is cut.
  const fixed = { unit: unitIds[0], workflow: DEMO_WORKFLOWS[0] };
  for (let i = 0; i < 5; i++)
    await request(proxy.url)
      .post('/s/demo')
      .type('form')
      .send(answerBody(i, unitIds, `release-${i}`, fixed))
      .expect(303);
  t = performance.now();
  await both();
  const secondMs = performance.now() - t;
  const versions = await listSnapshots(db, demo.surveyId);
  console.log('\nreport (overview page, GET on both servers at the same moment, twice, a release between):');
  console.log(`  both answered 200 in ${firstMs.toFixed(0)} ms, then after the release in ${secondMs.toFixed(0)} ms`);
  versions.forEach((v, i) =>
    console.log(`  version ${versions.length - i}: ${v.state}, built ${v.builds} time(s), build ${v.buildMs} ms`),
  );
  const builds = versions.reduce((sum, v) => sum + v.builds, 0);
  console.log(
    `  ${versions.length} versions, ${builds} builds in all: ${builds === versions.length ? 'none built twice' : 'SOME VERSION BUILT TWICE'}`,
  );
  console.log(
    `\nacknowledged and lost: ${lost.length} (target 0); versions built twice: ${builds - versions.length} (target 0)`,
  );
  await proxy.close();
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  await db.destroy();
  await admin.raw('drop schema if exists ?? cascade', [schema]);
  await admin.destroy();
}
