/**
 * An express-rate-limit `Store` over the database counters of services/rate-limits.ts, so a limit
 * counts the same hits on every app server. One store per limiter (express-rate-limit refuses a
 * store shared by two), named by its scope; the window comes from the limiter's options.
 */
import type { Options, Store } from 'express-rate-limit';
import type { RateCounter, RateLimitCounters } from '../services/rate-limits.js';

export function databaseRateLimitStore(counters: RateLimitCounters, scope: string): Store {
  let counter: RateCounter | undefined;
  const ready = (): RateCounter => {
    if (!counter) throw new Error('the rate-limit store was used before express-rate-limit initialized it');
    return counter;
  };
  return {
    localKeys: false,
    prefix: `${scope}:`,
    init(options: Options) {
      counter = counters.counter(scope, options.windowMs);
    },
    async increment(key) {
      const { hits, resetAt } = await ready().hit(key);
      return { totalHits: hits, resetTime: new Date(resetAt) };
    },
    async get(key) {
      const count = await ready().read(key);
      return count ? { totalHits: count.hits, resetTime: new Date(count.resetAt) } : undefined;
    },
    decrement: (key) => ready().unhit(key),
    resetKey: (key) => ready().reset(key),
  };
}
