/**
 * `npm run bench:load`: survey submissions per second through the whole app against a bare node:http
 * server doing one INSERT of the same 40 fields into the same database (bench/load-server.ts, forked so
 * the load generator has its own process). autocannon sends each server complete valid answer sets, a
 * different one per request, from `--connections` connections for `--duration` seconds, to 127.0.0.1
 * only. It prints submissions/s, p99 latency, the ratio app/bare, and how many submissions were
 * acknowledged (303) against how many rows were stored. Not a test: it prints, it does not assert.
 *
 *   npm run bench:load                                        # SQLite (a temporary file)
 *   npm run bench:load -- --pg postgres://postgres@127.0.0.1:5432/test   # and PostgreSQL
 *   DATABASE_URL=postgres://… npm run bench:load              # the same
 *   options: --duration 10 --connections 50 --only sqlite|postgres --profile DIR (V8 CPU profile of the servers)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { isPostgresUrl } from '../server/db.js';
import type { ChildMessage, LoadTarget, ParentMessage } from './load-server.js';

const { values: args } = parseArgs({
  options: {
    pg: { type: 'string' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string' },
    // Writes a V8 CPU profile of the measured process (app and bare server) into this folder.
    profile: { type: 'string' },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const envUrl = process.env.DATABASE_URL;
const pgUrl = args.pg ?? (envUrl && isPostgresUrl(envUrl) ? envUrl : undefined);

interface Measure {
  readonly perSecond: number;
  readonly p99: number;
  readonly acknowledged: number;
  readonly other: number;
}

/** A different complete, valid answer set each call (a cheap LCG: the numbers need not be random). */
function bodies(target: LoadTarget): () => string {
  let seed = 12345;
  const pick = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  return () => {
    const form = new URLSearchParams();
    for (const id of target.itemIds) form.set(id, String(pick(target.likertMax) + 1));
    form.set('unit', String(target.unitIds[pick(target.unitIds.length)]));
    form.set('role_level', target.roleLevels[pick(target.roleLevels.length)]);
    form.set('workflow', target.workflows[pick(target.workflows.length)]);
    return form.toString();
  };
}

async function load(url: string, target: LoadTarget, seconds: number): Promise<Measure> {
  const next = bodies(target);
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: target.path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest: (req) => ({ ...req, body: next() }),
      },
    ],
  });
  const acknowledged = result.statusCodeStats?.['303']?.count ?? 0;
  return {
    perSecond: acknowledged / result.duration,
    p99: result.latency.p99,
    acknowledged,
    other: result.requests.total - acknowledged + result.errors,
  };
}

function message<T extends ChildMessage['type']>(child: ChildProcess, type: T) {
  return new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
    const done = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (m: ChildMessage) => {
      if (m.type === type) resolve(m as Extract<ChildMessage, { type: T }>);
      else if (m.type === 'error') reject(new Error(m.message));
      else return;
      done();
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`bench server exited with code ${code}`));
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

async function bench(name: string, databaseUrl: string | undefined): Promise<void> {
  const child = fork(fileURLToPath(new URL('./load-server.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx', ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [])],
    env: { ...process.env, DATABASE_URL: databaseUrl ?? '', NODE_ENV: 'production' },
  });
  const send = (m: ParentMessage) => child.send(m);
  try {
    const { target } = await message(child, 'ready');
    // A short warm-up of each (JIT, pools, caches), not counted in the figures.
    await load(target.bareUrl, target, 1);
    await load(target.appUrl, target, 1);
    const counts = async () => {
      send({ type: 'count' });
      return message(child, 'counts');
    };
    // Requests still in flight when autocannon stops finish afterwards: wait until the counts settle.
    const settled = async () => {
      for (let last = await counts(); ;) {
        await new Promise((r) => setTimeout(r, 500));
        const now = await counts();
        if (now.app === last.app && now.bare === last.bare) return now;
        last = now;
      }
    };
    const warm = await settled();
    const bare = await load(target.bareUrl, target, duration);
    const app = await load(target.appUrl, target, duration);
    const stored = await settled();
    const line = (label: string, m: Measure, rows: number) =>
      `  ${label.padEnd(5)} ${m.perSecond.toFixed(0).padStart(8)}/s  p99 ${String(m.p99).padStart(5)} ms  ` +
      `acknowledged (303) ${String(m.acknowledged).padStart(7)}  stored ${String(rows).padStart(7)}` +
      (m.other > 0 ? `  other/errors ${m.other}` : '');
    console.log(`\n${name}: ${connections} connections, ${duration} s each`);
    console.log(line('app', app, stored.app - warm.app));
    console.log(line('bare', bare, stored.bare - warm.bare));
    console.log(`  ratio app/bare ${(app.perSecond / bare.perSecond).toFixed(3)}`);
  } finally {
    send({ type: 'stop' });
    await once(child, 'exit');
  }
}

if (args.only !== 'postgres') await bench('SQLite (temporary file)', undefined);
if (pgUrl && args.only !== 'sqlite') await bench('PostgreSQL', pgUrl);
if (!pgUrl && args.only === 'postgres') console.error('PostgreSQL: give --pg URL or DATABASE_URL=postgres://…');
