/**
 * The work an app server does besides answering requests, started by server/main.ts (never by
 * createApp, so tests start only what they ask for): the scheduler's tick (services/scheduler.ts) and,
 * when SMTP_URL is set, the outbox worker (services/outbox-worker.ts). Every server runs both; the
 * database claims keep them from doing anything twice.
 */
import type { Knex } from 'knex';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createSmtpTransport } from './mail/transport.js';
import type { Services } from './services/index.js';
import { createOutboxWorker } from './services/outbox-worker.js';

export interface BackgroundWork {
  /** Stops ticking and sending; resolves once the work in flight is done. */
  stop(): Promise<void>;
}

export const SCHEDULER_INTERVAL_MS = 30_000;

export function startBackgroundWork({
  db,
  config,
  services,
  logger,
}: {
  db: Knex;
  config: Pick<Config, 'smtpUrl' | 'mailFrom'>;
  services: Services;
  logger: Logger;
}): BackgroundWork {
  services.scheduler.start(SCHEDULER_INTERVAL_MS);
  const worker = config.smtpUrl
    ? createOutboxWorker({
        db,
        transport: createSmtpTransport(config.smtpUrl),
        from: config.mailFrom,
        clock: services.clock,
        logger,
      })
    : null;
  worker?.start();
  logger.info(
    worker
      ? 'Sending the outbox over SMTP.'
      : 'SMTP_URL is not set: mail stays in the outbox (admins read it at /outbox).',
  );
  return {
    async stop() {
      await Promise.all([services.scheduler.stop(), worker?.stop()]);
    },
  };
}
