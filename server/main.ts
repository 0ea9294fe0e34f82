/**
 * Process entry (`npm start`, compiled to dist/server/main.js): reads the environment, opens the database,
 * applies migrations, starts the report worker pool, listens, and shuts down gracefully on SIGTERM/SIGINT
 * (server/shutdown.ts). Everything it says goes to the logger (server/logger.ts).
 */
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { startBackgroundWork } from './background.js';
import { ConfigError, configWarnings, loadConfig, type Config } from './config.js';
import { createDb, databaseLabel } from './db.js';
import { loggableError } from './log-safe-error.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { migrate } from './migrations-source.js';
import { applyServerTimeouts } from './server-timeouts.js';
import { createServices } from './services/index.js';
import { createReportPool, type ReportPool } from './services/report-pool.js';
import { shutDown, SHUTDOWN_TIMEOUT_MS } from './shutdown.js';

/** Set as soon as the configuration is read; before that (or when it is invalid) `fail` builds a plain one. */
let logger: Logger | undefined;

async function start(): Promise<void> {
  const config = loadConfig();
  const log = (logger = createLogger(config));
  for (const warning of configWarnings(config)) log.warn(warning);
  // Started first, not on the first report: its threads load the builder while the database opens.
  const pool =
    config.reportWorkers > 0
      ? createReportPool({ threads: config.reportWorkers, logger: log, closeTimeoutMs: SHUTDOWN_TIMEOUT_MS })
      : null;
  void pool?.ready.then((ok) => ok && log.info(`Report worker threads ready: ${pool.threads}.`));
  try {
    await listen(config, log, pool);
  } catch (err) {
    await pool?.close(); // its threads would keep a failed start alive
    throw err;
  }
}

async function listen(config: Config, log: Logger, pool: ReportPool | null): Promise<void> {
  const db = createDb(config.databaseUrl);
  const applied = await migrate(db);
  if (applied.length > 0) log.info(`Applied ${applied.length} migration(s).`);
  const metrics = createMetrics({ processMetrics: true });
  const services = createServices({ db, config, logger: log, metrics, reportPool: pool });
  // ADMIN_EMAIL / ADMIN_PASSWORD create the first admin only while no user exists at all.
  if ((await services.users.ensureFirstAdmin(config)) === 'created') {
    log.info(`Created the first admin ${config.adminEmail}.`);
  }

  const app = createApp({ services, config, logger: log });
  const server: Server = app.listen(config.port, () => {
    log.info(`Readiness is listening on ${config.baseUrl} (database: ${databaseLabel(config.databaseUrl)})`);
  });
  applyServerTimeouts(server);
  // The scheduler's tick and (with SMTP_URL) the outbox worker, in this server as in every other.
  const background = startBackgroundWork({ db, config, services, logger: log });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // The scheduler and the outbox worker stop claiming at once; the database closes only once they have stopped.
    const backgroundStopped = background
      .stop()
      .catch((err: unknown) => log.error({ err: loggableError(err) }, 'background work did not stop cleanly'));
    const closeDb = { destroy: async () => (await backgroundStopped, await db.destroy()) };
    void shutDown({ server, pool, db: closeDb, logger: log }, `${signal} received`).then(
      (outcome) => process.exit(outcome === 'drained' ? 0 : 1),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function fail(err: unknown): void {
  const { NODE_ENV, LOG_FORMAT } = process.env;
  const log =
    logger ??
    createLogger({
      logLevel: 'info',
      logFormat: LOG_FORMAT === 'pretty' || LOG_FORMAT === 'json' ? LOG_FORMAT : undefined,
      production: NODE_ENV === 'production',
    });
  // An invalid environment is the operator's to fix: its message names every variable (never a value).
  if (err instanceof ConfigError) log.fatal(err.message);
  else log.fatal({ err: loggableError(err) }, 'could not start');
  process.exitCode = 1;
}

start().catch(fail);
