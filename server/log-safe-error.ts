/**
 * What may be logged about an error: never the values a query was run with. knex writes the bound values
 * into a failed query's message on SQLite (`insert into users ... values ('a@b.c', 'scrypt$...')`), and
 * PostgreSQL's `detail` echoes them (`Key (email)=(a@b.c) already exists.`), so a password hash, an email
 * or a respondent's answers would reach the log. `loggableError` keeps, for a database error, its code,
 * the table, constraint and column when the driver names them, and the SQL with placeholders (recorded by
 * `rememberFailedSql`, see server/db.ts); for any other error its name, message and stack frames.
 */

/** The SQL text (placeholders, no values) of each failed query, recorded from knex's `query-error` event. */
const failedSql = new WeakMap<object, string>();

export function rememberFailedSql(err: unknown, sql: unknown): void {
  if (typeof err === 'object' && err !== null && typeof sql === 'string') failedSql.set(err, sql);
}

interface DriverError {
  code?: unknown;
  errno?: unknown;
  severity?: unknown;
  table?: unknown;
  constraint?: unknown;
  column?: unknown;
  routine?: unknown;
  message?: unknown;
}

/** True for an error raised by PostgreSQL (a five-character SQLSTATE) or by SQLite (`SQLITE_*`). */
export function isDatabaseError(err: unknown): err is Error & DriverError {
  if (!(err instanceof Error)) return false;
  const { code, severity } = err as DriverError;
  if (typeof code !== 'string') return failedSql.has(err);
  return (
    code.startsWith('SQLITE_') || (typeof severity === 'string' && /^[0-9A-Z]{5}$/.test(code)) || failedSql.has(err)
  );
}

/** SQLite names the failed constraint at the very end of the message, after the SQL and its values
 * (`... - SQLITE_CONSTRAINT: UNIQUE constraint failed: users.email`); only that tail is taken. */
export function sqliteConstraint(err: DriverError): string | null {
  const match = /(UNIQUE|FOREIGN KEY|NOT NULL|CHECK|PRIMARY KEY) constraint failed(: [\w.]+(, [\w.]+)*)?$/.exec(
    String(err.message ?? ''),
  );
  return match ? match[0] : null;
}

const MAX_FRAMES = 12;

function stackFrames(err: Error): string[] {
  return (err.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, MAX_FRAMES);
}

function summarizeDatabaseError(err: Error & DriverError): string {
  const parts = [`database error ${String(err.code ?? 'unknown')}`];
  for (const key of ['table', 'constraint', 'column', 'routine'] as const) {
    if (typeof err[key] === 'string') parts.push(`${key}=${err[key]}`);
  }
  const constraint = String(err.code ?? '').startsWith('SQLITE_') ? sqliteConstraint(err) : null;
  if (constraint) parts.push(`(${constraint})`);
  const sql = failedSql.get(err);
  if (sql) parts.push(`sql: ${sql.length > 500 ? `${sql.slice(0, 500)}…` : sql}`);
  return parts.join(' ');
}

function summarize(err: unknown, depth: number): string {
  if (!(err instanceof Error)) return `non-error thrown: ${typeof err}`;
  if (isDatabaseError(err)) return summarizeDatabaseError(err);
  // JSON.parse and friends quote the input they could not read.
  const message = err instanceof SyntaxError ? '(message omitted: it may quote the input)' : err.message.slice(0, 500);
  const lines = [`${err.name}: ${message}`, ...stackFrames(err)];
  if (err.cause !== undefined && depth < 3) lines.push(`caused by ${summarize(err.cause, depth + 1)}`);
  return lines.join('\n');
}

/** One line for a person (start-up, the CLI): an error's own message, but a database error summarized
 * without its values. */
export function safeMessage(err: unknown): string {
  if (isDatabaseError(err)) return loggableError(err);
  return err instanceof Error ? err.message : String(err);
}

/** A summary of `err` that is safe to log: no bound values, no `detail`, no request data. */
export function loggableError(err: unknown): string {
  return summarize(err, 0);
}
