/**
 * Report speed: seeds a survey with 100,000 synthetic responses (server/demo/synthetic-responses.ts,
 * batched inserts) in a temporary SQLite file (in a child process, so the measured server does not
 * start with the seeder's garbage on its heap), signs in, and times GET of the variance breakdown page
 * through the real app: the first time (load + analysis + render) and again with nothing changed
 * (cache hit). Targets: ≤ 2 s first, ≤ 100 ms cached. Not a test: it prints, it does not assert.
 *
 *   node --import tsx bench/report.ts [--n 100000] [--json]
 *
 * `benchReport()` runs this file in a child process (it is asynchronous and needs its own database)
 * so that bench/run.ts can list it beside the synchronous suites.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { answerCodes } from '../server/data/answer-columns.js';
import { ensureInstrument } from '../server/data/instruments.js';
import { insertOrganization } from '../server/data/organizations.js';
import { loadReportData } from '../server/data/report-rows.js';
import { findSurveyById, insertSurvey } from '../server/data/surveys.js';
import { insertUnit } from '../server/data/units.js';
import { insertedId } from '../server/data/values.js';
import { createDb } from '../server/db.js';
import { DEMO_BOTTLENECK, DEMO_DEPARTMENTS, DEMO_WORKFLOWS } from '../server/demo/demo-organization.js';
import { generateResponses } from '../server/demo/synthetic-responses.js';
import { instrumentItemIds, loadDefaultInstrument } from '../server/instruments/load.js';
import { migrate } from '../server/migrations-source.js';
import { createServices } from '../server/services/index.js';
import { createReportService } from '../server/services/reports.js';
import { createUserService } from '../server/services/users.js';
import type { BenchRow } from './relative-importance.js';

type Row = BenchRow;

const PASSWORD = 'benchmark password 123';

/** User + system CPU time in ms (all threads of this process: includes GC helper threads and the SQLite worker). */
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

async function seed(db: ReturnType<typeof createDb>, n: number): Promise<{ surveyId: number }> {
  const instrument = loadDefaultInstrument();
  const organizationId = await insertOrganization(db, { name: 'Bench Company', slug: 'bench' });
  const teamIds = new Map<string, number>();
  for (const [department, teams] of Object.entries(DEMO_DEPARTMENTS)) {
    const parentId = await insertUnit(db, { organizationId, parentId: null, name: department, kind: 'department' });
    for (const team of teams)
      teamIds.set(team, await insertUnit(db, { organizationId, parentId, name: team, kind: 'team' }));
  }
  const instrumentId = await ensureInstrument(db, instrument);
  const surveyId = await insertSurvey(db, {
    organizationId,
    instrumentId,
    title: 'Bench wave',
    status: 'open',
    workflows: DEMO_WORKFLOWS,
  });
  const rows = generateResponses(instrument, {
    n,
    units: [...teamIds.keys()],
    workflows: DEMO_WORKFLOWS,
    seed: 7,
    bottleneck: DEMO_BOTTLENECK,
  });
  const itemIds = instrumentItemIds(instrument);
  // 9 columns × 100 rows stays below SQLite's 999 bound parameters. The rows arrive already released
  // (one release), as in a survey whose report has been read before.
  await db.transaction(async (trx) => {
    const releaseId = insertedId(
      await trx('report_releases')
        .insert({ survey_id: surveyId, released_on: '2026-11-20', responses: rows.length })
        .returning('id'),
    );
    for (let start = 0; start < rows.length; start += 100) {
      await trx('responses').insert(
        rows.slice(start, start + 100).map((r) => ({
          survey_id: surveyId,
          release_id: releaseId,
          unit_id: teamIds.get(r.unit)!,
          workflow: r.workflow,
          role_level: r.roleLevel,
          submitted_on: '2026-11-20',
          answers: JSON.stringify(r.answers),
          answer_codes: answerCodes(itemIds, r.answers),
          comment: null,
        })),
      );
    }
  });
  await createUserService({ db }).create({ email: 'bench@example.com', password: PASSWORD, role: 'admin' });
  return { surveyId };
}

/** Seeds `file` (run in a child process, so the server below starts without the seeder's 100,000 objects on its heap). */
async function seedFile(file: string, n: number): Promise<number> {
  const db = createDb(file);
  try {
    await migrate(db);
    return (await seed(db, n)).surveyId;
  } finally {
    await db.destroy();
  }
}

async function main(n: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'readiness-bench-'));
  const file = join(dir, 'bench.sqlite');
  let t = performance.now();
  const seeded = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--seed-only', file, String(n)],
    { encoding: 'utf8' },
  );
  if (seeded.status !== 0) throw new Error(`seeding failed:\n${seeded.stderr}`);
  const surveyId = Number(seeded.stdout.trim().split('\n').pop());
  const seedMs = performance.now() - t;
  const db = createDb(file);
  try {
    const config = loadConfig({
      DATABASE_URL: file,
      BASE_URL: 'http://bench.test',
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
    });
    const agent = request.agent(createApp({ services: createServices({ db, config }), config }));
    const form = await agent.get('/signin');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    await agent
      .post('/signin')
      .type('form')
      .send({ _csrf: csrf, email: 'bench@example.com', password: PASSWORD })
      .expect(303);
    const url = `/orgs/bench/surveys/${surveyId}/report/breakdown`;
    t = performance.now();
    let cpu = process.cpuUsage();
    const first = await agent.get(url).expect(200);
    const firstMs = performance.now() - t;
    const firstCpu = cpuMs(process.cpuUsage(cpu));
    const cached: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      await agent.get(url).expect(200);
      cached.push(performance.now() - t);
    }
    cached.sort((a, b) => a - b);
    // A new release invalidates the cache: five new responses like the first one (same team and workflow,
    // so the release rule lets them in at K = 5); the next view cuts the release and is a first render of
    // the new data version, in a server process whose code is already warm (the usual case for a running server).
    const [template] = await db('responses').where({ survey_id: surveyId }).orderBy('id').limit(1);
    for (let i = 0; i < 5; i++) await db('responses').insert({ ...template, id: undefined, release_id: null });
    t = performance.now();
    cpu = process.cpuUsage();
    await agent.get(url).expect(200);
    const afterResponseMs = performance.now() - t;
    const afterResponseCpu = cpuMs(process.cpuUsage(cpu));
    const method = /resampling blocks/.test(first.text) ? 'block bootstrap' : 'row bootstrap';
    // The parts of a first render, each timed on its own after the page timings (so they do not warm the page's first build).
    const survey = (await findSurveyById(db, surveyId))!;
    t = performance.now();
    cpu = process.cpuUsage();
    await loadReportData(
      db,
      surveyId,
      loadDefaultInstrument().scales.flatMap((s) => s.items.map((i) => i.id)),
    );
    const loadMs = performance.now() - t;
    const loadCpu = cpuMs(process.cpuUsage(cpu));
    t = performance.now();
    cpu = process.cpuUsage();
    // In-process only: the page requests above stored this version's snapshot, which would answer without a build.
    await createReportService({ db, snapshots: false }).forSurvey(survey);
    const serviceMs = performance.now() - t;
    const serviceCpu = cpuMs(process.cpuUsage(cpu));
    return [
      {
        case: `seed ${n} responses`,
        medianMs: seedMs,
        note: 'generate + batched inserts into a temp SQLite file, in a child process (not a target)',
      },
      {
        case: 'breakdown page, first',
        medianMs: firstMs,
        cpuMs: firstCpu,
        targetMs: 2000,
        note: `load + analysis (B = 1000, ${method}) + render, in a just-started process (cold JIT); target ≤ 2000 ms`,
      },
      {
        case: 'breakdown page, cached',
        medianMs: cached[2],
        targetMs: 100,
        note: 'median of 5, nothing changed; target ≤ 100 ms',
      },
      {
        case: 'breakdown page, new data',
        medianMs: afterResponseMs,
        cpuMs: afterResponseCpu,
        targetMs: 2000,
        note: 'first render after a new release (5 new responses) invalidated the cache, in a running (warm) server; target ≤ 2000 ms',
      },
      {
        case: '  load rows',
        medianMs: loadMs,
        cpuMs: loadCpu,
        note: 'loadReportData alone (query, answer codes read into item columns)',
      },
      {
        case: '  load + analysis',
        medianMs: serviceMs,
        cpuMs: serviceCpu,
        note: 'a fresh report service: load, score, buildReport, block bootstrap, overview',
      },
    ];
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** For bench/run.ts: runs this file in a child process and returns its rows. */
export function benchReport(): Row[] {
  const result = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) throw new Error(`bench/report.ts failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Row[];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv[2] === '--seed-only') {
  console.log(await seedFile(process.argv[3], Number(process.argv[4])));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const nIndex = process.argv.indexOf('--n');
  const n = nIndex > 0 ? Number(process.argv[nIndex + 1]) : 100_000;
  const rows = await main(n);
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
  else
    for (const r of rows)
      console.log(
        `${r.case.padEnd(28)} ${r.medianMs.toFixed(1).padStart(10)} ms ${r.cpuMs === undefined ? ''.padStart(16) : `(cpu ${r.cpuMs.toFixed(0).padStart(5)} ms)`}  ${r.note}`,
      );
}
