/**
 * `npm run bench:report`: report builds at 10,000, 100,000 and 1,000,000 responses against the
 * targets of issue 11 (first build ≤ 0.5 s / 1.5 s / 8 s, peak RSS ≤ 800 MB at 1M, cached ≤ 20 ms,
 * event-loop p99 ≤ 20 ms while builds run). Per size it seeds a database (bench/report-seed.ts, in a
 * child process) and measures in a fresh child process (bench/report-measure.ts: the real service
 * path, first build, cached reads, a rebuild after a new release, the rows read alone, the event
 * loop's delay, peak RSS). Not a test: it prints, it does not assert.
 *
 *   npm run bench:report                                   # 10k, 100k, 1M on SQLite (temporary files)
 *   npm run bench:report -- 10k 100k                       # the quick run
 *   npm run bench:report -- --pg postgres://…/test         # on PostgreSQL too (schema bench_report_<n>)
 *   options: --only sqlite|postgres, --keep DIR (keep and reuse the seeded SQLite files; PostgreSQL
 *   schemas are then kept too), --profile DIR (V8 CPU profiles of the measured processes), --json
 *
 * `benchReport()` runs the quick sizes on SQLite in a child process, for bench/run.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDb, isPostgresUrl } from '../server/db.js';
import { migrate } from '../server/migrations-source.js';
import type { BenchRow } from './relative-importance.js';
import type { SizeFigures } from './report-measure.js';
import { seedReportSurvey } from './report-seed.js';

/** First-build targets by size (issue 11), in ms. */
const FIRST_TARGET: Record<number, number> = { 10_000: 500, 100_000: 1500, 1_000_000: 8000 };
const CACHED_TARGET = 20;
const LOOP_P99_TARGET = 20;
const RSS_TARGET_MB = 800;

interface Target {
  readonly name: 'sqlite' | 'postgres';
  /** A SQLite file or a PostgreSQL URL. */
  readonly url: string;
  /** PostgreSQL only: the schema that holds this size's survey. */
  readonly schema?: string;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!m) throw new Error(`not a size: "${text}" (write 10000, 10k or 1m)`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1));
}

/** Runs a TypeScript file of this folder in a child process; its last stdout line. */
function runChild(file: string, args: readonly string[], execArgv: readonly string[] = []): string {
  const result = spawnSync(process.execPath, [...execArgv, '--import', 'tsx', here(file), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} failed (exit ${result.status})`);
  return result.stdout.trim().split('\n').pop()!;
}

/** Seeds `target` with n responses unless it already holds them (kept from an earlier run). */
async function seed(target: Target, n: number): Promise<void> {
  if (target.name === 'postgres') {
    const admin = createDb(target.url);
    try {
      const found = await admin('information_schema.schemata').where({ schema_name: target.schema }).first();
      if (found) return;
      await admin.raw('create schema ??', [target.schema!]);
    } finally {
      await admin.destroy();
    }
  } else if (existsSync(target.url)) return;
  // A SQLite file is seeded under another name and renamed when complete, so a failed seeding is not reused.
  const url = target.name === 'sqlite' ? `${target.url}.seeding` : target.url;
  if (target.name === 'sqlite') rmSync(url, { force: true });
  const db = createDb(url, target.schema ? { searchPath: [target.schema] } : {});
  try {
    await migrate(db);
    await seedReportSurvey(db, n);
  } finally {
    await db.destroy();
  }
  if (target.name === 'sqlite') renameSync(url, target.url);
}

async function dropSchema(target: Target): Promise<void> {
  const admin = createDb(target.url);
  try {
    await admin.raw('drop schema if exists ?? cascade', [target.schema!]);
  } finally {
    await admin.destroy();
  }
}

function rows(db: string, f: SizeFigures, seedMs: number): BenchRow[] {
  const size = `${db} ${f.n.toLocaleString('en')}`;
  return [
    {
      case: `${size}: first build`,
      medianMs: f.firstMs,
      cpuMs: f.firstCpuMs,
      targetMs: FIRST_TARGET[f.n],
      note: `${f.status}, ${f.method} bootstrap; peak RSS ${f.firstRssMb.toFixed(0)} MB${f.n >= 1e6 ? ` (target ≤ ${RSS_TARGET_MB}${f.firstRssMb <= RSS_TARGET_MB ? ', ok' : ', MISSED'})` : ''}, ${f.rssMb.toFixed(0)} MB with the rebuild; seeded in ${(seedMs / 1000).toFixed(1)} s`,
    },
    {
      case: `${size}: cached`,
      medianMs: f.cachedMs.median,
      targetMs: CACHED_TARGET,
      note: `median of 5 (slowest ${f.cachedMs.max.toFixed(1)} ms)`,
    },
    { case: `${size}: rebuild (warm)`, medianMs: f.rebuildMs, note: 'after a new release of 5 responses' },
    { case: `${size}: rows read (warm)`, medianMs: f.loadMs, note: 'loadReportData alone' },
    {
      case: `${size}: loop delay p99`,
      medianMs: f.loop.p99,
      targetMs: LOOP_P99_TARGET,
      note: `while the builds ran: max ${f.loop.max.toFixed(0)} ms, loop busy ${(f.loop.busy * 100).toFixed(0)}%`,
    },
  ];
}

function print(out: readonly BenchRow[]): void {
  const width = Math.max(...out.map((r) => r.case.length));
  console.log(`${'case'.padEnd(width)}  ${'ms'.padStart(9)}  ${'cpu ms'.padStart(8)}  ${'target'.padStart(8)}  note`);
  for (const r of out) {
    const verdict = r.targetMs === undefined ? '' : r.medianMs <= r.targetMs ? '  ok' : '  MISSED';
    console.log(
      `${r.case.padEnd(width)}  ${r.medianMs.toFixed(1).padStart(9)}  ${(r.cpuMs?.toFixed(0) ?? '').padStart(8)}  ${(r.targetMs === undefined ? '' : `≤ ${r.targetMs}`).padStart(8)}  ${r.note}${verdict}`,
    );
  }
}

async function main(): Promise<BenchRow[]> {
  const { values: args, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      pg: { type: 'string' },
      only: { type: 'string' },
      keep: { type: 'string' },
      profile: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const sizes = (positionals.length > 0 ? positionals : ['10k', '100k', '1m']).map(parseSize);
  const envUrl = process.env.DATABASE_URL;
  const pgUrl = args.pg ?? (envUrl && isPostgresUrl(envUrl) ? envUrl : undefined);
  const dir = args.keep ?? mkdtempSync(join(tmpdir(), 'readiness-bench-report-'));
  mkdirSync(dir, { recursive: true });
  const profile = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
  const out: BenchRow[] = [];
  try {
    for (const name of ['sqlite', 'postgres'] as const) {
      if (args.only && args.only !== name) continue;
      if (name === 'postgres' && !pgUrl) {
        if (args.only === 'postgres') console.error('PostgreSQL: give --pg URL or DATABASE_URL=postgres://…');
        continue;
      }
      for (const n of sizes) {
        const target: Target =
          name === 'sqlite'
            ? { name, url: join(dir, `report-${n}.sqlite`) }
            : { name, url: pgUrl!, schema: `bench_report_${n}` };
        const started = performance.now();
        // Seeded in a child process, so the measured one starts without the seeder's garbage.
        runChild('./report-size.ts', ['--seed-only', name, target.url, target.schema ?? '-', String(n)]);
        const seedMs = performance.now() - started;
        try {
          const figures = JSON.parse(
            runChild('./report-measure.ts', [target.url, target.schema ?? '-', String(n)], profile),
          ) as SizeFigures;
          const part = rows(name, figures, seedMs);
          if (!args.json) print(part);
          out.push(...part);
        } finally {
          if (name === 'postgres' && !args.keep) await dropSchema(target);
        }
      }
    }
  } finally {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** For bench/run.ts: the quick sizes (10k, 100k) on SQLite, in a child process. */
export function benchReport(): BenchRow[] {
  return JSON.parse(runChild('./report-size.ts', ['10k', '100k', '--only', 'sqlite', '--json'])) as BenchRow[];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv[2] === '--seed-only') {
    const [name, url, schema, n] = process.argv.slice(3);
    await seed({ name: name as Target['name'], url, schema: schema === '-' ? undefined : schema }, Number(n));
    console.log('seeded');
  } else {
    const out = await main();
    if (process.argv.includes('--json')) console.log(JSON.stringify(out));
  }
}
