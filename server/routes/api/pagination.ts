/**
 * Cursor pagination for every list of the API: `limit` items (default 50, at most 200) after the
 * opaque `cursor` the previous page gave as `next_cursor` (null on the last page). A cursor holds the
 * last id of its page, and pages run in id order, so walking them lists every item once even while
 * items are added (a new one appears on a later page, never twice). The address list, which may hold
 * tens of thousands, is read a page at a time from the database (`paginateAfter`); the shorter lists
 * (organizations, units, surveys, benchmark entries) are read whole by their services and cut here (`paginate`).
 */
import { z } from 'zod';
import { UnprocessableError } from './problem.js';

export const MAX_LIMIT = 200;

export const pageQuery = z.object({
  cursor: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'The `next_cursor` of the previous page; omit it for the first page.' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(50)
    .meta({ description: `Items per page, 1 to ${MAX_LIMIT}.` }),
});

export type PageQuery = z.output<typeof pageQuery>;

/** The schema of one page of `item`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    next_cursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass it as `cursor` for the next page; null on the last page.' }),
  });
}

function encode(after: number): string {
  return Buffer.from(JSON.stringify({ after })).toString('base64url');
}

function decode(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'number' && Number.isSafeInteger(parsed.after)) return parsed.after;
  } catch {
    // falls through to the error below
  }
  throw new UnprocessableError('The cursor is not one this API gave out.', [
    { in: 'query', name: 'cursor', message: 'Pass the `next_cursor` of the previous page unchanged.' },
  ]);
}

/**
 * The page `query` asks for, read by `fetch` (at most `limit` items with an id above `afterId`, in id
 * order) from where the data lives, so a long list is never read whole.
 */
export async function paginateAfter<T>(
  fetch: (afterId: number, limit: number) => Promise<T[]>,
  id: (item: T) => number,
  query: PageQuery,
): Promise<{ data: T[]; next_cursor: string | null }> {
  const after = query.cursor === undefined ? 0 : decode(query.cursor);
  const rows = await fetch(after, query.limit + 1);
  const data = rows.slice(0, query.limit);
  return { data, next_cursor: rows.length > query.limit ? encode(id(data[data.length - 1])) : null };
}

/** The page of `items` (any order) that `query` asks for, in order of `id`. */
export function paginate<T>(
  items: readonly T[],
  id: (item: T) => number,
  query: PageQuery,
): { data: T[]; next_cursor: string | null } {
  const after = query.cursor === undefined ? -Infinity : decode(query.cursor);
  const rest = items.filter((item) => id(item) > after).sort((a, b) => id(a) - id(b));
  const data = rest.slice(0, query.limit);
  const more = rest.length > data.length;
  return { data, next_cursor: more ? encode(id(data[data.length - 1])) : null };
}
