/**
 * NUL bytes (U+0000) are refused at the edge with a 400: PostgreSQL cannot store them in text and
 * answers any query that carries one with an error, while SQLite would store them silently. The path
 * and query string are checked before routing; parsed form bodies by `rejectNulInBody`.
 */
import type { RequestHandler } from 'express';
import { ValidationError } from '../errors.js';

const MESSAGE =
  'The request contained a NUL character (%00), which this site does not accept. Nothing was stored. Remove it and try again.';

/** True when a string, or any key or string inside an array or object, holds U+0000. */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(([key, v]) => key.includes('\u0000') || containsNul(v));
  return false;
}

/** The NUL characters of every string in a parsed form body removed (to show the form again). */
export function withoutNul(body: Record<string, unknown>): Record<string, unknown> {
  const strip = (v: unknown): unknown =>
    typeof v === 'string' ? v.replaceAll('\u0000', '') : Array.isArray(v) ? v.map(strip) : v;
  return Object.fromEntries(Object.entries(body).map(([key, v]) => [key.replaceAll('\u0000', ''), strip(v)]));
}

/** Registered first: a path or query string holding %00 (or a raw NUL) is a 400 before anything else runs. */
export const rejectNulInUrl: RequestHandler = (req, _res, next) => {
  if (req.originalUrl.includes('%00') || req.originalUrl.includes('\u0000')) throw new ValidationError(MESSAGE);
  next();
};

/** After a body parser: a form field (name or value) holding NUL is a 400. */
export const rejectNulInBody: RequestHandler = (req, _res, next) => {
  if (containsNul(req.body)) throw new ValidationError(MESSAGE);
  next();
};
