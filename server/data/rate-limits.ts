/**
 * Queries behind the shared rate-limit counters (services/rate-limits.ts): one row per limited key,
 * counted by an atomic upsert (INSERT … ON CONFLICT DO UPDATE, the same on SQLite and PostgreSQL) that
 * starts a new window when the stored one has ended. Times are epoch milliseconds.
 */
import type { Knex } from 'knex';

const TABLE = 'rate_limits';

export interface RateLimitCount {
  /** Hits in the current window. */
  readonly hits: number;
  /** When the current window ends (epoch ms). */
  readonly resetAt: number;
}

type RawCount = { hits: number | string; reset_at: number | string };
const toCount = (r: RawCount): RateLimitCount => ({ hits: Number(r.hits), resetAt: Number(r.reset_at) });

/**
 * Counts one hit for `key` at `now`: the stored window's count plus one, or 1 in a new window ending
 * at `resetAt` when the stored one has ended (or none exists). Returns the count after this hit.
 */
export async function hitRateLimit(db: Knex, key: string, now: number, resetAt: number): Promise<RateLimitCount> {
  const ended = db.raw('??.?? <= ?', [TABLE, 'reset_at', now]);
  const rows = (await db(TABLE)
    .insert({ key, hits: 1, reset_at: resetAt })
    .onConflict('key')
    .merge({
      hits: db.raw('case when ? then 1 else ??.?? + 1 end', [ended, TABLE, 'hits']),
      reset_at: db.raw('case when ? then excluded.reset_at else ??.?? end', [ended, TABLE, 'reset_at']),
    })
    .returning(['hits', 'reset_at'])) as RawCount[];
  return toCount(rows[0]);
}

/** Takes one hit back (a request the limit does not count after all), within a window still running. */
export async function unhitRateLimit(db: Knex, key: string, now: number): Promise<void> {
  await db(TABLE).where({ key }).where('hits', '>', 0).where('reset_at', '>', now).decrement('hits', 1);
}

/** The count of `key` in its running window, or null when it has none. */
export async function readRateLimit(db: Knex, key: string, now: number): Promise<RateLimitCount | null> {
  const row = (await db(TABLE).where({ key }).where('reset_at', '>', now).first('hits', 'reset_at')) as
    | RawCount
    | undefined;
  return row ? toCount(row) : null;
}

export async function clearRateLimit(db: Knex, key: string): Promise<void> {
  await db(TABLE).where({ key }).del();
}

/** Removes the counters whose window ended by `now`; returns how many. */
export function pruneRateLimits(db: Knex, now: number): Promise<number> {
  return db(TABLE).where('reset_at', '<=', now).del();
}
