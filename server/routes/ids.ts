/**
 * Database ids as they arrive in URLs and forms. Every table's id is a 32-bit `increments()` column, so
 * only whole numbers 1..2,147,483,647 written in plain digits can name a row: anything else ("abc",
 * "-1", "1e3", 2^31, 2^53) is answered before the database is asked (PostgreSQL would refuse it with an
 * error, SQLite would silently find nothing).
 */
import { z } from 'zod';
import { NotFoundError } from '../errors.js';

/** The largest value of a PostgreSQL `integer` (and of every id column here). */
export const MAX_ID = 2_147_483_647;

/** The id written in `raw`, or null when it cannot be one. */
export function parseId(raw: unknown): number | null {
  if (typeof raw !== 'string' || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= MAX_ID ? id : null;
}

/** The id of a `:id` path segment; a 404 for anything that cannot be one. */
export function idParam(raw: unknown): number {
  const id = parseId(raw);
  if (id === null) throw new NotFoundError('There is no page at this address.');
  return id;
}

/** A form field holding an id (the chosen option of a select), with `message` for anything else. */
export function idField(message: string) {
  return z.string(message).transform((raw, ctx) => {
    const id = parseId(raw.trim());
    if (id === null) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return id;
  });
}

/** Like `idField`, but an absent or empty field is '' ("none chosen"). */
export function optionalIdField(message: string) {
  return z
    .string(message)
    .optional()
    .transform((raw, ctx): number | '' => {
      if (raw === undefined || raw.trim() === '') return '';
      const id = parseId(raw.trim());
      if (id === null) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return id;
    });
}
