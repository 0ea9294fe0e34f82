/**
 * CSRF protection for staff forms (csrf-sync: a synchronizer token kept in the session). Every
 * state-changing form carries the token in a hidden `_csrf` field (or the `x-csrf-token` header);
 * a POST without it, or with a wrong one, ends in a 403 page and changes nothing.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import { ForbiddenError } from '../errors.js';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  size: 32,
  getTokenFromRequest: (req: Request) => {
    const body: unknown = req.body;
    const field = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)._csrf : undefined;
    if (typeof field === 'string') return field;
    const header = req.headers['x-csrf-token'];
    return typeof header === 'string' ? header : undefined;
  },
});

/** Checks the token on POST/PUT/PATCH/DELETE and exposes it to views as `csrfToken`. Mount after the
 * session and the urlencoded body parser. */
export const csrfProtection: RequestHandler = (req, res, next) => {
  csrfSynchronisedProtection(req, res, (err?: unknown) => {
    if (err) {
      next(err);
      return;
    }
    // Lazily created: a page that renders no form never writes a token (or a session) for it.
    Object.defineProperty(res.locals, 'csrfToken', { get: () => generateToken(req), enumerable: true, configurable: true });
    next();
  });
};

/** Turns csrf-sync's error into the app's 403 page. */
export const csrfErrorHandler: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
  if (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'EBADCSRFTOKEN') {
    next(new ForbiddenError('This form has expired or did not come from this site, so nothing was changed. Go back, reload the page and try again.'));
    return;
  }
  next(err);
};
