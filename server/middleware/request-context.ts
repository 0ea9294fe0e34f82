/**
 * A request id on every request and a child logger that carries it. The id comes from an incoming
 * X-Request-Id when that is a short safe token (a proxy's or load balancer's id, so the two logs can be
 * joined), else a fresh UUID; it is sent back as X-Request-Id and is `req.id`, and `req.log` is the app's
 * logger bound to `{ requestId }`. When the response is finished one line records method, path (never the
 * query string, which may hold an invitation token), status and duration: never the body, the IP address
 * or the user agent (responses are anonymous).
 */
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logger.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id (also the X-Request-Id response header). */
    id: string;
    /** The app's logger bound to `{ requestId }`. */
    log: Logger;
  }
}

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Letters, digits, dot, underscore and hyphen, at most 64: fits any UUID or proxy id and nothing else. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestIdFrom(incoming: string | undefined): string {
  return incoming !== undefined && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The request's full path as logged: never the query string, at most 200 characters. (`req.path` is
 * relative to the router handling the request, so it is taken from `originalUrl`.) */
export function loggedPath(req: Request): string {
  const path = req.originalUrl.split('?', 1)[0];
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const path = loggedPath(req);
    req.id = requestIdFrom(req.get(REQUEST_ID_HEADER));
    req.log = logger.child({ requestId: req.id });
    res.set(REQUEST_ID_HEADER, req.id);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      req.log.info(
        { method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request completed',
      );
    });
    next();
  };
}
