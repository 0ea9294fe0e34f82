/**
 * The submission rate limit of the respondent form (express-rate-limit): at most `perMinute` POSTs to
 * /s/:code per IP address per minute (SUBMIT_RATE_LIMIT), then a 429 page until the minute has passed.
 * It runs before the body is parsed, so a refused submission is neither read nor stored. The counters
 * live in process memory only (keyed by the address, or its /56 for IPv6), never in the database or the
 * log; with several app servers each counts on its own. `perMinute` 0 turns the limit off.
 */
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { TooManyRequestsError } from '../errors.js';

export const SUBMIT_WINDOW_MS = 60 * 1000;

export function createSubmitLimiter(perMinute: number): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
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
