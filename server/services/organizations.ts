/**
 * Organizations (clients): creation with a unique slug, and lookups scoped to what a viewer may see.
 */
import type { Knex } from 'knex';
import {
  findOrganizationById,
  findOrganizationBySlug,
  insertOrganization,
  listOrganizations,
  listSlugsLike,
  type Organization,
} from '../data/organizations.js';
import type { StaffUser } from './users.js';
import { visibleOrganizationIds } from './viewer.js';

export const SIZE_BANDS = ['1-49', '50-249', '250-999', '1000-4999', '5000+'] as const;

export type { Organization } from '../data/organizations.js';

export interface NewOrganization {
  name: string;
  industry?: string | null;
  sizeBand?: string | null;
}

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
  function visible(ids: 'all' | number[], org: Organization): boolean {
    return ids === 'all' || ids.includes(org.id);
  }

  /** The organizations the viewer may see, by name. */
  async function listVisible(viewer: StaffUser): Promise<Organization[]> {
    const ids = await visibleOrganizationIds(db, viewer);
    return (await listOrganizations(db)).filter((org) => visible(ids, org));
  }

  /** The organization with this slug if the viewer may see it; null otherwise (callers answer 404). */
  async function findVisible(viewer: StaffUser, slug: string): Promise<Organization | null> {
    const org = await findOrganizationBySlug(db, slug);
    return org && visible(await visibleOrganizationIds(db, viewer), org) ? org : null;
  }

  /** Creates an organization; the slug comes from the name, with -2, -3 … appended when taken. */
  async function create(input: NewOrganization): Promise<Organization> {
    // "new" would collide with the /orgs/new page.
    const base = slugify(input.name) === 'new' ? 'new-org' : slugify(input.name);
    const taken = new Set(await listSlugsLike(db, base));
    let slug = base;
    for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
    const id = await insertOrganization(db, {
      name: input.name.trim(),
      slug,
      industry: input.industry?.trim() || null,
      sizeBand: input.sizeBand || null,
    });
    return (await findOrganizationById(db, id))!;
  }

  return { listVisible, findVisible, create };
}

export type OrganizationService = ReturnType<typeof createOrganizationService>;
