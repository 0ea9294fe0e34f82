/**
 * What a people import would change, worked out from the checked CSV rows and the organization's
 * current units and people, before anything is written: people added, updated, unchanged and (when
 * asked) removed; units created along the paths; and the headcounts that follow. Matching is by email
 * for people and by name among siblings (ignoring case) for units. A unit's headcount is the number of
 * people in it and in the units below it; a unit whose people have all gone gets no headcount (null),
 * and units the address list never touched keep theirs.
 */
import type { Person, PersonFields } from '../data/people.js';
import type { Unit } from '../data/units.js';
import type { PersonRow } from './people-csv.js';

/** A unit as the plan knows it: an existing one (its id) or one to create (its path key). */
export type UnitRef = number | string;

export interface NewUnitPlan {
  readonly key: string;
  readonly parent: UnitRef | null;
  readonly name: string;
  readonly path: string;
  readonly depth: number;
}

export interface ImportPlan {
  readonly newUnits: readonly NewUnitPlan[];
  readonly add: readonly { fields: PersonFieldsWithUnit }[];
  readonly update: readonly { id: number; fields: PersonFieldsWithUnit }[];
  readonly unchanged: number;
  readonly remove: readonly number[];
  readonly headcounts: readonly { unit: UnitRef; path: string; from: number | null; to: number | null }[];
}

/** A person's fields with the unit as a plan reference (resolved to an id once new units exist). */
export type PersonFieldsWithUnit = Omit<PersonFields, 'unitId'> & { readonly unit: UnitRef | null };

const sameName = (name: string) => name.toLocaleLowerCase('en');

export function planPeopleImport(
  rows: readonly PersonRow[],
  units: readonly Unit[],
  people: readonly Person[],
  options: { removeMissing: boolean },
): ImportPlan {
  const byId = new Map(units.map((u) => [u.id, u]));
  const parentOf = new Map<UnitRef, UnitRef | null>(units.map((u) => [u.id, u.parentId]));
  const pathOf = new Map<UnitRef, string>();
  const existingPath = (u: Unit): string => {
    const cached = pathOf.get(u.id);
    if (cached !== undefined) return cached;
    const parent = u.parentId === null ? undefined : byId.get(u.parentId);
    const path = parent ? `${existingPath(parent)} / ${u.name}` : u.name;
    pathOf.set(u.id, path);
    return path;
  };
  units.forEach(existingPath);
  const child = new Map<string, UnitRef>(units.map((u) => [`${u.parentId ?? ''}\u0000${sameName(u.name)}`, u.id]));
  const newUnits: NewUnitPlan[] = [];

  function resolve(path: readonly string[]): UnitRef {
    let parent: UnitRef | null = null;
    path.forEach((name, depth) => {
      const key = `${parent ?? ''}\u0000${sameName(name)}`;
      let ref = child.get(key);
      if (ref === undefined) {
        ref = `new:${key}`;
        const shown = parent === null ? name : `${pathOf.get(parent)} / ${name}`;
        newUnits.push({ key: ref, parent, name, path: shown, depth });
        child.set(key, ref);
        parentOf.set(ref, parent);
        pathOf.set(ref, shown);
      }
      parent = ref;
    });
    return parent!;
  }

  const existingByEmail = new Map(people.map((p) => [p.email, p]));
  const add: { fields: PersonFieldsWithUnit }[] = [];
  const update: { id: number; fields: PersonFieldsWithUnit }[] = [];
  let unchanged = 0;
  const finalUnit = new Map<string, UnitRef | null>();
  for (const row of rows) {
    const fields: PersonFieldsWithUnit = {
      email: row.email,
      unit: resolve(row.unitPath),
      managerEmail: row.managerEmail,
      location: row.location,
      roleLevel: row.roleLevel,
      language: row.language,
    };
    finalUnit.set(row.email, fields.unit);
    const current = existingByEmail.get(row.email);
    if (!current) add.push({ fields });
    else if (
      current.unitId !== fields.unit ||
      current.managerEmail !== fields.managerEmail ||
      current.location !== fields.location ||
      current.roleLevel !== fields.roleLevel ||
      current.language !== fields.language
    )
      update.push({ id: current.id, fields });
    else unchanged++;
  }
  const remove: number[] = [];
  for (const person of people) {
    if (finalUnit.has(person.email)) continue;
    if (options.removeMissing) remove.push(person.id);
    else finalUnit.set(person.email, person.unitId);
  }

  const countIn = (assignments: Iterable<UnitRef | null>) => {
    const counts = new Map<UnitRef, number>();
    for (let unit of assignments) {
      while (unit !== null && unit !== undefined) {
        counts.set(unit, (counts.get(unit) ?? 0) + 1);
        unit = parentOf.get(unit) ?? null;
      }
    }
    return counts;
  };
  const before = countIn(people.map((p) => p.unitId));
  const after = countIn(finalUnit.values());
  const headcounts: ImportPlan['headcounts'][number][] = [];
  for (const unit of new Set<UnitRef>([...before.keys(), ...after.keys()])) {
    const from = typeof unit === 'number' ? (byId.get(unit)?.headcount ?? null) : null;
    const to = after.get(unit) ?? null;
    if (from !== to) headcounts.push({ unit, path: pathOf.get(unit)!, from, to });
  }
  headcounts.sort((a, b) => a.path.localeCompare(b.path));
  return { newUnits, add, update, unchanged, remove, headcounts };
}
