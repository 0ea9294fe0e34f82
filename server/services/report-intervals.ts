/**
 * Bootstrap intervals for large surveys: the report is built without the row bootstrap (B = 0) and
 * analysis/report/report-block-intervals.ts adds percentile intervals from the block bootstrap, reusing the
 * input's scored items when it carries them. `startBlockDraws` computes the draws in a worker thread
 * instead, so they run beside the report build on a second core; any trouble with the worker (it
 * cannot start, tsx cannot load, it dies) falls back to drawing in-process, with the same result, and
 * logs a warning saying why.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportanceModel } from '../../analysis/importance/relative-importance.js';
import { scoredInput, type ReportInput } from '../../analysis/report/build-report.js';
import {
  blockDraws,
  BLOCKS,
  withBlockIntervals,
  type BlockDrawsOutcome,
} from '../../analysis/report/report-block-intervals.js';
import type { Report } from '../../analysis/report/report.js';
import { loggableError } from '../log-safe-error.js';
import { silentLogger, type Logger } from '../logger.js';

export { BLOCKS };

/** `report` (built with bootstrap 0) with block-bootstrap intervals for R², each LMG and each group. */
export function withBlockBootstrap(report: Report, input: ReportInput): Report {
  const B = input.bootstrap ?? 1000;
  if (report.status !== 'ok' || !report.decomposition || B === 0) return report;
  return withBlockIntervals(report, input.instrument, scoredInput(input).scores, {
    B,
    seed: input.seed ?? 1,
    level: input.level ?? 0.95,
    blocks: BLOCKS,
  });
}

/**
 * A worker started ahead of time: `draws` posts the job at once (queued until the worker is up, so
 * the caller never waits for its start), `cancel` ends it unused.
 */
export interface BlockDrawsWorker {
  /** Settles when the worker has started or failed to (never rejects). */
  readonly ready: Promise<void>;
  /** True while the worker is starting or up and has not failed or been given its job. */
  available(): boolean;
  /** The draws: from the worker when it is well, else computed in-process (same result). */
  draws(
    rows: readonly ArrayLike<number>[],
    model: ImportanceModel,
    options: { B: number; seed: number; blocks?: number },
  ): Promise<BlockDrawsOutcome>;
  cancel(): void;
}

/**
 * The worker's source: under tsx (this file is .ts) it registers tsx's ESM hooks first, because a
 * worker does not inherit `--import tsx`'s hooks for its entry point in Node 20 (nor vitest's);
 * compiled (.js), it imports the entry directly.
 */
function workerSource(): string {
  const entry = new URL(
    import.meta.url.endsWith('.ts') ? './block-draws-worker.ts' : './block-draws-worker.js',
    import.meta.url,
  ).href;
  if (!import.meta.url.endsWith('.ts')) return `import(${JSON.stringify(entry)})`;
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  return `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
}

/**
 * Starts a worker for block draws now (its start-up overlaps the caller's loading); the draws run
 * when `draws` is called. Falls back to computing in-process whenever the worker fails; the draws
 * are the same either way (same code, same rows, same seed). A fallback is logged as a warning on `logger`.
 */
export function startBlockDraws({ logger = silentLogger }: { logger?: Logger } = {}): BlockDrawsWorker {
  let worker: Worker | null = null;
  let usable = true;
  let cancelled = false;
  /** Why the worker cannot be used (its error summary or exit code), once it cannot. */
  let trouble: string | null = null;
  let reply: (message: { outcome?: BlockDrawsOutcome; failure?: string } | null) => void = () => undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const fail = (why: string) => {
    trouble ??= why;
    usable = false;
    markReady();
    reply(null);
  };
  try {
    const w = new Worker(workerSource(), { eval: true });
    worker = w;
    w.unref();
    w.on('message', (message: { ready?: boolean; outcome?: BlockDrawsOutcome; failure?: string }) => {
      if (message.ready) markReady();
      else reply(message);
    });
    w.once('error', (err) => fail(loggableError(err)));
    w.once('exit', (code) => fail(`the worker exited with code ${code}`));
  } catch (err) {
    fail(loggableError(err));
  }
  const inProcess = (
    rows: readonly ArrayLike<number>[],
    model: ImportanceModel,
    options: { B: number; seed: number; blocks?: number },
  ) => blockDraws(rows, model, options);
  const fallBack = (
    why: string | null,
    rows: readonly ArrayLike<number>[],
    model: ImportanceModel,
    options: { B: number; seed: number; blocks?: number },
  ) => {
    if (!cancelled)
      logger.warn({ err: why ?? 'the worker was not started' }, 'block-draws worker unavailable: drawing in-process');
    return inProcess(rows, model, options);
  };
  return {
    ready,
    available: () => usable,
    draws(rows, model, options) {
      const w = worker;
      if (!usable || !w) return Promise.resolve(fallBack(trouble, rows, model, options));
      usable = false; // one job per worker
      const q = model.predictors.length + 1;
      const data = new Float64Array(rows.length * q);
      rows.forEach((row, k) => {
        for (let c = 0; c < q; c++) data[k * q + c] = row[c];
      });
      const answer = new Promise<{ outcome?: BlockDrawsOutcome; failure?: string } | null>((resolve) => {
        reply = resolve;
      });
      w.postMessage({ data, q, model, B: options.B, seed: options.seed, blocks: options.blocks ?? BLOCKS }, [
        data.buffer,
      ]);
      return answer.then((r) => {
        void w.terminate();
        return (
          r?.outcome ??
          fallBack(
            r?.failure === undefined ? trouble : `the worker failed: ${r.failure.slice(0, 500)}`,
            rows,
            model,
            options,
          )
        );
      });
    },
    cancel() {
      cancelled = true;
      usable = false;
      void worker?.terminate();
    },
  };
}
