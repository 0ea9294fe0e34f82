/**
 * The API's rate limit: at most `perMinute` requests per token per minute (API_RATE_LIMIT), counted in
 * the database (services/rate-limits.ts, the key stored only as a keyed hash), so every app server
 * counts the same requests; then a 429 problem with Retry-After until the window ends. 0 turns it off.
 */
import type { RequestHandler } from 'express';
import { rateLimit, type RateLimitInfo } from 'express-rate-limit';
import { databaseRateLimitStore } from '../../middleware/rate-limit-store.js';
import type { RateLimitCounters } from '../../services/rate-limits.js';
import { currentApiToken } from './authenticate.js';
import { TooManyApiRequestsError } from './problem.js';

export const API_WINDOW_MS = 60_000;

export function createApiRateLimit(perMinute: number, counters: RateLimitCounters, now: () => Date): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    store: databaseRateLimitStore(counters, 'api'),
    windowMs: API_WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (_req, res) => `token:${currentApiToken(res).id}`,
    handler: (req, res, next) => {
      const resetTime = (req as { rateLimit?: RateLimitInfo }).rateLimit?.resetTime;
      const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - now().getTime()) / 1000)) : 60;
      res.set('Retry-After', String(seconds));
      next(
        new TooManyApiRequestsError(
          `This token has made more than ${perMinute} requests in the last minute. Wait ${seconds} s and try again.`,
        ),
      );
    },
  });
}
