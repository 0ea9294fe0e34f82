/** Queries on the units table (departments and teams, a tree per organization). */
import type { Knex } from 'knex';
import { insertedId, toDate } from './values.js';

export type UnitKind = 'department' | 'team';

export interface Unit {
  readonly id: number;
  readonly organizationId: number;
  readonly parentId: number | null;
  readonly name: string;
  readonly kind: UnitKind;
  /** How many people work in the unit, when known; caps the invitations per survey for the unit. */
  readonly headcount: number | null;
  /** When the unit was archived (retired): it keeps its responses but is offered to no one; null while in use. */
  readonly archivedAt: Date | null;
}

interface Row {
  id: number;
  organization_id: number;
  parent_id: number | null;
  name: string;
  kind: UnitKind;
  headcount: number | null;
  archived_at: unknown;
}

export function unitFromRow(row: Row): Unit {
  return {
    id: row.id,
    organizationId: row.organization_id,
    parentId: row.parent_id,
    name: row.name,
    kind: row.kind,
    headcount: row.headcount ?? null,
    archivedAt: toDate(row.archived_at),
  };
}

export async function insertUnit(
  db: Knex,
  unit: { organizationId: number; parentId?: number | null; name: string; kind: UnitKind; headcount?: number | null },
): Promise<number> {
  const rows = await db('units')
    .insert({ organization_id: unit.organizationId, parent_id: unit.parentId ?? null, name: unit.name, kind: unit.kind, headcount: unit.headcount ?? null })
    .returning('id');
  return insertedId(rows);
}

/** Every unit of an organization, ordered by name. */
export async function listUnits(db: Knex, organizationId: number): Promise<Unit[]> {
  const rows = await db<Row>('units').where({ organization_id: organizationId }).orderBy('name').orderBy('id');
  return rows.map(unitFromRow);
}

export async function findUnit(db: Knex, id: number): Promise<Unit | undefined> {
  const row = await db<Row>('units').where({ id }).first();
  return row ? unitFromRow(row) : undefined;
}

/** Sets (or, with null, clears) the headcount of a unit of this organization; resolves to false when there is no such unit. */
export async function updateUnitHeadcount(db: Knex, organizationId: number, id: number, headcount: number | null): Promise<boolean> {
  return (await db('units').where({ id, organization_id: organizationId }).update({ headcount })) > 0;
}

/**
 * Whether the organization already has a unit of this name under `parentId` (null: among its departments),
 * other than the unit `exceptId` (the one being renamed or moved).
 */
export async function unitNameTaken(
  db: Knex,
  organizationId: number,
  parentId: number | null,
  name: string,
  exceptId: number | null = null,
): Promise<boolean> {
  const clash = await db('units')
    .where({ organization_id: organizationId, name })
    .modify((q) => (parentId === null ? q.whereNull('parent_id') : q.where('parent_id', parentId)))
    .modify((q) => (exceptId === null ? q : q.whereNot('id', exceptId)))
    .first('id');
  return clash !== undefined;
}

/** Renames and re-parents a unit of this organization (kind follows: top level = department); false when there is no such unit. */
export async function updateUnitPlace(
  db: Knex,
  organizationId: number,
  id: number,
  place: { name: string; parentId: number | null },
): Promise<boolean> {
  const kind: UnitKind = place.parentId === null ? 'department' : 'team';
  const changed = await db('units')
    .where({ id, organization_id: organizationId })
    .update({ name: place.name, parent_id: place.parentId, kind });
  return changed > 0;
}

/** Sets (a time) or clears (null) archived_at on the given units of this organization. */
export async function setUnitsArchivedAt(db: Knex, organizationId: number, ids: readonly number[], at: Date | null): Promise<void> {
  if (ids.length === 0) return;
  await db('units')
    .where({ organization_id: organizationId })
    .whereIn('id', [...ids])
    .update({ archived_at: at ? at.toISOString() : null });
}
