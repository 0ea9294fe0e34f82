/**
 * Errors of the JSON API as problem+json (RFC 9457), whatever the client's Accept header says: every
 * known error keeps its status and message, input a client must correct is a 422 listing each field at
 * fault (`errors`: where it is, its name, why), and anything else is the app's generic 500 with an error
 * id (middleware/errors.ts `toProblem`, which also logs it without bound values).
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { FieldError, HttpError, NotFoundError, ValidationError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { toProblem, type Problem } from '../../middleware/errors.js';

/** Where a field at fault is: the path, the query string or the JSON body. */
export interface FieldIssue {
  readonly in: 'path' | 'query' | 'body';
  /** The field's name, dotted for nested fields (`units.2.name`). */
  readonly name: string;
  readonly message: string;
}

export class UnprocessableError extends HttpError {
  override name = 'UnprocessableError';
  readonly status = 422;
  readonly title = 'The request could not be processed';
  constructor(
    message: string,
    readonly errors: readonly FieldIssue[],
  ) {
    super(message);
  }
}

export class UnauthorizedError extends HttpError {
  override name = 'UnauthorizedError';
  readonly status = 401;
  readonly title = 'Not authenticated';
}

export class TooManyApiRequestsError extends HttpError {
  override name = 'TooManyApiRequestsError';
  readonly status = 429;
  readonly title = 'Too many requests';
}

/** camelCase field names of the services → the API's snake_case. */
export const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function sendProblem(res: Response, problem: Problem & { errors?: readonly FieldIssue[] }): void {
  res
    .status(problem.status)
    .type('application/problem+json')
    .set('Cache-Control', 'no-store')
    .send(JSON.stringify({ type: 'about:blank', ...problem }));
}

export const apiNotFound: RequestHandler = () => {
  throw new NotFoundError('There is no API operation at this address. The operations are listed at /api/v1/docs.');
};

/** The API router's last middleware. */
export function createApiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof UnprocessableError)
      return sendProblem(res, { status: 422, title: err.title, detail: err.message, errors: err.errors });
    if (err instanceof FieldError)
      return sendProblem(res, {
        status: 422,
        title: 'The request could not be processed',
        detail: err.message,
        errors: [{ in: 'body', name: snakeCase(err.field), message: err.message }],
      });
    if (err instanceof ValidationError)
      return sendProblem(res, { status: 422, title: 'The request could not be processed', detail: err.message });
    if (err instanceof UnauthorizedError)
      res.set('WWW-Authenticate', 'Bearer realm="readiness", error="invalid_token"');
    sendProblem(res, toProblem(err, req, req.log ?? logger));
  };
}
