/**
 * Database errors that are the request's fault, translated into a 4xx the same way on both databases:
 * a reference to a row that does not exist (400), a value too long, malformed or out of range for its
 * column (400), a duplicate of a unique value (409). Validation should stop such input before the
 * database sees it; this is the net under it, so PostgreSQL never answers 500 where SQLite would not.
 */
import { isDatabaseError, sqliteConstraint } from '../log-safe-error.js';

export interface DatabaseProblem {
  status: 400 | 409;
  title: string;
  detail: string;
}

const missing: DatabaseProblem = {
  status: 400,
  title: 'The request could not be accepted',
  detail:
    'The form refers to something that does not exist (any more). Nothing was changed. Reload the page and try again.',
};
const tooLong: DatabaseProblem = {
  status: 400,
  title: 'The request could not be accepted',
  detail: 'A value is longer than this site can store. Nothing was stored. Shorten it and try again.',
};
const invalid: DatabaseProblem = {
  status: 400,
  title: 'The request could not be accepted',
  detail: 'A value in the request is not valid here. Nothing was stored.',
};
const duplicate: DatabaseProblem = {
  status: 409,
  title: 'Already exists',
  detail: 'Something with these details already exists. Nothing was changed.',
};

/** PostgreSQL SQLSTATE codes (https://www.postgresql.org/docs/15/errcodes-appendix.html). */
const postgres: Record<string, DatabaseProblem> = {
  '23503': missing, // foreign_key_violation
  '23505': duplicate, // unique_violation
  '23502': invalid, // not_null_violation
  '23514': invalid, // check_violation
  '22001': tooLong, // string_data_right_truncation
  '22P02': invalid, // invalid_text_representation
  '22003': invalid, // numeric_value_out_of_range
  '22007': invalid, // invalid_datetime_format
  '22008': invalid, // datetime_field_overflow
  '22021': invalid, // character_not_in_repertoire (a NUL byte)
  '22P05': invalid, // untranslatable_character
};

/** The problem to answer for a database error caused by the request, or null for anything else. */
export function databaseProblem(err: unknown): DatabaseProblem | null {
  if (!isDatabaseError(err)) return null;
  const code = String(err.code ?? '');
  if (Object.hasOwn(postgres, code)) return postgres[code];
  if (code === 'SQLITE_TOOBIG') return tooLong;
  if (code === 'SQLITE_MISMATCH') return invalid;
  if (code !== 'SQLITE_CONSTRAINT') return null;
  const constraint = sqliteConstraint(err) ?? '';
  if (/^(UNIQUE|PRIMARY KEY)/.test(constraint)) return duplicate;
  if (constraint.startsWith('FOREIGN KEY')) return missing;
  if (/^(NOT NULL|CHECK)/.test(constraint)) return invalid;
  return null;
}
