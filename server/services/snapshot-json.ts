/**
 * Exact JSON for a stored report snapshot (services/report-snapshots.ts). Plain JSON would change a
 * Report on the way through the database: NaN and ±Infinity become null, -0 becomes 0, an undefined
 * property disappears and an undefined array element becomes null. So the value is written with those
 * numbers as null and a list of where they were (`special`: path and kind), and read back exactly.
 * Anything that is not plain data (a Map, a Date, a typed array, a function, a bigint) is refused
 * with the path where it was found, so a change that puts one into the Report fails loudly instead of
 * storing something that reads back different.
 */

type Path = (string | number)[];
type Special = 'NaN' | 'Infinity' | '-Infinity' | '-0' | 'undefined';

interface Stored {
  readonly value: unknown;
  readonly special: readonly (readonly [Path, Special])[];
}

function specialOf(value: unknown): Special | null {
  if (value === undefined) return 'undefined';
  if (typeof value !== 'number') return null;
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return Object.is(value, -0) ? '-0' : null;
}

const SPECIAL_VALUES: Readonly<Record<Special, unknown>> = {
  NaN: NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
  '-0': -0,
  undefined: undefined,
};

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The value as JSON text that `decodeSnapshot` reads back deep-equal (Object.is on every number). */
export function encodeSnapshot(value: unknown): string {
  const special: [Path, Special][] = [];
  const walk = (v: unknown, path: Path): unknown => {
    const kind = specialOf(v);
    if (kind) {
      special.push([[...path], kind]);
      return null;
    }
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
    const where = path.length === 0 ? 'the top level' : path.join('.');
    if (typeof v !== 'object') throw new TypeError(`A report snapshot cannot hold a ${typeof v} (at ${where}).`);
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...path, i]));
    if (!isPlainObject(v))
      throw new TypeError(
        `A report snapshot holds plain data only, not a ${v.constructor?.name ?? 'object'} (at ${where}).`,
      );
    return Object.fromEntries(Object.entries(v).map(([key, item]) => [key, walk(item, [...path, key])]));
  };
  const stored: Stored = { value: walk(value, []), special };
  return JSON.stringify(stored);
}

/** The value `encodeSnapshot` wrote. Throws when the text is not a snapshot. */
export function decodeSnapshot<T>(text: string): T {
  const stored = JSON.parse(text) as Partial<Stored> | null;
  if (stored === null || typeof stored !== 'object' || !('value' in stored) || !Array.isArray(stored.special))
    throw new Error('The stored report snapshot is not in the expected form.');
  let root = stored.value;
  for (const [path, kind] of stored.special as Stored['special']) {
    if (!Object.hasOwn(SPECIAL_VALUES, kind))
      throw new Error('The stored report snapshot is not in the expected form.');
    const restored = SPECIAL_VALUES[kind];
    if (path.length === 0) {
      root = restored;
      continue;
    }
    let parent = root as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    parent[path[path.length - 1]] = restored;
  }
  return root as T;
}
