/**
 * The consultant's benchmark table: one row per organization, one column per figure, sorted on the
 * server by the query (?sort=KEY&dir=asc|desc), so it sorts without JavaScript and scales to
 * hundreds of clients. Organizations without the sorted figure (none yet, too few responses, below
 * the threshold) go last in either direction, so a hidden value can never be read off its position.
 */
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import type { Benchmark, BenchmarkEntry } from '../../services/benchmarks.js';

export type SortDirection = 'asc' | 'desc';

export interface TableSort {
  /** 'name' or a figure key. */
  readonly key: string;
  readonly dir: SortDirection;
}

const sortSchema = z.object({
  sort: z
    .string()
    .max(120, 'Sort by a column of the table.')
    .regex(/^[a-z0-9_:-]+$/, 'Sort by a column of the table.')
    .optional()
    .default('name'),
  dir: z.enum(['asc', 'desc'], 'Sort ascending (asc) or descending (desc).').optional().default('asc'),
});

/** The sort of the query string, checked against the table's columns; a 400 naming the problem otherwise. */
export function sortOf(query: unknown, benchmark: Benchmark): TableSort {
  const parsed = sortSchema.safeParse(query);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => i.message).join(' '));
  const { sort, dir } = parsed.data;
  if (sort !== 'name' && !benchmark.figures.some((f) => f.key === sort))
    throw new ValidationError(`There is no column “${sort}” to sort by.`);
  return { key: sort, dir };
}

/** The shown value of `key` in the entry, or null (no figures, suppressed, missing). */
function sortValue(entry: BenchmarkEntry, key: string): number | null {
  if (entry.result.status !== 'ok') return null;
  const v = entry.result.figures[key];
  return v?.status === 'shown' ? v.value : null;
}

const byName = (a: BenchmarkEntry, b: BenchmarkEntry) => a.organization.name.localeCompare(b.organization.name);

/** The entries in the table's order (a stable sort; ties and missing values by name). */
export function sortEntries(entries: readonly BenchmarkEntry[], sort: TableSort): BenchmarkEntry[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  if (sort.key === 'name') return [...entries].sort((a, b) => sign * byName(a, b));
  return [...entries].sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    if (va === null || vb === null) return va === vb ? byName(a, b) : va === null ? 1 : -1;
    return va === vb ? byName(a, b) : sign * (va - vb);
  });
}

/** aria-sort of a column header: the sorted column says its direction, the others nothing. */
export function ariaSort(sort: TableSort, key: string): 'ascending' | 'descending' | null {
  if (sort.key !== key) return null;
  return sort.dir === 'asc' ? 'ascending' : 'descending';
}

/** The link of a column header: sorts by it ascending, or flips the direction when it is the sorted one. */
export function sortHref(filters: Benchmark['filters'], sort: TableSort, key: string): string {
  const params = new URLSearchParams();
  if (filters.industry) params.set('industry', filters.industry);
  if (filters.sizeBand) params.set('size', filters.sizeBand);
  params.set('sort', key);
  params.set('dir', sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc');
  return `/benchmarks?${params.toString()}#figures-title`;
}
