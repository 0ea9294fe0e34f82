/**
 * Rate-limit counters kept in the app's database (data/rate-limits.ts), so every app server counts the
 * same hits: the submission limit (routes/submit-limit.ts) and the sign-in limits
 * (auth/sign-in-limit.ts) reach them through the express-rate-limit store in
 * middleware/rate-limit-store.ts. A window starts at a key's first hit, as in express-rate-limit's
 * memory store. Who is limited (an address, an address and an email) is stored only as an HMAC with
 * the session secret (set the same SESSION_SECRET on every server), never in clear; rows whose window
 * has ended are pruned by a hit, at most once a minute per server.
 */
import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import {
  clearRateLimit,
  hitRateLimit,
  pruneRateLimits,
  readRateLimit,
  unhitRateLimit,
  type RateLimitCount,
} from '../data/rate-limits.js';
import type { Logger } from '../logger.js';

export type { RateLimitCount };

/** One limit's counters (a scope such as 'submit'), over windows of one length. */
export interface RateCounter {
  /** Counts a hit and returns the count of the running window, this hit included. */
  hit(key: string): Promise<RateLimitCount>;
  /** Takes a hit back; never throws (a failure is logged: the count stays one higher). */
  unhit(key: string): Promise<void>;
  read(key: string): Promise<RateLimitCount | null>;
  reset(key: string): Promise<void>;
}

export interface RateLimitDeps {
  readonly db: Knex;
  /** Keys the hash of who is limited (Config.sessionSecret). */
  readonly secret: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Least time between two prunings by this server (default one minute). */
  readonly pruneEveryMs?: number;
}

export function createRateLimitCounters({ db, secret, clock, logger, pruneEveryMs = 60_000 }: RateLimitDeps) {
  let prunedAt = -Infinity;

  async function prune(now: number): Promise<void> {
    if (now - prunedAt < pruneEveryMs) return;
    prunedAt = now;
    try {
      await pruneRateLimits(db, now);
    } catch (err) {
      logger.warn({ err: (err as Error).name }, 'rate limits: could not prune ended windows');
    }
  }

  /** The counters of `scope` over windows of `windowMs`. */
  function counter(scope: string, windowMs: number): RateCounter {
    if (!/^[a-z-]{1,30}$/.test(scope)) throw new RangeError(`a rate-limit scope is 1–30 of a-z and -, not "${scope}"`);
    if (!Number.isInteger(windowMs) || windowMs < 1)
      throw new RangeError(`a rate-limit window is ≥ 1 ms, not ${windowMs}`);
    const stored = (key: string) =>
      `${scope}:${createHmac('sha256', secret).update(`${scope}\0${key}`).digest('base64url')}`;
    return {
      async hit(key) {
        const now = clock().getTime();
        await prune(now);
        return hitRateLimit(db, stored(key), now, now + windowMs);
      },
      async unhit(key) {
        try {
          await unhitRateLimit(db, stored(key), clock().getTime());
        } catch (err) {
          logger.warn({ err: (err as Error).name, scope }, 'rate limits: could not take a hit back');
        }
      },
      read: (key) => readRateLimit(db, stored(key), clock().getTime()),
      reset: (key) => clearRateLimit(db, stored(key)),
    };
  }

  return { counter };
}

export type RateLimitCounters = ReturnType<typeof createRateLimitCounters>;
