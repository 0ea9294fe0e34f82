/**
 * The measured process of `npm run bench:report` (bench/report-size.ts starts one per size, so each
 * starts cold, with its own heap and its own peak RSS). On a database seeded by bench/report-seed.ts it
 * builds the survey's report through the real service path (`createServices` → `reports.forSurvey`:
 * release check, data version, rows loaded, `buildReport`, block bootstrap) and prints one JSON line:
 *
 * - `firstMs`/`firstCpuMs`: the first build, in a just-started process (cold JIT);
 * - `cachedMs`: the median and the slowest of 5 more reads of the same version (a cache hit);
 * - `rebuildMs`: the first build after a new release (5 new responses like the first), in the same
 *   now warm process: what a running server pays when data comes in (the 5 responses and their
 *   release are deleted afterwards, so a kept database stays as seeded);
 * - `loadMs`: the rows read alone (`loadReportData`), warm;
 * - `loop`: the event loop's delay (perf_hooks `monitorEventLoopDelay`, p99 and max) while the two
 *   builds run, and the share of that time the loop was busy (`performance.eventLoopUtilization`);
 * - `firstRssMb`, `rssMb`: the process's peak resident set (`process.resourceUsage().maxRSS`, worker
 *   threads included) by the end of the first build, and over the whole run.
 *
 *   node --import tsx bench/report-measure.ts URL SCHEMA|- N
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { loadConfig } from '../server/config.js';
import { findOrganizationBySlug } from '../server/data/organizations.js';
import { loadReportData } from '../server/data/report-rows.js';
import { listSurveys } from '../server/data/surveys.js';
import { insertedId } from '../server/data/values.js';
import { createDb } from '../server/db.js';
import { instrumentItemIds, loadDefaultInstrument } from '../server/instruments/load.js';
import { createServices } from '../server/services/index.js';
import { createReportPool } from '../server/services/report-pool.js';

export interface SizeFigures {
  readonly n: number;
  readonly status: string;
  readonly method: string;
  readonly firstMs: number;
  readonly firstCpuMs: number;
  readonly cachedMs: { readonly median: number; readonly max: number };
  readonly rebuildMs: number;
  readonly loadMs: number;
  readonly loop: { readonly p99: number; readonly max: number; readonly busy: number };
  /** Peak RSS by the end of the first build, and over the whole run (the rebuild included). */
  readonly firstRssMb: number;
  readonly rssMb: number;
}

const [url, schemaArg, nArg] = process.argv.slice(2);
const db = createDb(url, schemaArg && schemaArg !== '-' ? { searchPath: [schemaArg] } : {});
try {
  const config = loadConfig({
    DATABASE_URL: url,
    BASE_URL: 'http://bench.test',
    SESSION_SECRET: 'bench-secret-'.repeat(3),
  });
  // Builds run where the app runs them: on the report worker pool (REPORT_WORKERS, default 1 here; 0 = in-process).
  const threads = Number(process.env.REPORT_WORKERS ?? '1');
  const reportPool = threads > 0 ? createReportPool({ threads }) : null;
  if (reportPool) await reportPool.ready;
  const services = createServices({ db, config, reportPool });
  const organization = await findOrganizationBySlug(db, 'bench');
  const [survey] = organization ? await listSurveys(db, organization.id) : [];
  if (!survey) throw new Error('no bench survey in this database: seed it first (bench/report-seed.ts)');

  const timed = async <T>(fn: () => Promise<T>) => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const value = await fn();
    const c = process.cpuUsage(cpu);
    return { value, ms: performance.now() - start, cpuMs: (c.user + c.system) / 1000 };
  };
  // The loop's delay and busy time are recorded only while a build runs.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  let active = 0,
    idle = 0;
  const whileBuilding = async <T>(fn: () => Promise<T>) => {
    loop.enable();
    const before = performance.eventLoopUtilization();
    try {
      return await timed(fn);
    } finally {
      const used = performance.eventLoopUtilization(before);
      loop.disable();
      active += used.active;
      idle += used.idle;
    }
  };

  const first = await whileBuilding(() => services.reports.forSurvey(survey));
  const firstRssMb = process.resourceUsage().maxRSS / 1024;
  const cached: number[] = [];
  for (let i = 0; i < 5; i++) cached.push((await timed(() => services.reports.forSurvey(survey))).ms);
  cached.sort((a, b) => a - b);

  // Five new responses like the first (same team and workflow, so the release rule lets them in at K = 5).
  const [template] = await db('responses').where({ survey_id: survey.id }).orderBy('id').limit(1);
  const added: number[] = [];
  for (let i = 0; i < 5; i++)
    added.push(
      insertedId(
        await db('responses')
          .insert({ ...template, id: undefined, release_id: null })
          .returning('id'),
      ),
    );
  const rebuild = await whileBuilding(() => services.reports.forSurvey(survey));

  const itemIds = instrumentItemIds(loadDefaultInstrument());
  const load = await timed(() => loadReportData(db, survey.id, itemIds));
  const report = first.value.report;
  const figures: SizeFigures = {
    n: Number(nArg),
    status: report.status,
    method: first.value.bootstrapMethod,
    firstMs: first.ms,
    firstCpuMs: first.cpuMs,
    cachedMs: { median: cached[2], max: cached[4] },
    rebuildMs: rebuild.ms,
    loadMs: load.ms,
    // The histogram is in nanoseconds.
    loop: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6, busy: active / (active + idle) },
    firstRssMb,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
  // Leave a kept database as it was seeded (bench/report-size.ts --keep reuses it).
  await db('responses').whereIn('id', added).delete();
  const cut = rebuild.value.version.releaseId;
  if (cut > first.value.version.releaseId) await db('report_releases').where({ id: cut }).delete();
  console.log(JSON.stringify(figures));
  await reportPool?.close();
} finally {
  await db.destroy();
}
// The session store's cleanup timer and any idle worker must not keep the process alive.
process.exit(0);
