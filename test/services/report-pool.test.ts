/**
 * The report worker pool (server/services/report-pool.ts): a survey's report built through the service on a
 * worker thread is the Report built in-process (rows and blocks bootstrap, on each database); the input's
 * typed arrays are handed over, not copied; a build's own error comes back as it is; a thread that dies
 * fails only its build, clearly; workers that cannot load fall back to in-process builds with a warning;
 * a closed pool has no threads and refuses builds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSurveyById } from '../../server/data/surveys.js';
import { buildSurveyReport } from '../../server/services/report-build.js';
import { createReportPool, ReportWorkerError, type ReportPool } from '../../server/services/report-pool.js';
import { createReportService } from '../../server/services/reports.js';
import { testDatabases } from '../helpers/db.js';
import { captureLogs } from '../helpers/log-capture.js';
import { syntheticReportInput } from '../helpers/report-input.js';
import { arrangeReportSurvey } from '../helpers/report-survey.js';

let pool: ReportPool;
beforeAll(async () => {
  pool = createReportPool({ threads: 1 });
  expect(await pool.ready).toBe(true);
});
afterAll(async () => {
  await pool.close();
});

describe.each(testDatabases())('reports built on the pool on $name', ({ create }) => {
  it.each([
    ['rows', Infinity],
    ['blocks', 10],
  ] as const)('gives the Report built in-process (%s bootstrap)', async (method, blockBootstrapAbove) => {
    const t = await create();
    try {
      const a = await arrangeReportSurvey(t.db, { slug: 'pooled', perTeam: 30 });
      const survey = (await findSurveyById(t.db, a.surveyId))!;
      const options = { db: t.db, bootstrap: { B: 60, seed: 3, level: 0.9 }, blockBootstrapAbove };
      const inProcess = await createReportService(options).forSurvey(survey);
      const pooled = await createReportService({ ...options, build: pool.build }).forSurvey(survey);
      expect(pooled.bootstrapMethod).toBe(method);
      if (pooled.report.status !== 'ok' || !pooled.report.decomposition) throw new Error('expected a full report');
      expect(pooled.report.decomposition.r2_ci).not.toBeNull();
      expect(pooled.report).toEqual(inProcess.report);
    } finally {
      await t.destroy();
    }
  });
});

describe('the report pool', () => {
  it('hands the scored columns to the worker instead of copying them', async () => {
    const input = syntheticReportInput();
    const expected = buildSurveyReport(syntheticReportInput(), 'rows');
    const column = Object.values(input.scored!.keyed)[0];
    expect(column.length).toBe(120);
    expect(await pool.build(input, 'rows')).toEqual(expected);
    expect(column.length).toBe(0); // detached: its memory moved to the worker
  });

  it('rejects with the build’s own error, as in-process', async () => {
    const input = () => ({ ...syntheticReportInput(), threshold: 0 });
    const message = 'threshold must be an integer ≥ 1 (got 0)';
    expect(() => buildSurveyReport(input(), 'rows')).toThrow(message);
    const error = await pool.build(input(), 'rows').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe(message);
  });

  it('fails only the build whose thread died, with a clear error, and builds the next on a fresh thread', async () => {
    const crashing = createReportPool({
      threads: 1,
      worker: new URL('../fixtures/crashing-report-worker.ts', import.meta.url),
    });
    try {
      expect(await crashing.ready).toBe(true);
      const error = await crashing.build(syntheticReportInput({ seed: 13 }), 'rows').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReportWorkerError);
      expect((error as Error).message).toMatch(
        /^The report could not be built: its worker thread failed \(.*exited with code: 7.*\)\. The next request builds it again\.$/,
      );
      const next = await crashing.build(syntheticReportInput({ seed: 6 }), 'rows');
      expect(next).toEqual(buildSurveyReport(syntheticReportInput({ seed: 6 }), 'rows'));
    } finally {
      await crashing.close();
    }
  });

  it('builds in-process, with one warning, when its workers cannot load', async () => {
    const logs = captureLogs();
    const broken = createReportPool({
      threads: 1,
      logger: logs.logger,
      worker: new URL('../fixtures/no-such-report-worker.js', import.meta.url),
    });
    try {
      expect(await broken.ready).toBe(false);
      expect(await broken.build(syntheticReportInput(), 'blocks')).toEqual(
        buildSurveyReport(syntheticReportInput(), 'blocks'),
      );
      expect(logs.entries()).toEqual([
        expect.objectContaining({
          level: 40,
          msg: 'report worker threads failed: building reports in-process',
          err: expect.stringMatching(/no-such-report-worker/),
        }),
      ]);
    } finally {
      await broken.close();
    }
  });

  it('ends its threads on close and refuses builds after', async () => {
    const closing = createReportPool({ threads: 2 });
    expect(await closing.ready).toBe(true);
    expect(closing.liveThreads()).toBe(2);
    await closing.close();
    expect(closing.liveThreads()).toBe(0);
    await expect(closing.build(syntheticReportInput(), 'rows')).rejects.toThrow(
      'The report could not be built: the server is shutting down.',
    );
  });
});
