/**
 * The graceful shutdown (server/main.ts runs it on SIGTERM or SIGINT): stop accepting connections, let the
 * requests in flight finish (a report build among them), then close the report worker pool (its builds
 * in flight finish first) and the database. All of it within `timeoutMs`: past it, the connections still
 * open are cut, the pool's threads are ended with their builds, and the database is closed.
 */
import type { Server } from 'node:http';
import type { Knex } from 'knex';
import { loggableError } from './log-safe-error.js';
import type { Logger } from './logger.js';
import type { ReportPool } from './services/report-pool.js';

/** Within a load balancer's usual grace period (30 s), leaving time to exit. */
export const SHUTDOWN_TIMEOUT_MS = 25_000;

export interface ShutdownDeps {
  readonly server: Server;
  readonly pool: Pick<ReportPool, 'close' | 'destroy' | 'inFlight'> | null;
  readonly db: Pick<Knex, 'destroy'>;
  readonly logger: Logger;
  readonly timeoutMs?: number;
}

/** 'drained' when everything finished in time; 'timed out' when something was cut short. */
export type ShutdownOutcome = 'drained' | 'timed out';

export async function shutDown(
  { server, pool, db, logger, timeoutMs = SHUTDOWN_TIMEOUT_MS }: ShutdownDeps,
  reason: string,
): Promise<ShutdownOutcome> {
  logger.info(`${reason}: closing (requests in flight may take ${Math.round(timeoutMs / 1000)} s).`);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), timeoutMs);
    timer.unref();
  });
  // Connections left idle by a finished response are closed as they go idle, not after keep-alive's timeout.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  sweep.unref();
  const closed = new Promise<'drained'>((resolve) => server.close(() => resolve('drained')));
  server.closeIdleConnections();
  let outcome: ShutdownOutcome = await Promise.race([closed, deadline]);
  clearInterval(sweep);
  if (outcome === 'timed out') server.closeAllConnections();
  if (pool && outcome === 'timed out') {
    // No time left to wait for builds: end the threads now (a close started here would settle later, after the database).
    await pool.destroy();
  } else if (pool) {
    if (pool.inFlight() > 0) logger.info(`Waiting for ${pool.inFlight()} report build(s) to finish.`);
    const poolOutcome = await Promise.race([pool.close().then(() => 'drained' as const), deadline]);
    if (poolOutcome === 'timed out') {
      outcome = poolOutcome;
      await pool.destroy();
    }
  }
  clearTimeout(timer);
  try {
    await db.destroy();
  } catch (err) {
    logger.warn({ err: loggableError(err) }, 'the database connections did not close cleanly');
  }
  if (outcome === 'timed out') logger.warn(`Shutdown took longer than ${timeoutMs} ms: unfinished work was cut short.`);
  else logger.info('Closed.');
  return outcome;
}
