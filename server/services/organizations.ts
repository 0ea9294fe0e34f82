/**
 * Organizations (clients): creation with a unique name and slug, renaming (the slug stays, so links
 * keep working), and lookups scoped to what a viewer may see.
 */
import type { Knex } from 'knex';
import { systemClock, type Clock } from '../clock.js';
import { insertAuditEvent } from '../data/audit-events.js';
import {
  findOrganizationById,
  findOrganizationBySlug,
  insertOrganization,
  listOrganizations,
  listSlugsLike,
  updateOrganizationName,
  type Organization,
} from '../data/organizations.js';
import { FieldError } from '../errors.js';
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

/** A name as compared for uniqueness: trimmed, inner spaces collapsed, case and Unicode form ignored. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

export function createOrganizationService({ db, clock = systemClock }: { db: Knex; clock?: Clock }) {
  /** Throws FieldError('name') when another organization (not `exceptId`) has this name, case aside. */
  async function assertNameFree(name: string, exceptId: number | null): Promise<void> {
    const clash = (await listOrganizations(db)).find((o) => o.id !== exceptId && nameKey(o.name) === nameKey(name));
    if (clash)
      throw new FieldError(
        'name',
        `An organization named “${clash.name}” already exists. Use another name, or open that one from the list.`,
      );
  }

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

  /**
   * Creates an organization; the slug comes from the name, with -2, -3 … appended when taken. Throws
   * FieldError('name') when an organization of that name (case aside) exists.
   */
  async function create(input: NewOrganization): Promise<Organization> {
    await assertNameFree(input.name, null);
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

  /** Renames the organization (the slug stays), recording it in its audit log; FieldError('name') for an empty, long or taken name. */
  async function rename(actor: StaffUser | null, org: Organization, name: string): Promise<Organization> {
    const trimmed = name.trim();
    if (!trimmed) throw new FieldError('name', 'Enter the organization’s name.');
    if (trimmed.length > 120) throw new FieldError('name', 'Use at most 120 characters.');
    if (trimmed === org.name) return org;
    await assertNameFree(trimmed, org.id);
    await db.transaction(async (trx) => {
      await updateOrganizationName(trx, org.id, trimmed);
      await insertAuditEvent(trx, {
        organizationId: org.id,
        userId: actor?.id ?? null,
        surveyId: null,
        action: 'organization.rename',
        detail: { from: org.name, to: trimmed },
        at: clock(),
      });
    });
    return { ...org, name: trimmed };
  }

  return { listVisible, findVisible, create, rename };
}

export type OrganizationService = ReturnType<typeof createOrganizationService>;
