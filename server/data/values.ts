/**
 * Reading column values the same way on SQLite and PostgreSQL: SQLite returns booleans as 0/1 and
 * timestamps as text ('YYYY-MM-DD HH:MM:SS', UTC, from CURRENT_TIMESTAMP) or epoch milliseconds
 * (when a Date was inserted); PostgreSQL returns booleans and Date objects.
 */

export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return new Date(Number(value));
    const iso = value.includes('T') ? value : value.replace(' ', 'T');
    const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`;
    const date = new Date(withZone);
    if (Number.isNaN(date.getTime())) throw new Error(`Unreadable timestamp in the database: "${value}"`);
    return date;
  }
  throw new Error(`Unreadable timestamp in the database: ${String(value)}`);
}

export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
}

/** Parses a JSON text column, naming the column when the text is not valid JSON. */
export function parseJsonColumn<T>(value: unknown, column: string): T {
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    throw new Error(`Column ${column} does not hold valid JSON`);
  }
}

/** The id of an inserted row, from knex's `returning('id')` on either dialect. */
export function insertedId(rows: unknown[]): number {
  const first = rows[0] as number | { id: number } | undefined;
  if (first === undefined) throw new Error('Insert returned no id');
  return typeof first === 'number' ? first : first.id;
}
