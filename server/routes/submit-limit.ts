/**
 * The submission rate limit of the respondent form (express-rate-limit): at most `perMinute` POSTs to
 * /s/:code per IP address per minute (SUBMIT_RATE_LIMIT), then a 429 page until the minute has passed.
 * It runs before the body is parsed, so a refused submission is neither read nor stored. The counters
 * (keyed by the address, or its /56 for IPv6) live in the database, shared by every app server
 * (services/rate-limits.ts: the key stored only as a keyed hash), never in the log. `perMinute` 0 turns the limit off.
 */
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { TooManyRequestsError } from '../errors.js';
import { databaseRateLimitStore } from '../middleware/rate-limit-store.js';
import type { RateLimitCounters } from '../services/rate-limits.js';

export const SUBMIT_WINDOW_MS = 60 * 1000;

export function createSubmitLimiter(perMinute: number, counters: RateLimitCounters): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    store: databaseRateLimitStore(counters, 'submit'),
    windowMs: SUBMIT_WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
    handler: (_req, _res, next) => {
      next(
        new TooManyRequestsError(
          'Too many answers have been sent from your network in the last minute, so these were not accepted. Nothing was stored. Please wait a minute, go back to the form and submit again: this browser keeps a draft of your answers.',
        ),
      );
    },
  });
}
