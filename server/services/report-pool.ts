/**
 * The report worker pool (piscina): whole report builds (services/report-build.ts) run on worker threads,
 * so a build never stalls the event loop. Created with the app (server/main.ts), its threads start and
 * load the builder at once; `build` is the report service's builder. The input crosses as
 * services/report-transfer.ts encodes it (its typed arrays are handed over, not copied).
 *
 * Failures: a build that throws rejects with that error, as in-process. A worker that dies during a
 * build rejects that build with a ReportWorkerError (the report cache drops it; the next request builds
 * again on a fresh thread). Workers that cannot load at all (the pool reports an error) make the pool
 * build in-process from then on, with one warning in the log.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { Report } from '../../analysis/report/report.js';
import { loggableError } from '../log-safe-error.js';
import { silentLogger, type Logger } from '../logger.js';
import { reportWorkerPath } from '../paths.js';
import { buildInProcess, type ReportBuilder } from './report-build.js';
import { encodeReportInput } from './report-transfer.js';
import type { ReportTask, ReportTaskResult } from './report-worker.js';

/** A build lost because its worker thread failed (exited, ran out of memory, could not load). */
export class ReportWorkerError extends Error {
  override name = 'ReportWorkerError';
}

export interface ReportPoolOptions {
  /** Worker threads (at least 1), all started now. */
  readonly threads: number;
  /** Where a failed pool is reported. */
  readonly logger?: Logger;
  /** How long `close` waits for builds in flight before ending them (default 30 s). */
  readonly closeTimeoutMs?: number;
  /** The worker entry (default paths.ts `reportWorkerPath`); tests point it elsewhere. */
  readonly worker?: URL;
}

export interface ReportPool {
  readonly threads: number;
  readonly build: ReportBuilder;
  /** True once every thread has loaded the builder; false when the pool failed first (builds then run in-process). */
  readonly ready: Promise<boolean>;
  /** Builds posted and not yet answered. */
  inFlight(): number;
  /** Worker threads alive now (0 once closed). */
  liveThreads(): number;
  /** Lets the builds in flight finish (at most closeTimeoutMs), then ends the threads; later builds are refused. */
  close(): Promise<void>;
  /** Ends the threads now, failing the builds in flight; later builds are refused. */
  destroy(): Promise<void>;
}

const defaultWorker = pathToFileURL(reportWorkerPath);

/**
 * Under tsx or vitest (the entry is .ts) each worker registers tsx first: a worker does not inherit the
 * parent's TypeScript loader. Compiled (.js), workers load the entry directly with the parent's flags.
 */
function execArgvFor(entry: URL): string[] | undefined {
  if (!entry.pathname.endsWith('.ts')) return undefined;
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

export function createReportPool({
  threads,
  logger = silentLogger,
  closeTimeoutMs = 30_000,
  worker = defaultWorker,
}: ReportPoolOptions): ReportPool {
  if (!Number.isInteger(threads) || threads < 1)
    throw new RangeError(`the report pool needs at least 1 worker thread (got ${threads})`);
  const pool = new Piscina<ReportTask, ReportTaskResult>({
    filename: fileURLToPath(worker),
    minThreads: threads,
    maxThreads: threads,
    execArgv: execArgvFor(worker),
    closeTimeout: closeTimeoutMs,
    // Lower priority than the event loop's thread: requests are answered first when cores are short.
    niceIncrement: 5,
  });
  const running = new Set<AbortController>();
  let failure: string | null = null;
  let closed = false;
  let markBroken: () => void = () => undefined;
  const broken = new Promise<false>((resolve) => (markBroken = () => resolve(false)));

  /** The pool cannot build any more: say why once, end the builds in flight, build in-process from now on. */
  const fail = (err: unknown) => {
    if (failure !== null) return;
    failure = summary(err);
    // Once closing, an error is the close timing out: the threads end anyway, and nothing builds in-process.
    if (!closed) logger.warn({ err: loggableError(err) }, 'report worker threads failed: building reports in-process');
    markBroken();
    for (const c of running) c.abort(err);
  };
  pool.on('error', fail);
  const ready = Promise.race([
    Promise.all(Array.from({ length: threads }, () => pool.run({ warmUp: true }))).then(() => true),
    broken,
  ]).catch((err: unknown) => {
    fail(err);
    return false;
  });

  async function build(...[input, method]: Parameters<ReportBuilder>): Promise<Report> {
    const started = await ready;
    if (closed) throw new ReportWorkerError('The report could not be built: the server is shutting down.');
    if (!started || failure !== null) return buildInProcess(input, method);
    const { message, transfer } = await encodeReportInput(input);
    const controller = new AbortController();
    running.add(controller);
    let result: ReportTaskResult;
    try {
      result = await pool.run({ input: message, method }, { transferList: transfer, signal: controller.signal });
    } catch (err) {
      throw new ReportWorkerError(
        `The report could not be built: its worker thread failed (${summary(err)}). The next request builds it again.`,
      );
    } finally {
      running.delete(controller);
    }
    if ('failure' in result) throw rebuilt(result.failure);
    if (!('report' in result)) throw new ReportWorkerError('the report worker answered without a report');
    return result.report;
  }

  return {
    threads,
    build,
    ready,
    inFlight: () => running.size,
    liveThreads: () => pool.threads.length,
    close: () => {
      closed = true;
      return pool.close();
    },
    destroy: () => {
      closed = true;
      return pool.destroy();
    },
  };
}

function summary(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 300);
}

/** The build's own error, as thrown in the worker (RangeError for bad data or options). */
function rebuilt({ name, message }: { name: string; message: string }): Error {
  const error = name === 'RangeError' ? new RangeError(message) : new Error(message);
  if (error.name !== name) error.name = name;
  return error;
}
