/**
 * The in-process report cache: a least-recently-used map from survey id to the build of one data
 * version (`key`). A request for the same key shares the build already running or done; another key
 * replaces the entry; a failed build is dropped so the next request tries again. Any app server
 * computes the same keys from the database, so entries never go stale across servers.
 */
export interface ReportCache<T> {
  /** The cached build of `id` at `key`, or the result of `build()` stored under that key. */
  get(id: number, key: string, build: () => Promise<T>): Promise<T>;
  readonly size: number;
}

export function createReportCache<T>(capacity: number): ReportCache<T> {
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError(`the report cache needs room for at least 1 survey (got ${capacity})`);
  const entries = new Map<number, { key: string; value: Promise<T> }>();
  return {
    get(id, key, build) {
      const hit = entries.get(id);
      entries.delete(id);
      if (hit && hit.key === key) {
        entries.set(id, hit);
        return hit.value;
      }
      const value = build();
      entries.set(id, { key, value });
      while (entries.size > capacity) entries.delete(entries.keys().next().value!);
      value.catch(() => {
        if (entries.get(id)?.value === value) entries.delete(id);
      });
      return value;
    },
    get size() {
      return entries.size;
    },
  };
}
