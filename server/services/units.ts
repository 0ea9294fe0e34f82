/**
 * Units of an organization: departments (top level) with teams inside, stored as a tree (parent_id).
 * Every function takes the organization id, so no query can reach another organization's units.
 */
import type { Knex } from 'knex';
import { insertUnit, listUnits, type Unit } from '../data/units.js';
import { UserInputError } from './users.js';

export type { Unit } from '../data/units.js';

/** A unit with its children, for rendering the tree; `path` is "Department / Team". */
export interface UnitNode extends Unit {
  readonly path: string;
  readonly depth: number;
  readonly children: UnitNode[];
}

/** Builds the tree from a flat list, children sorted by name. */
export function buildUnitTree(units: readonly Unit[]): UnitNode[] {
  const byParent = new Map<number | null, Unit[]>();
  for (const u of units) byParent.set(u.parentId, [...(byParent.get(u.parentId) ?? []), u]);
  const walk = (parentId: number | null, prefix: string, depth: number): UnitNode[] =>
    (byParent.get(parentId) ?? [])
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((u) => {
        const path = prefix ? `${prefix} / ${u.name}` : u.name;
        return { ...u, path, depth, children: walk(u.id, path, depth + 1) };
      });
  return walk(null, '', 0);
}

/** The tree in display order (depth first), handy for selects and tables. */
export function flattenUnitTree(nodes: readonly UnitNode[]): UnitNode[] {
  return nodes.flatMap((n) => [n, ...flattenUnitTree(n.children)]);
}

export function createUnitService({ db }: { db: Knex }) {
  function list(organizationId: number): Promise<Unit[]> {
    return listUnits(db, organizationId);
  }

  async function tree(organizationId: number): Promise<UnitNode[]> {
    return buildUnitTree(await list(organizationId));
  }

  /** Adds a unit. Without a parent it is a department; with one (a unit of the same organization) a team. */
  async function create(organizationId: number, input: { name: string; parentId?: number | null }): Promise<Unit> {
    const name = input.name.trim();
    if (!name) throw new UserInputError('name', 'Enter the unit’s name.');
    if (name.length > 120) throw new UserInputError('name', 'Use at most 120 characters.');
    const parentId = input.parentId ?? null;
    if (parentId !== null) {
      const parent = await db('units').where({ id: parentId, organization_id: organizationId }).first();
      if (!parent) throw new UserInputError('parentId', 'Choose a parent unit of this organization.');
    }
    const clash = await db('units')
      .where({ organization_id: organizationId, name })
      .modify((q) => (parentId === null ? q.whereNull('parent_id') : q.where('parent_id', parentId)))
      .first();
    if (clash) throw new UserInputError('name', 'A unit with this name already exists here.');
    const kind = parentId === null ? ('department' as const) : ('team' as const);
    const id = await insertUnit(db, { organizationId, parentId, name, kind });
    return { id, organizationId, parentId, name, kind };
  }

  return { list, tree, create };
}

export type UnitService = ReturnType<typeof createUnitService>;
