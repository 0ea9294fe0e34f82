/**
 * `npm run bench:api`: the latency of a cached report through the JSON API. A forked server
 * (bench/api-server.ts) holds the demo survey with its report built; autocannon then sends
 * `GET /api/v1/organizations/…/surveys/…/report` with a bearer token from `--connections` connections
 * for `--duration` seconds, first without and then with If-None-Match (the 304 a polling client gets).
 * Each request checks the token (one query), counts against the token's rate limit in the database
 * (one write) and reads the report's data version (the release and invitations) before the cache
 * answers. It prints p50, p99 and requests/s; it does not assert.
 *
 *   npm run bench:api                      # 10 s, 10 connections
 *   npm run bench:api -- --duration 5 --connections 4
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { ApiChildMessage } from './api-server.js';

const { values: args } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } },
});
const duration = Number(args.duration);
const connections = Number(args.connections);

const child = fork(fileURLToPath(new URL('./api-server.ts', import.meta.url)), {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, NODE_ENV: 'production', REPORT_WORKERS: '0' },
});
const ready = await new Promise<ApiChildMessage>((resolve, reject) => {
  child.once('message', (m) => resolve(m as ApiChildMessage));
  child.once('exit', (code) => reject(new Error(`the bench server exited with ${code}`)));
});

async function run(label: string, headers: Record<string, string>, expected: number) {
  const result = await autocannon({
    url: ready.url,
    connections,
    duration,
    requests: [{ method: 'GET', path: ready.path, headers: { authorization: `Bearer ${ready.token}`, ...headers } }],
  });
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const other = Object.entries(stats).reduce((n, [code, s]) => n + (code === String(expected) ? 0 : s.count), 0);
  console.log(
    `${label.padEnd(26)} p50 ${String(result.latency.p50).padStart(4)} ms  p99 ${String(result.latency.p99).padStart(4)} ms  ` +
      `${Math.round(result.requests.average).toLocaleString('en')} req/s  (${result.requests.total.toLocaleString('en')} requests, ${result.errors} errors, ${other} unexpected statuses)`,
  );
}

try {
  console.log(
    `Cached report GET, ${ready.responses.toLocaleString('en')} responses, ${connections} connections, ${duration} s each (SQLite, rate limit on):`,
  );
  // A short warm-up (JIT, caches), not counted.
  await autocannon({
    url: ready.url,
    connections,
    duration: 1,
    requests: [{ method: 'GET', path: ready.path, headers: { authorization: `Bearer ${ready.token}` } }],
  });
  const first = await fetch(`${ready.url}${ready.path}`, { headers: { Authorization: `Bearer ${ready.token}` } });
  const etag = first.headers.get('etag') ?? '';
  const bytes = (await first.arrayBuffer()).byteLength;
  console.log(`The Report JSON is ${(bytes / 1024).toFixed(0)} kB.`);
  await run('200 (full body)', {}, 200);
  await run('304 (If-None-Match)', { 'if-none-match': etag }, 304);
} finally {
  child.send({ type: 'stop' });
}
