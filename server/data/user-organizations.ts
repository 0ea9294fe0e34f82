/**
 * Queries on the user_organizations table: which organizations a consultant is assigned to (an analyst's
 * one organization is users.organization_id instead; admins see every organization).
 */
import type { Knex } from 'knex';

export interface OrganizationAssignment {
  readonly userId: number;
  readonly organizationId: number;
}

/** The ids of the organizations assigned to this user. */
export async function listAssignedOrganizationIds(db: Knex, userId: number): Promise<number[]> {
  const ids: unknown[] = await db('user_organizations').where({ user_id: userId }).pluck('organization_id');
  return ids.map(Number);
}

/** Every assignment of every user. */
export async function listAssignments(db: Knex): Promise<OrganizationAssignment[]> {
  const rows: { user_id: number | string; organization_id: number | string }[] = await db('user_organizations').select('user_id', 'organization_id');
  return rows.map((r) => ({ userId: Number(r.user_id), organizationId: Number(r.organization_id) }));
}

/** Assigns the organization to the user; assigning it again changes nothing. */
export async function insertAssignment(db: Knex, userId: number, organizationId: number): Promise<void> {
  await db('user_organizations').insert({ user_id: userId, organization_id: organizationId }).onConflict(['user_id', 'organization_id']).ignore();
}
