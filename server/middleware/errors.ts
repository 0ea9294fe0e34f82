/**
 * The 404 fallback and the one error middleware (registered last). Known errors keep their status and
 * message; errors from body parsing (413 too large, 400 malformed) get a clear message; database errors the
 * request caused (see database-errors.ts) become a 400/409 with an error id; anything else is a generic
 * 500 with an error id. The log line (the request's logger, so it carries the request id) holds the error
 * id, method, path and status and `loggableError`'s summary: never bound values, bodies or `detail`, nor
 * the query string, IP address or user agent (responses are anonymous).
 */
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { HttpError, NotFoundError } from '../errors.js';
import { loggableError } from '../log-safe-error.js';
import type { Logger } from '../logger.js';
import { databaseProblem } from './database-errors.js';
import { loggedPath } from './request-context.js';

export interface Problem {
  status: number;
  title: string;
  detail: string;
  errorId?: string;
}

/** Errors raised by body-parser / http-errors carry `status`, `expose` and `type`. */
interface ClientHttpError {
  status: number;
  expose?: boolean;
  type?: string;
  message: string;
}

function isClientHttpError(err: unknown): err is ClientHttpError {
  if (typeof err !== 'object' || err === null) return false;
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function bodyErrorProblem(err: ClientHttpError): Problem {
  switch (err.type) {
    case 'entity.too.large':
      return {
        status: 413,
        title: 'Too much data',
        detail:
          'The form sent more data than this server accepts. Nothing was stored. Shorten your comment and try again.',
      };
    case 'parameters.too.many':
      return { status: 413, title: 'Too much data', detail: 'The form sent too many fields. Nothing was stored.' };
    case 'entity.parse.failed':
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        status: err.status,
        title: 'The request could not be read',
        detail: 'The form data could not be read. Nothing was stored.',
      };
    default:
      return {
        status: err.status,
        title: 'The request could not be accepted',
        detail: err.expose ? err.message : 'The request could not be accepted.',
      };
  }
}

/** What a log line says about where an error happened. */
function context(req: Request, errorId: string, status: number) {
  return { errorId, method: req.method, path: loggedPath(req), status };
}

export function toProblem(err: unknown, req: Request, log: Logger): Problem {
  if (err instanceof HttpError) return { status: err.status, title: err.title, detail: err.message };
  if (isClientHttpError(err)) return bodyErrorProblem(err);
  const errorId = randomUUID();
  const fromDatabase = databaseProblem(err);
  if (fromDatabase) {
    log.warn(
      { ...context(req, errorId, fromDatabase.status), err: loggableError(err) },
      'the database refused the request',
    );
    return { ...fromDatabase, errorId };
  }
  log.error({ ...context(req, errorId, 500), err: loggableError(err) }, 'request failed');
  return {
    status: 500,
    title: 'Something went wrong',
    detail: 'An unexpected error occurred. Nothing you sent was stored. Please try again later.',
    errorId,
  };
}

function send(res: Response, req: Request, problem: Problem): void {
  res.status(problem.status);
  if (req.accepts(['html', 'json']) === 'json') {
    res.type('application/problem+json').send(JSON.stringify({ type: 'about:blank', ...problem }));
    return;
  }
  res.render('errors/error', { title: problem.title, problem });
}

export const notFoundHandler: RequestHandler = () => {
  throw new NotFoundError('There is no page at this address. Check the link you were given.');
};

/** The last middleware. `logger` is used when the request has no logger of its own (request-context.ts). */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const log = req.log ?? logger;
    if (res.headersSent) {
      // Too late for an error page: log it here (Express's own handler would print the raw error, bound
      // values included) and cut the connection, as Express does, so the client sees the answer is incomplete.
      log.error(
        { ...context(req, randomUUID(), res.statusCode), err: loggableError(err) },
        'request failed after the answer had started',
      );
      req.socket.destroy();
      return;
    }
    send(res, req, toProblem(err, req, log));
  };
}
