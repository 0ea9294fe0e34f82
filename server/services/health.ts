/**
 * The health probes' answers. Liveness needs nothing but a running process; readiness needs the
 * database to answer and every migration of migrations/index.ts to be applied, within `timeoutMs`
 * (a database that hangs is as unready as one that refuses). The reason is short and safe to show:
 * no connection string, host or driver message.
 */
import type { Knex } from 'knex';
import { pendingMigrations } from '../data/migration-state.js';
import type { Logger } from '../logger.js';

export type Readiness = { readonly ready: true } | { readonly ready: false; readonly reason: string };

export interface HealthOptions {
  readonly db: Knex;
  readonly logger: Logger;
  /** How long the database may take to answer before the probe says it is unavailable. */
  readonly timeoutMs?: number;
}

export function createHealthService({ db, logger, timeoutMs = 2000 }: HealthOptions) {
  async function readiness(): Promise<Readiness> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const pending = await Promise.race([pendingMigrations(db), timeout]);
      if (pending === 'timeout') return { ready: false, reason: 'database did not answer in time' };
      if (pending.length > 0)
        return { ready: false, reason: `${pending.length} migration(s) not applied, first ${pending[0]}` };
      return { ready: true };
    } catch (err) {
      logger.warn({ err: (err as Error).name }, 'readiness: the database did not answer');
      return { ready: false, reason: 'database unavailable' };
    } finally {
      clearTimeout(timer);
    }
  }

  return { readiness };
}

export type HealthService = ReturnType<typeof createHealthService>;
