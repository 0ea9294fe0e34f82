/**
 * Rate limits for password checks (express-rate-limit): 10 failed attempts per 15 minutes for one
 * IP address + email pair, and 100 per IP address whatever the emails (against password spraying),
 * then a 429 page until the window passes. Successful sign-ins do not count.
 * The app counts in the database (services/rate-limits.ts), so several app servers share one count;
 * without `counters` (a bare test app) a limiter counts in process memory.
 */
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { databaseRateLimitStore } from '../middleware/rate-limit-store.js';
import type { RateLimitCounters } from '../services/rate-limits.js';
import { normalizeEmail } from '../services/users.js';

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const SIGN_IN_ATTEMPTS = 10;
export const SIGN_IN_ATTEMPTS_PER_IP = 100;

function emailOf(req: Request): string {
  const body: unknown = req.body;
  const email = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).email : undefined;
  return typeof email === 'string' ? normalizeEmail(email).slice(0, 254) : '';
}

/**
 * `keyOf` picks who is being limited (default: IP + submitted email; the password form uses the user id);
 * `shared` names the database counters and the limit's scope among them;
 * `countSuccesses`: count every request, not only failed ones (a password-reset request always succeeds).
 */
export function createAttemptLimiter(
  keyOf: (req: Request) => string = emailOf,
  limit = SIGN_IN_ATTEMPTS,
  {
    shared,
    countSuccesses = false,
  }: { shared?: { readonly counters: RateLimitCounters; readonly scope: string }; countSuccesses?: boolean } = {},
): RequestHandler {
  return rateLimit({
    store: shared ? databaseRateLimitStore(shared.counters, shared.scope) : undefined,
    windowMs: SIGN_IN_WINDOW_MS,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: !countSuccesses,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? 'unknown')}|${keyOf(req)}`,
    handler: (_req, res, _next, options) => {
      res.status(options.statusCode).render('staff/too-many-attempts', {
        title: 'Too many attempts',
        minutes: Math.round(SIGN_IN_WINDOW_MS / 60000),
      });
    },
  });
}

/** Both sign-in limits, in the order to mount them: per IP address, then per IP address + email. */
export function createSignInLimiters(counters: RateLimitCounters): RequestHandler[] {
  return [
    createAttemptLimiter(() => '*', SIGN_IN_ATTEMPTS_PER_IP, { shared: { counters, scope: 'sign-in-address' } }),
    createAttemptLimiter(emailOf, SIGN_IN_ATTEMPTS, { shared: { counters, scope: 'sign-in' } }),
  ];
}

export const RESET_REQUESTS = 5;
export const RESET_REQUESTS_PER_IP = 20;

/** Password-reset requests, every one counted: per IP address, then per IP address + email. */
export function createResetRequestLimiters(counters: RateLimitCounters): RequestHandler[] {
  return [
    createAttemptLimiter(() => '*', RESET_REQUESTS_PER_IP, {
      shared: { counters, scope: 'reset-address' },
      countSuccesses: true,
    }),
    createAttemptLimiter(emailOf, RESET_REQUESTS, { shared: { counters, scope: 'reset' }, countSuccesses: true }),
  ];
}
