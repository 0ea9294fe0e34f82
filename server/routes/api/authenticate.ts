/**
 * Who an API request acts for: the owner of the bearer token in `Authorization: Bearer <token>`
 * (services/api-tokens.ts), put on `res.locals.user` as a session's user would be, with the token on
 * `res.locals.apiToken`. No session is read, so a session cookie alone gets the same 401 as no token,
 * and no CSRF token is asked for (a browser does not add a bearer token to a forged request).
 */
import type { RequestHandler } from 'express';
import type { ApiToken, ApiTokenService, TokenCheck } from '../../services/api-tokens.js';
import { UnauthorizedError } from './problem.js';

const WHY: Record<Exclude<TokenCheck, { ok: true }>['reason'], string> = {
  malformed: 'The bearer token is not an API token of this server (they start with rdy_).',
  unknown: 'The bearer token is not known: check it was copied whole, or create a new one.',
  expired: 'The API token has expired: create a new one.',
  revoked: 'The API token has been revoked: create a new one.',
  deactivated: 'The account that owns this API token is deactivated.',
};

export function authenticateApiToken(apiTokens: Pick<ApiTokenService, 'authenticate'>): RequestHandler {
  return async (req, res, next) => {
    const match = /^Bearer +(\S+) *$/i.exec(req.get('Authorization') ?? '');
    if (!match)
      throw new UnauthorizedError(
        'Send an API token as `Authorization: Bearer <token>`: the API does not accept session cookies.',
      );
    const check = await apiTokens.authenticate(match[1]);
    if (!check.ok) throw new UnauthorizedError(WHY[check.reason]);
    res.locals.user = check.user;
    res.locals.apiToken = check.token;
    next();
  };
}

/** The token of a request that passed `authenticateApiToken`. */
export function currentApiToken(res: { locals: Record<string, unknown> }): ApiToken {
  const token = res.locals.apiToken as ApiToken | undefined;
  if (!token) throw new Error('currentApiToken() called before authenticateApiToken');
  return token;
}
