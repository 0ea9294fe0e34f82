/**
 * CSRF protection for staff forms (csrf-csrf: the double-submit cookie pattern, stateless). Each page with
 * a form gets a token, HMAC-signed with a key derived from SESSION_SECRET and bound to the signed-in
 * session (or to "anonymous" on /signin and /setup), and the same token in a cookie the page's own site
 * alone can set. Every state-changing form sends it back in a hidden `_csrf` field (or the `x-csrf-token`
 * header); a POST without it, with a wrong one, or without the matching cookie ends in a 403 page and
 * changes nothing. Nothing is stored on the server, so an anonymous visitor never gets a session row.
 */
import { createHmac } from 'node:crypto';
import { doubleCsrf } from 'csrf-csrf';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { ForbiddenError } from '../errors.js';

/** The cookie's name: with `__Host-` (Secure, no Domain, path /) when the site is served over https. */
export function csrfCookieName(secure: boolean): string {
  return secure ? '__Host-readiness.csrf' : 'readiness.csrf';
}

function tokenFromRequest(req: Request): string | undefined {
  const body: unknown = req.body;
  const field = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)._csrf : undefined;
  if (typeof field === 'string') return field;
  const header = req.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

/** Checks the token on POST/PUT/PATCH/DELETE and exposes it to views as `csrfToken`. Mount after the
 * session, cookie-parser and the urlencoded body parser. */
export function createCsrfProtection({ secret, secure }: { secret: string; secure: boolean }): RequestHandler {
  // Its own key, so a CSRF token never doubles as anything signed with the session secret.
  const key = createHmac('sha256', secret).update('readiness csrf token').digest('hex');
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => key,
    // A signed-in user's tokens are theirs alone; before sign-in there is no session to bind to (and none
    // is created), so the cookie alone ties the token to this browser.
    getSessionIdentifier: (req) => (req.session?.userId !== undefined ? req.sessionID : ''),
    cookieName: csrfCookieName(secure),
    cookieOptions: { sameSite: 'strict', secure, httpOnly: true, path: '/' },
    size: 32,
    getCsrfTokenFromRequest: tokenFromRequest,
  });
  return (req, res, next) => {
    doubleCsrfProtection(req, res, (err?: unknown) => {
      if (err) {
        next(err);
        return;
      }
      // Lazily created, once per response: a page that renders no form sets no cookie.
      let token: string | undefined;
      Object.defineProperty(res.locals, 'csrfToken', {
        get: () => (token ??= generateCsrfToken(req, res)),
        enumerable: true,
        configurable: true,
      });
      next();
    });
  };
}

/** Turns csrf-csrf's error into the app's 403 page. */
export const csrfErrorHandler: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
  if (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'EBADCSRFTOKEN') {
    next(
      new ForbiddenError(
        'This form has expired or did not come from this site, so nothing was changed. Go back, reload the page and try again.',
      ),
    );
    return;
  }
  next(err);
};
