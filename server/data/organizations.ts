/** Queries on the organizations table. */
import type { Knex } from 'knex';
import { insertedId, toDate } from './values.js';

export interface Organization {
  readonly id: number;
  readonly name: string;
  readonly slug: string;
  readonly industry: string | null;
  readonly sizeBand: string | null;
  readonly createdAt: Date;
}

interface Row {
  id: number;
  name: string;
  slug: string;
  industry: string | null;
  size_band: string | null;
  created_at: unknown;
}

function fromRow(row: Row): Organization {
  return { id: row.id, name: row.name, slug: row.slug, industry: row.industry, sizeBand: row.size_band, createdAt: toDate(row.created_at)! };
}

export async function insertOrganization(
  db: Knex,
  org: { name: string; slug: string; industry?: string | null; sizeBand?: string | null },
): Promise<number> {
  const rows = await db('organizations')
    .insert({ name: org.name, slug: org.slug, industry: org.industry ?? null, size_band: org.sizeBand ?? null })
    .returning('id');
  return insertedId(rows);
}

export async function findOrganizationById(db: Knex, id: number): Promise<Organization | undefined> {
  const row = await db<Row>('organizations').where({ id }).first();
  return row ? fromRow(row) : undefined;
}

export async function findOrganizationBySlug(db: Knex, slug: string): Promise<Organization | undefined> {
  const row = await db<Row>('organizations').where({ slug }).first();
  return row ? fromRow(row) : undefined;
}

export async function listOrganizations(db: Knex): Promise<Organization[]> {
  const rows = await db<Row>('organizations').orderBy('name');
  return rows.map(fromRow);
}

/** The slugs in use that equal `base` or extend it as `base-…` (base holds only a-z, 0-9 and hyphens: no LIKE wildcards). */
export async function listSlugsLike(db: Knex, base: string): Promise<string[]> {
  return db('organizations').where('slug', base).orWhere('slug', 'like', `${base}-%`).pluck('slug');
}

/** Renames an organization (its slug, and so its URLs, stay); false when there is no such organization. */
export async function updateOrganizationName(db: Knex, id: number, name: string): Promise<boolean> {
  return (await db('organizations').where({ id }).update({ name })) > 0;
}
