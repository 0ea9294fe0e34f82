/**
 * Units of an organization: departments (top level) with teams inside, stored as a tree (parent_id).
 * Every function takes the organization id, so no query can reach another organization's units.
 */
import type { Knex } from 'knex';
import { systemClock, type Clock } from '../clock.js';
import { insertAuditEvent } from '../data/audit-events.js';
import { findUnit, insertUnit, listUnits, unitNameTaken, updateUnitHeadcount, type Unit } from '../data/units.js';
import { FieldError, ForbiddenError } from '../errors.js';
import type { StaffUser } from './users.js';

export type { Unit } from '../data/units.js';

export interface NewUnit {
  readonly name: string;
  readonly parentId?: number | null;
  readonly headcount?: number | null;
}

/** A unit with its children, for rendering the tree; `path` is "Department / Team". */
export interface UnitNode extends Unit {
  readonly path: string;
  readonly depth: number;
  readonly children: UnitNode[];
}

/** A unit as some callers hold it, before the headcount and archiving were known to them (read as not set). */
type UnitWithoutHeadcount = Omit<Unit, 'headcount' | 'archivedAt'> & {
  readonly headcount?: number | null;
  readonly archivedAt?: Date | null;
};

/** Builds the tree from a flat list, children sorted by name. */
export function buildUnitTree(units: readonly UnitWithoutHeadcount[]): UnitNode[] {
  const byParent = new Map<number | null, UnitWithoutHeadcount[]>();
  for (const u of units) byParent.set(u.parentId, [...(byParent.get(u.parentId) ?? []), u]);
  const walk = (parentId: number | null, prefix: string, depth: number): UnitNode[] =>
    (byParent.get(parentId) ?? [])
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((u) => {
        const path = prefix ? `${prefix} / ${u.name}` : u.name;
        return {
          ...u,
          headcount: u.headcount ?? null,
          archivedAt: u.archivedAt ?? null,
          path,
          depth,
          children: walk(u.id, path, depth + 1),
        };
      });
  return walk(null, '', 0);
}

/** The tree in display order (depth first), handy for selects and tables. */
export function flattenUnitTree(nodes: readonly UnitNode[]): UnitNode[] {
  return nodes.flatMap((n) => [n, ...flattenUnitTree(n.children)]);
}

/** The largest headcount a unit may have. */
export const MAX_HEADCOUNT = 1_000_000;
export const headcountMessage = `Enter the number of people as a whole number from 1 to ${MAX_HEADCOUNT.toLocaleString('en')}, or leave it empty.`;

/**
 * Who may change an existing unit's headcount: admins, and consultants on their organizations. Not
 * analysts: raising a cap is how a small team would be padded with extra invitation links.
 */
export function mayChangeHeadcounts(actor: Pick<StaffUser, 'role'> | null): boolean {
  return actor === null || actor.role !== 'analyst';
}

function checkHeadcount(headcount: number | null): void {
  if (headcount !== null && (!Number.isInteger(headcount) || headcount < 1 || headcount > MAX_HEADCOUNT))
    throw new FieldError('headcount', headcountMessage);
}

export function createUnitService({ db, clock = systemClock }: { db: Knex; clock?: Clock }) {
  function list(organizationId: number): Promise<Unit[]> {
    return listUnits(db, organizationId);
  }

  async function tree(organizationId: number): Promise<UnitNode[]> {
    return buildUnitTree(await list(organizationId));
  }

  /** Adds a unit. Without a parent it is a department; with one (a unit of the same organization) a team.
   * `headcount` (optional, 1..MAX_HEADCOUNT) caps the invitations per survey for the unit. */
  function create(organizationId: number, input: NewUnit): Promise<Unit> {
    return createIn(db, organizationId, input);
  }

  /**
   * Adds several units in one transaction, all or none, each under the rules of `create`; a unit may
   * name an earlier one of the list as its parent by its place in the list (`parentIndex`, from 0).
   * A FieldError names the unit at fault by its place too (`units.2.name`).
   */
  async function createMany(
    organizationId: number,
    inputs: readonly (NewUnit & { readonly parentIndex?: number | null })[],
  ): Promise<Unit[]> {
    return db.transaction(async (trx) => {
      const created: Unit[] = [];
      for (const [i, { parentIndex, ...input }] of inputs.entries()) {
        try {
          if (parentIndex !== undefined && parentIndex !== null && !(parentIndex >= 0 && parentIndex < i))
            throw new FieldError('parentIndex', 'Name a unit earlier in the list as the parent.');
          const parentId = parentIndex === undefined || parentIndex === null ? input.parentId : created[parentIndex].id;
          created.push(await createIn(trx, organizationId, { ...input, parentId }));
        } catch (err) {
          if (!(err instanceof FieldError)) throw err;
          throw new FieldError(`units.${i}.${err.field}`, `Unit ${i + 1}: ${err.message} Nothing was created.`);
        }
      }
      return created;
    });
  }

  async function createIn(trx: Knex, organizationId: number, input: NewUnit): Promise<Unit> {
    const headcount = input.headcount ?? null;
    checkHeadcount(headcount);
    const name = input.name.trim();
    if (!name) throw new FieldError('name', 'Enter the unit’s name.');
    if (name.length > 120) throw new FieldError('name', 'Use at most 120 characters.');
    const parentId = input.parentId ?? null;
    if (parentId !== null) {
      const parent = await findUnit(trx, parentId);
      if (!parent || parent.organizationId !== organizationId)
        throw new FieldError('parentId', 'Choose a parent unit of this organization.');
      if (parent.archivedAt) throw new FieldError('parentId', 'That unit is archived: choose a unit in use.');
    }
    if (await unitNameTaken(trx, organizationId, parentId, name))
      throw new FieldError('name', 'A unit with this name already exists here.');
    const kind = parentId === null ? ('department' as const) : ('team' as const);
    const id = await insertUnit(trx, { organizationId, parentId, name, kind, headcount });
    return { id, organizationId, parentId, name, kind, headcount, archivedAt: null };
  }

  /**
   * Sets or (null) clears a unit's headcount, recording the change in the audit log (raising a headcount
   * is how a cap would be lifted to pad a team). Resolves to false when the unit is not in the organization.
   */
  async function setHeadcount(
    actor: StaffUser | null,
    organizationId: number,
    unitId: number,
    headcount: number | null,
  ): Promise<boolean> {
    if (!mayChangeHeadcounts(actor))
      throw new ForbiddenError(
        'Only an admin or a consultant assigned to this organization can change a headcount, since a higher cap allows more invitation links.',
      );
    checkHeadcount(headcount);
    return db.transaction(async (trx) => {
      const unit = await findUnit(trx, unitId);
      if (!unit || unit.organizationId !== organizationId) return false;
      await updateUnitHeadcount(trx, organizationId, unitId, headcount);
      await insertAuditEvent(trx, {
        organizationId,
        userId: actor?.id ?? null,
        surveyId: null,
        action: 'unit.headcount',
        detail: { unitId, unit: unit.name, from: unit.headcount, to: headcount },
        at: clock(),
      });
      return true;
    });
  }

  return { list, tree, create, createMany, setHeadcount };
}

export type UnitService = ReturnType<typeof createUnitService>;
