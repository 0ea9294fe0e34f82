/**
 * Organizations (clients): creation with a unique slug, and lookups scoped to what a viewer may see.
 */
import type { Knex } from 'knex';
import type { StaffUser } from './users.js';
import { visibleOrganizationIds } from './viewer.js';

export const SIZE_BANDS = ['1-49', '50-249', '250-999', '1000-4999', '5000+'] as const;

export interface Organization {
  readonly id: number;
  readonly name: string;
  readonly slug: string;
  readonly industry: string | null;
  readonly sizeBand: string | null;
}

export interface NewOrganization {
  name: string;
  industry?: string | null;
  sizeBand?: string | null;
}

interface OrganizationRow {
  id: number;
  name: string;
  slug: string;
  industry: string | null;
  size_band: string | null;
}

const toOrganization = (r: OrganizationRow): Organization => ({ id: r.id, name: r.name, slug: r.slug, industry: r.industry, sizeBand: r.size_band });

/** Lower-case ASCII words joined by hyphens ("Acme & Söhne GmbH" → "acme-sohne-gmbh"); "org" when nothing is left. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || 'org';
}

export function createOrganizationService({ db }: { db: Knex }) {
  function scoped(ids: 'all' | number[]) {
    const q = db<OrganizationRow>('organizations');
    return ids === 'all' ? q : q.whereIn('id', ids);
  }

  /** The organizations the viewer may see, by name. */
  async function listVisible(viewer: StaffUser): Promise<Organization[]> {
    const rows = await scoped(await visibleOrganizationIds(db, viewer)).orderBy('name');
    return rows.map(toOrganization);
  }

  /** The organization with this slug if the viewer may see it; null otherwise (callers answer 404). */
  async function findVisible(viewer: StaffUser, slug: string): Promise<Organization | null> {
    const row = await scoped(await visibleOrganizationIds(db, viewer)).where({ slug }).first();
    return row ? toOrganization(row) : null;
  }

  async function listAll(): Promise<Organization[]> {
    return (await db<OrganizationRow>('organizations').orderBy('name')).map(toOrganization);
  }

  /** Creates an organization; the slug comes from the name, with -2, -3 … appended when taken. */
  async function create(input: NewOrganization): Promise<Organization> {
    const base = slugify(input.name);
    const taken = new Set<string>(await db('organizations').where('slug', base).orWhere('slug', 'like', `${base}-%`).pluck('slug'));
    let slug = base;
    for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
    const row = { name: input.name.trim(), slug, industry: input.industry?.trim() || null, size_band: input.sizeBand || null };
    const [inserted] = await db('organizations').insert(row, ['id']);
    const id = typeof inserted === 'object' ? (inserted as { id: number }).id : (inserted as number);
    return toOrganization({ id, ...row });
  }

  return { listVisible, findVisible, listAll, create };
}

export type OrganizationService = ReturnType<typeof createOrganizationService>;
