/**
 * Who may see, use and change which instrument. The shipped default (no owner) is seen and used by
 * everyone and changed by no one. An organization's instrument is seen by the staff who see the
 * organization; a consultant's by the consultant, and once shared and published by the staff of every
 * organization the consultant is assigned to. Admins and consultants change them; analysts only use them.
 */
import type { Knex } from 'knex';
import type { InstrumentScope, InstrumentSummary } from '../data/instrument-catalog.js';
import { ForbiddenError } from '../errors.js';
import type { StaffUser } from './users.js';
import { visibleOrganizationIds } from './viewer.js';

/** Who owns a new instrument: one of the viewer's organizations, or the consultant themself. */
export type InstrumentOwner = { readonly organizationId: number } | { readonly userId: number };

export async function instrumentScope(db: Knex, viewer: StaffUser): Promise<InstrumentScope> {
  const ids = await visibleOrganizationIds(db, viewer);
  return ids === 'all' ? 'all' : { userId: viewer.id, organizationIds: ids };
}

/** The instruments an organization's surveys may use (published ones are picked among these). */
export const organizationScope = (organizationId: number): InstrumentScope => ({
  userId: null,
  organizationIds: [organizationId],
});

export const isDefaultInstrument = (row: Pick<InstrumentSummary, 'organizationId' | 'ownerUserId'>) =>
  row.organizationId === null && row.ownerUserId === null;

export function mayShapeInstruments(viewer: StaffUser): boolean {
  return viewer.role === 'admin' || viewer.role === 'consultant';
}

export function assertMayShape(viewer: StaffUser): void {
  if (!mayShapeInstruments(viewer))
    throw new ForbiddenError('Only admins and consultants create and change instruments.');
}

/** May the viewer change this row (ignoring whether a survey froze it)? */
export async function mayEdit(db: Knex, viewer: StaffUser, row: InstrumentSummary): Promise<boolean> {
  if (!mayShapeInstruments(viewer) || isDefaultInstrument(row)) return false;
  if (viewer.role === 'admin') return true;
  if (row.ownerUserId !== null) return row.ownerUserId === viewer.id;
  const ids = await visibleOrganizationIds(db, viewer);
  return ids === 'all' || ids.includes(row.organizationId!);
}

/** Checks the owner a viewer names for a new instrument. Throws ForbiddenError. */
export async function assertMayOwn(db: Knex, viewer: StaffUser, owner: InstrumentOwner): Promise<void> {
  assertMayShape(viewer);
  if ('userId' in owner) {
    if (owner.userId !== viewer.id || viewer.role !== 'consultant')
      throw new ForbiddenError('Only a consultant keeps instruments of their own.');
    return;
  }
  const ids = await visibleOrganizationIds(db, viewer);
  if (ids !== 'all' && !ids.includes(owner.organizationId))
    throw new ForbiddenError('Choose one of your organizations as the owner.');
}
