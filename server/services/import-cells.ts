/**
 * Readers of one non-empty cell of an import for the categorical fields: a unit (by name, path or
 * id), and a value among allowed ones (workflows, role levels, demographic options), optionally
 * through the mapping's own value table; all matched ignoring case, stored as the allowed spelling.
 */
import type { Unit } from '../data/units.js';

export type CellResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly why: string };
export type CellReader<T> = (raw: string) => CellResult<T>;

const key = (text: string) => text.trim().toLowerCase();

/** A value among `allowed`, after the mapping's `values` table (source → allowed value). */
export function categoryReader(
  allowed: readonly string[],
  values: Readonly<Record<string, string>>,
  what: string,
): CellReader<string> {
  const canonical = new Map(allowed.map((a) => [key(a), a]));
  const table = new Map(Object.entries(values).map(([from, to]) => [key(from), to]));
  const list =
    allowed.length > 0 ? `: ${allowed.slice(0, 8).join(', ')}${allowed.length > 8 ? ', …' : ''}` : ' (there are none)';
  return (raw) => {
    const value = canonical.get(key(table.get(key(raw)) ?? raw));
    return value === undefined ? { ok: false, why: `Not ${what}${list}.` } : { ok: true, value };
  };
}

/** The paths of the units ("Operations / Claims"), by id. */
function unitPaths(units: readonly Unit[]): Map<number, string> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const paths = new Map<number, string>();
  const pathOf = (unit: Unit): string => {
    const parent = unit.parentId === null ? undefined : byId.get(unit.parentId);
    return parent ? `${pathOf(parent)} / ${unit.name}` : unit.name;
  };
  for (const unit of units) paths.set(unit.id, pathOf(unit));
  return paths;
}

/** A unit of the organization by its id, or by its name or path ("Operations / Claims", "Operations/Claims", "Operations > Claims"). */
export function unitReader(
  units: readonly Unit[],
  match: 'name' | 'id',
  values: Readonly<Record<string, string>> = {},
): CellReader<number> {
  const table = new Map(Object.entries(values).map(([from, to]) => [key(from), to]));
  const read = plainUnitReader(units, match);
  return (raw) => read(table.get(key(raw)) ?? raw);
}

function plainUnitReader(units: readonly Unit[], match: 'name' | 'id'): CellReader<number> {
  if (match === 'id') {
    const ids = new Set(units.map((u) => u.id));
    return (raw) =>
      /^\d+$/.test(raw) && ids.has(Number(raw))
        ? { ok: true, value: Number(raw) }
        : { ok: false, why: 'Not the id of a unit of this organization.' };
  }
  const byName = new Map<string, number[]>();
  const add = (name: string, id: number) => byName.set(key(name), [...(byName.get(key(name)) ?? []), id]);
  for (const [id, path] of unitPaths(units)) add(path, id);
  for (const unit of units) if (unit.parentId !== null) add(unit.name, unit.id);
  return (raw) => {
    const ids = [...new Set(byName.get(key(raw).replace(/\s*[/>]\s*/g, ' / ')) ?? [])];
    if (ids.length === 1) return { ok: true, value: ids[0] };
    if (ids.length > 1)
      return {
        ok: false,
        why: 'Several units have this name: use the path from the top, such as “Department / Team”.',
      };
    return { ok: false, why: 'No unit of this organization has this name or path.' };
  };
}
