/**
 * Which organizations a staff member may see. Every organization-scoped query goes through
 * `visibleOrganizationIds` (directly or via organizations.findVisible), so a URL of an organization
 * the viewer may not see resolves to "not found", never to "forbidden".
 */
import type { Knex } from 'knex';
import { listAssignedOrganizationIds } from '../data/user-organizations.js';
import type { StaffUser } from './users.js';

/** 'all' for admins; otherwise the explicit list (possibly empty). */
export async function visibleOrganizationIds(db: Knex, viewer: StaffUser): Promise<'all' | number[]> {
  if (viewer.role === 'admin') return 'all';
  if (viewer.role === 'analyst') return viewer.organizationId === null ? [] : [viewer.organizationId];
  return listAssignedOrganizationIds(db, viewer.id);
}
