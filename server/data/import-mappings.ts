/** Queries on import_mappings: named column mappings for imports, per organization (definition = JSON text). */
import type { Knex } from 'knex';
import { insertedId, toDate } from './values.js';

export interface StoredMapping {
  readonly id: number;
  readonly organizationId: number;
  readonly name: string;
  /** The mapping's JSON text (services/import-mapping.ts parses it). */
  readonly definition: string;
  readonly updatedAt: Date;
}

interface Row {
  id: number;
  organization_id: number;
  name: string;
  definition: string;
  updated_at: unknown;
}

function fromRow(row: Row): StoredMapping {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    definition: row.definition,
    updatedAt: toDate(row.updated_at)!,
  };
}

/** Stores the mapping under its name, replacing the organization's mapping of that name; resolves to its id. */
export async function saveMapping(db: Knex, organizationId: number, name: string, definition: string, now: Date): Promise<number> {
  const existing = await db<Row>('import_mappings').where({ organization_id: organizationId, name }).first();
  if (existing) {
    await db('import_mappings').where({ id: existing.id }).update({ definition, updated_at: now });
    return existing.id;
  }
  const rows = await db('import_mappings')
    .insert({ organization_id: organizationId, name, definition, created_at: now, updated_at: now })
    .returning('id');
  return insertedId(rows);
}

/** The organization's mappings by name. */
export async function listMappings(db: Knex, organizationId: number): Promise<StoredMapping[]> {
  const rows = await db<Row>('import_mappings').where({ organization_id: organizationId }).orderBy('name');
  return rows.map(fromRow);
}

/** The organization's mapping `id`; undefined for another organization's. */
export async function findMapping(db: Knex, organizationId: number, id: number): Promise<StoredMapping | undefined> {
  const row = await db<Row>('import_mappings').where({ organization_id: organizationId, id }).first();
  return row ? fromRow(row) : undefined;
}
