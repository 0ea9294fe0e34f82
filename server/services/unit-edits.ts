/**
 * Changing and retiring units without losing their responses: rename, move (re-parent, never into its
 * own subtree) and archive or restore. A unit keeps its id through all of it, so every response stays
 * filed on it; an archived unit stays in the tree (old reports keep it) but is offered to no one.
 *
 * Moving changes which responses a department counts. A unit that a survey's report hides would have
 * its figures given away by the difference between its old and its new department, so such a move is
 * refused (add a new unit and archive this one instead); and, like headcounts, only admins and
 * consultants move units. Every change is in the audit log.
 */
import { insertAuditEvent } from '../data/audit-events.js';
import { listSurveys } from '../data/surveys.js';
import { listUnits, setUnitsArchivedAt, unitNameTaken, updateUnitPlace, type Unit } from '../data/units.js';
import { FieldError, ForbiddenError } from '../errors.js';
import type { ReportReaderDeps } from './reports.js';
import { buildUnitTree, flattenUnitTree, mayChangeHeadcounts } from './units.js';
import type { StaffUser } from './users.js';

export interface UnitEdit {
  readonly name: string;
  /** The new parent (null: top level, a department). */
  readonly parentId: number | null;
}

/** The ids of `unitId` and every unit below it. */
export function subtreeIds(units: readonly Pick<Unit, 'id' | 'parentId'>[], unitId: number): Set<number> {
  const ids = new Set([unitId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of units)
      if (u.parentId !== null && ids.has(u.parentId) && !ids.has(u.id)) {
        ids.add(u.id);
        grew = true;
      }
  }
  return ids;
}

/** "Department / Team" of each unit, by id. */
function pathsOf(units: readonly Unit[]): Map<number, string> {
  return new Map(flattenUnitTree(buildUnitTree(units)).map((n) => [n.id, n.path]));
}

export function createUnitEditService({ db, clock, reports }: ReportReaderDeps) {
  /** Titles of the organization's surveys whose report hides the unit's figures. */
  async function surveysHiding(organizationId: number, unitId: number): Promise<string[]> {
    const titles: string[] = [];
    for (const survey of await listSurveys(db, organizationId)) {
      if (survey.status === 'draft') continue;
      const { report } = await reports.forSurvey(survey);
      if (report.status !== 'ok') continue;
      const row = report.units.find((u) => u.id === String(unitId));
      if (row?.scores.suppressed) titles.push(survey.title);
    }
    return titles;
  }

  /**
   * Renames and/or moves a unit of the organization. Throws FieldError for an empty, too long or
   * (among the new siblings) taken name, a parent that is not an active unit of the organization or
   * lies in the unit's own subtree, an archived unit, and a move a report would give figures away by;
   * ForbiddenError when an analyst moves a unit. Resolves to false when the unit is not in the organization.
   */
  async function edit(
    actor: StaffUser | null,
    organizationId: number,
    unitId: number,
    input: UnitEdit,
  ): Promise<boolean> {
    const name = input.name.trim();
    if (!name) throw new FieldError('name', 'Enter the unit’s name.');
    if (name.length > 120) throw new FieldError('name', 'Use at most 120 characters.');
    const units = await listUnits(db, organizationId);
    const unit = units.find((u) => u.id === unitId);
    if (!unit) return false;
    if (unit.archivedAt) throw new FieldError('name', 'This unit is archived: restore it before changing it.');
    const moving = input.parentId !== unit.parentId;
    if (moving) {
      if (!mayChangeHeadcounts(actor))
        throw new ForbiddenError(
          'Only an admin or a consultant assigned to this organization can move a unit, since it changes which responses a department counts.',
        );
      const parent = input.parentId === null ? null : units.find((u) => u.id === input.parentId);
      if (parent === undefined || parent?.archivedAt)
        throw new FieldError('parentId', 'Choose a unit of this organization that is in use, or the top level.');
      if (parent && subtreeIds(units, unitId).has(parent.id))
        throw new FieldError('parentId', 'A unit cannot move inside itself or one of its own teams.');
      const hiding = await surveysHiding(organizationId, unitId);
      if (hiding.length > 0)
        throw new FieldError(
          'parentId',
          `The report of ${hiding.map((t) => `“${t}”`).join(', ')} hides this unit’s figures (too few responses), and moving it would let them be worked out from its old and new place. Add a new unit where it belongs and archive this one instead.`,
        );
    }
    if (await unitNameTaken(db, organizationId, input.parentId, name, unitId))
      throw new FieldError('name', 'A unit with this name already exists there.');
    if (!moving && name === unit.name) return true;
    const paths = pathsOf(units);
    await db.transaction(async (trx) => {
      await updateUnitPlace(trx, organizationId, unitId, { name, parentId: input.parentId });
      const event = { organizationId, userId: actor?.id ?? null, surveyId: null, at: clock() };
      if (name !== unit.name)
        await insertAuditEvent(trx, { ...event, action: 'unit.rename', detail: { unitId, from: unit.name, to: name } });
      if (moving) {
        const to = input.parentId === null ? null : (paths.get(input.parentId) ?? null);
        const from = unit.parentId === null ? null : (paths.get(unit.parentId) ?? null);
        await insertAuditEvent(trx, { ...event, action: 'unit.move', detail: { unitId, unit: name, from, to } });
      }
    });
    return true;
  }

  /** Archives (true) or restores (false) a unit with every unit below it; false when the unit is not in the organization. */
  async function setArchived(
    actor: StaffUser | null,
    organizationId: number,
    unitId: number,
    archived: boolean,
  ): Promise<boolean> {
    const units = await listUnits(db, organizationId);
    const unit = units.find((u) => u.id === unitId);
    if (!unit) return false;
    if (!archived && unit.parentId !== null && units.find((u) => u.id === unit.parentId)?.archivedAt)
      throw new FieldError('unit', 'Its parent unit is archived: restore that one first.');
    const ids = [...subtreeIds(units, unitId)].filter(
      (id) => !!units.find((u) => u.id === id)?.archivedAt !== archived,
    );
    const now = clock();
    await db.transaction(async (trx) => {
      await setUnitsArchivedAt(trx, organizationId, ids, archived ? now : null);
      await insertAuditEvent(trx, {
        organizationId,
        userId: actor?.id ?? null,
        surveyId: null,
        action: archived ? 'unit.archive' : 'unit.restore',
        detail: { unitId, unit: pathsOf(units).get(unitId) ?? unit.name, units: ids.length },
        at: now,
      });
    });
    return true;
  }

  return {
    edit,
    archive: (actor: StaffUser | null, organizationId: number, unitId: number) =>
      setArchived(actor, organizationId, unitId, true),
    restore: (actor: StaffUser | null, organizationId: number, unitId: number) =>
      setArchived(actor, organizationId, unitId, false),
  };
}

export type UnitEditService = ReturnType<typeof createUnitEditService>;
