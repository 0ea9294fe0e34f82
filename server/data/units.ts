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
}

interface Row {
  id: number;
  organization_id: number;
  parent_id: number | null;
  name: string;
  kind: UnitKind;
}

function fromRow(row: Row): Unit {
  return { id: row.id, organizationId: row.organization_id, parentId: row.parent_id, name: row.name, kind: row.kind };
}

export async function insertUnit(
  db: Knex,
  unit: { organizationId: number; parentId?: number | null; name: string; kind: UnitKind },
): Promise<number> {
  const rows = await db('units')
    .insert({ organization_id: unit.organizationId, parent_id: unit.parentId ?? null, name: unit.name, kind: unit.kind })
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
