/**
 * `npm run bench:import`: imports a generated 200,000-row CSV export (Qualtrics-like: ids, emails,
 * eight 1–7 answers, a team) into a survey through the import service (streaming check, then one
 * transaction of batched inserts), and prints rows per second and the peak resident memory of each
 * phase. SQLite (a temporary file) always; PostgreSQL when DATABASE_URL or TEST_DATABASE_URL is a
 * postgres:// URL (a throw-away schema). Not a test: it prints, it does not assert.
 *
 *   npm run bench:import                       # 200,000 rows
 *   npm run bench:import -- --rows 50000
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { createDb, isPostgresUrl } from '../server/db.js';
import { migrate } from '../server/migrations-source.js';
import { createSurveyImportService, type ImportPhase } from '../server/services/survey-import.js';
import { createPostgresSchema } from '../test/helpers/db.js';
import { generatedMapping, tempDir, writeGeneratedCsv } from '../test/helpers/import-files.js';
import { seedSurvey } from '../test/helpers/survey-fixture.js';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '200000' } } });
const rows = Number(args.rows);
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;

/** Samples the resident set every 20 ms until stopped; resolves to the highest seen. */
function peakRss(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

async function bench(name: string, db: Knex, path: string): Promise<void> {
  const { surveyId } = await seedSurvey(db);
  const imports = createSurveyImportService({ db, clock: () => new Date() });
  const phases = new Map<ImportPhase, number>();
  const started = performance.now();
  const stop = peakRss();
  const before = process.memoryUsage().rss;
  const result = await imports.run(null, surveyId, { path, fileName: 'bench.csv' }, generatedMapping, (phase) => {
    if (!phases.has(phase)) phases.set(phase, performance.now());
  });
  const seconds = (performance.now() - started) / 1000;
  const peak = stop();
  const checkSeconds = ((phases.get('importing') ?? performance.now()) - started) / 1000;
  console.log(
    `${name.padEnd(10)} ${result.responses.toLocaleString('en')} rows in ${seconds.toFixed(1)} s: ` +
      `${Math.round(result.responses / seconds).toLocaleString('en')} rows/s overall ` +
      `(check pass ${checkSeconds.toFixed(1)} s, insert pass ${(seconds - checkSeconds).toFixed(1)} s); ` +
      `peak RSS ${mb(peak)} (${mb(before)} before the import)`,
  );
}

const temp = tempDir();
try {
  const path = join(temp.dir, 'export.csv');
  await writeGeneratedCsv(path, rows);
  console.log(`Generated ${rows.toLocaleString('en')} rows (${mb(statSync(path).size)} of CSV)`);
  const sqlite = createDb(join(temp.dir, 'bench.sqlite'));
  try {
    await migrate(sqlite);
    await bench('SQLite', sqlite, path);
  } finally {
    await sqlite.destroy();
  }
  const pgUrl = [process.env.DATABASE_URL, process.env.TEST_DATABASE_URL].find((u) => u && isPostgresUrl(u));
  if (pgUrl) {
    const pg = await createPostgresSchema(pgUrl);
    try {
      await bench('PostgreSQL', pg.db, path);
    } finally {
      await pg.destroy();
    }
  } else console.log('PostgreSQL: skipped (set DATABASE_URL or TEST_DATABASE_URL to a postgres:// URL)');
} finally {
  temp.remove();
}
