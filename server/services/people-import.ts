/**
 * Importing an organization's people from a CSV: `preview` reads the file and says what would change
 * (or every row error) without writing; `apply` does it in one transaction, all or nothing: units
 * created along the paths, people added, updated (matched by email) and, when asked, removed, and the
 * headcounts set from the people count. Raising a headcount lifts the cap on invitation links, so
 * only admins and consultants may import, and every import is in the audit log.
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { insertAuditEvent } from '../data/audit-events.js';
import {
  countPeople,
  deletePeople,
  insertPeople,
  listPeople,
  listPeopleAfter,
  updatePerson,
  type Person,
} from '../data/people.js';
import { insertUnit, listUnits, updateUnitHeadcount } from '../data/units.js';
import { ForbiddenError, ValidationError } from '../errors.js';
import { readPeopleCsv, type RowError } from './people-csv.js';
import { planPeopleImport, type ImportPlan, type PersonFieldsWithUnit, type UnitRef } from './people-import-plan.js';
import { mayChangeHeadcounts } from './units.js';
import type { StaffUser } from './users.js';

export interface ImportSummary {
  /** People listed in the file. */
  readonly people: number;
  readonly errors: readonly RowError[];
  readonly ignoredColumns: readonly string[];
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly removed: number;
  readonly newUnits: readonly string[];
  readonly headcounts: readonly { path: string; from: number | null; to: number | null }[];
}

export interface ImportOptions {
  /** Remove the organization's people who are not in the file (they leave every address list). */
  readonly removeMissing: boolean;
}

export type { Person } from '../data/people.js';

export const whoMayImport =
  'Only an admin or a consultant assigned to this organization can import people, since an import sets headcounts.';

function summarize(
  people: number,
  ignoredColumns: string[],
  errors: RowError[],
  plan: ImportPlan | null,
): ImportSummary {
  return {
    people,
    errors,
    ignoredColumns,
    added: plan?.add.length ?? 0,
    updated: plan?.update.length ?? 0,
    unchanged: plan?.unchanged ?? 0,
    removed: plan?.remove.length ?? 0,
    newUnits: plan?.newUnits.map((u) => u.path) ?? [],
    headcounts: plan?.headcounts.map(({ path, from, to }) => ({ path, from, to })) ?? [],
  };
}

export function createPeopleImportService({ db, clock }: { db: Knex; clock: Clock }) {
  function check(actor: StaffUser): void {
    if (!mayChangeHeadcounts(actor)) throw new ForbiddenError(whoMayImport);
  }

  async function planFor(trx: Knex, organizationId: number, text: string, options: ImportOptions) {
    const csv = readPeopleCsv(text);
    if (csv.errors.length > 0) return { csv, plan: null };
    const [units, people] = await Promise.all([listUnits(trx, organizationId), listPeople(trx, organizationId)]);
    return { csv, plan: planPeopleImport(csv.rows, units, people, options) };
  }

  /** What importing `text` would do, or its row errors; writes nothing. */
  async function preview(
    actor: StaffUser,
    organizationId: number,
    text: string,
    options: ImportOptions,
  ): Promise<ImportSummary> {
    check(actor);
    const { csv, plan } = await planFor(db, organizationId, text, options);
    return summarize(csv.rows.length, csv.ignoredColumns, csv.errors, plan);
  }

  /**
   * Imports `text` in one transaction. Throws ValidationError when the file has row errors (nothing is
   * written; `preview` lists them).
   */
  async function apply(
    actor: StaffUser,
    organizationId: number,
    text: string,
    options: ImportOptions,
  ): Promise<ImportSummary> {
    check(actor);
    return db.transaction(async (trx) => {
      const { csv, plan } = await planFor(trx, organizationId, text, options);
      if (!plan)
        throw new ValidationError(
          `The file has ${csv.errors.length} error(s): nothing was imported. Check it again to see them.`,
        );
      const now = clock();
      const ids = new Map<UnitRef, number>();
      const idOf = (ref: UnitRef | null) => (ref === null ? null : typeof ref === 'number' ? ref : ids.get(ref)!);
      for (const unit of plan.newUnits) {
        const parentId = idOf(unit.parent);
        ids.set(
          unit.key,
          await insertUnit(trx, {
            organizationId,
            parentId,
            name: unit.name,
            kind: parentId === null ? 'department' : 'team',
          }),
        );
      }
      const withId = ({ unit, ...rest }: PersonFieldsWithUnit) => ({ ...rest, unitId: idOf(unit) });
      await insertPeople(
        trx,
        organizationId,
        plan.add.map((p) => withId(p.fields)),
        now,
      );
      for (const person of plan.update) await updatePerson(trx, organizationId, person.id, withId(person.fields), now);
      await deletePeople(trx, organizationId, plan.remove);
      for (const change of plan.headcounts)
        await updateUnitHeadcount(trx, organizationId, idOf(change.unit)!, change.to);
      const summary = summarize(csv.rows.length, csv.ignoredColumns, csv.errors, plan);
      await insertAuditEvent(trx, {
        organizationId,
        userId: actor.id,
        surveyId: null,
        action: 'people.import',
        detail: {
          added: summary.added,
          updated: summary.updated,
          removed: summary.removed,
          unitsCreated: summary.newUnits.length,
          headcounts: summary.headcounts.slice(0, 100),
        },
        at: now,
      });
      return summary;
    });
  }

  /**
   * Up to `limit` people of the organization's address list after the id `afterId`, in id order (a page
   * read from the database, not the whole list): admins and consultants only (ForbiddenError), as the import.
   */
  async function listAfter(
    actor: StaffUser,
    organizationId: number,
    afterId: number,
    limit: number,
  ): Promise<Person[]> {
    check(actor);
    return listPeopleAfter(db, organizationId, afterId, limit);
  }

  /** How many people the organization's address list holds. */
  function count(organizationId: number): Promise<number> {
    return countPeople(db, organizationId);
  }

  return { preview, apply, listAfter, count };
}

export type PeopleImportService = ReturnType<typeof createPeopleImportService>;
