/** Queries on the units table (departments and teams, a tree per organization). */
import type { Knex } from 'knex';
import { insertedId } from './values.js';

export type UnitKind = 'department' | 'team';

export interface Unit {
  readonly id: number;
  readonly organizationId: number;
  readonly parentId: number | null;
  readonly name: string;
  readonly kind: UnitKind;
  /** How many people work in the unit, when known; caps the invitations per survey for the unit. */
  readonly headcount: number | null;
}

interface Row {
  id: number;
  organization_id: number;
  parent_id: number | null;
  name: string;
  kind: UnitKind;
  headcount: number | null;
}

function fromRow(row: Row): Unit {
  return { id: row.id, organizationId: row.organization_id, parentId: row.parent_id, name: row.name, kind: row.kind, headcount: row.headcount ?? null };
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
  return rows.map(fromRow);
}

export async function findUnit(db: Knex, id: number): Promise<Unit | undefined> {
  const row = await db<Row>('units').where({ id }).first();
  return row ? fromRow(row) : undefined;
}

/** Sets (or, with null, clears) the headcount of a unit of this organization; resolves to false when there is no such unit. */
export async function updateUnitHeadcount(db: Knex, organizationId: number, id: number, headcount: number | null): Promise<boolean> {
  return (await db('units').where({ id, organization_id: organizationId }).update({ headcount })) > 0;
}

/** Whether the organization already has a unit of this name under `parentId` (null: among its departments). */
export async function unitNameTaken(db: Knex, organizationId: number, parentId: number | null, name: string): Promise<boolean> {
  const clash = await db('units')
    .where({ organization_id: organizationId, name })
    .modify((q) => (parentId === null ? q.whereNull('parent_id') : q.where('parent_id', parentId)))
    .first('id');
  return clash !== undefined;
}
