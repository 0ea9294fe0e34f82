/**
 * The errors a request can end with. Each carries its HTTP status, a short title and a message that is
 * safe to show to the user; the error middleware renders them as an HTML page or problem+json.
 */
export abstract class HttpError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
}

export class ValidationError extends HttpError {
  override name = 'ValidationError';
  readonly status = 400;
  readonly title = 'The request could not be accepted';
}

/** Input a person must correct, in one named form field; a route shows the message beside that field. */
export class FieldError extends ValidationError {
  override name = 'FieldError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export class ForbiddenError extends HttpError {
  override name = 'ForbiddenError';
  readonly status = 403;
  readonly title = 'Not allowed';
}

export class NotFoundError extends HttpError {
  override name = 'NotFoundError';
  readonly status = 404;
  readonly title = 'Not found';
}

export class ConflictError extends HttpError {
  override name = 'ConflictError';
  readonly status = 409;
  readonly title: string;
  constructor(message: string, title = 'Conflict') {
    super(message);
    this.title = title;
  }
}

export class GoneError extends HttpError {
  override name = 'GoneError';
  readonly status = 410;
  readonly title = 'No longer available';
}

export class TooManyRequestsError extends HttpError {
  override name = 'TooManyRequestsError';
  readonly status = 429;
  readonly title = 'Too many answers sent';
}

/** Something this request needs is busy elsewhere (another app server still building a report); trying again later helps. */
export class ServiceUnavailableError extends HttpError {
  override name = 'ServiceUnavailableError';
  readonly status = 503;
  readonly title = 'Busy, try again shortly';
}
