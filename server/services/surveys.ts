/**
 * Survey waves of one organization: creation from the default instrument (stored once per key + version),
 * opening and closing, listing, and response / invitation counts per unit.
 * Every function takes the organization id, so a survey of another organization is simply not found.
 */
import type { Knex } from 'knex';
import type { Instrument } from '../../analysis/instrument.js';
import { cellUnless, type Cell } from '../../analysis/suppressed.js';
import { suppressGroups } from '../../analysis/suppression.js';
import type { Clock } from '../clock.js';
import { insertAuditEvent } from '../data/audit-events.js';
import { ensureInstrument } from '../data/instruments.js';
import { invitationCountsByUnit, invitationsAddedAfterOpening as countAddedAfterOpening } from '../data/invitations.js';
import { countResponsesByUnit } from '../data/responses.js';
import { findSurveyById, findSurveyForUpdate, insertSurvey, listSurveys, type Survey, type SurveyAccess } from '../data/surveys.js';
import { createUnitService, flattenUnitTree } from './units.js';
import type { StaffUser } from './users.js';

export type { Survey } from '../data/surveys.js';

export interface NewSurveyInput {
  title: string;
  workflows: string[];
  access: SurveyAccess;
  anonymityThreshold: number;
  closesAt: Date | null;
}

/**
 * One row of the per-unit table on the survey page. `unitId` null = responses without a unit.
 * Responses (and used invitations, which count the same people) are suppressed below the survey's
 * anonymity threshold, with the differencing guard against the shown total; invitations sent say
 * nothing about who answered and are always shown.
 */
export interface UnitCount {
  readonly unitId: number | null;
  readonly path: string;
  readonly depth: number;
  readonly responses: Cell<number>;
  readonly invitationsSent: number;
  readonly invitationsUsed: Cell<number>;
}

export interface SurveyCounts {
  readonly rows: UnitCount[];
  readonly totalResponses: number;
  readonly totalInvitations: number;
  readonly totalUsed: number;
}

export function createSurveyService({ db, instrument, clock }: { db: Knex; instrument: Instrument; clock: Clock }) {
  const units = createUnitService({ db, clock });

  function list(organizationId: number): Promise<Survey[]> {
    return listSurveys(db, organizationId);
  }

  /** The survey with this id if it belongs to the organization; null otherwise. */
  async function find(organizationId: number, surveyId: number): Promise<Survey | null> {
    if (!Number.isSafeInteger(surveyId)) return null;
    const survey = await findSurveyById(db, surveyId);
    return survey && survey.organizationId === organizationId ? survey : null;
  }

  /** Creates a draft survey on the default instrument (its row is stored the first time and reused after),
   * recording it and its anonymity threshold in the audit log, as `actor` (null: no staff member, e.g. the CLI). */
  async function create(organizationId: number, input: NewSurveyInput, actor: StaffUser | null = null): Promise<Survey> {
    const instrumentId = await ensureInstrument(db, instrument);
    const id = await db.transaction(async (trx) => {
      const inserted = await insertSurvey(trx, { organizationId, instrumentId, status: 'draft', ...input });
      const detail = { title: input.title, anonymityThreshold: input.anonymityThreshold, access: input.access };
      await insertAuditEvent(trx, { organizationId, userId: actor?.id ?? null, surveyId: inserted, action: 'survey.create', detail, at: clock() });
      return inserted;
    });
    return (await find(organizationId, id))!;
  }

  /** The survey row of this organization, locked for the rest of `trx` (see findSurveyForUpdate). */
  async function lockedSurvey(trx: Knex.Transaction, organizationId: number, surveyId: number): Promise<Survey | null> {
    if (!Number.isSafeInteger(surveyId)) return null;
    const survey = await findSurveyForUpdate(trx, surveyId);
    return survey && survey.organizationId === organizationId ? survey : null;
  }

  /** Opens a draft or closed survey. Records when it first opened; a closing time already past is cleared
   * (otherwise a reopened survey would be closed at once). Resolves to false when not found. */
  async function open(organizationId: number, surveyId: number, actor: StaffUser | null = null): Promise<boolean> {
    return db.transaction(async (trx) => {
      const survey = await lockedSurvey(trx, organizationId, surveyId);
      if (!survey) return false;
      const now = clock();
      await trx('surveys')
        .where({ id: surveyId, organization_id: organizationId })
        .update({
          status: 'open',
          opens_at: (survey.opensAt ?? now).toISOString(),
          closes_at: survey.closesAt && survey.closesAt > now ? survey.closesAt.toISOString() : null,
        });
      await insertAuditEvent(trx, { organizationId, userId: actor?.id ?? null, surveyId, action: 'survey.open', detail: { from: survey.status }, at: now });
      return true;
    });
  }

  /**
   * Closes a survey now (status closed, closes_at = now). Resolves to false when not found.
   * Takes the survey row lock that every submission holds while it stores a response
   * (services/responses.ts), so once this resolves no response can be stored any more.
   */
  async function close(organizationId: number, surveyId: number, actor: StaffUser | null = null): Promise<boolean> {
    return db.transaction(async (trx) => {
      const survey = await lockedSurvey(trx, organizationId, surveyId);
      if (!survey) return false;
      const now = clock();
      await trx('surveys').where({ id: surveyId, organization_id: organizationId }).update({ status: 'closed', closes_at: now.toISOString() });
      await insertAuditEvent(trx, { organizationId, userId: actor?.id ?? null, surveyId, action: 'survey.close', detail: { from: survey.status }, at: now });
      return true;
    });
  }

  /** Responses and invitations (sent, used) per unit: every unit of the organization in tree order,
   * plus a "No unit" row when some responses or invitations carry none. */
  async function countsByUnit(organizationId: number, surveyId: number): Promise<SurveyCounts> {
    const survey = await find(organizationId, surveyId);
    if (!survey) throw new Error(`Survey ${surveyId} is not in organization ${organizationId}.`);
    const responses = new Map((await countResponsesByUnit(db, surveyId)).map((r) => [r.unitId === null ? null : Number(r.unitId), r.count]));
    const invitations = await invitationCountsByUnit(db, surveyId);
    const raw = flattenUnitTree(await units.tree(organizationId)).map((u) => ({ unitId: u.id as number | null, path: u.path, depth: u.depth }));
    if (responses.has(null) || invitations.has(null)) raw.push({ unitId: null, path: 'No unit', depth: 0 });
    const counted = raw.map((r) => ({ ...r, responses: responses.get(r.unitId) ?? 0, sent: invitations.get(r.unitId)?.sent ?? 0, used: invitations.get(r.unitId)?.used ?? 0 }));
    const sum = (f: (r: (typeof counted)[number]) => number) => counted.reduce((acc, r) => acc + f(r), 0);
    const totalResponses = sum((r) => r.responses);
    // Each row counts only the responses filed under that unit, so the rows are siblings under the total.
    const K = survey.anonymityThreshold;
    const hidden = suppressGroups([{ key: 'total', n: totalResponses }, ...counted.map((r) => ({ key: String(r.unitId), n: r.responses, parentKey: 'total' }))], K);
    const rows = counted.map((r): UnitCount => {
      const suppress = hidden.has(String(r.unitId));
      return { unitId: r.unitId, path: r.path, depth: r.depth, responses: cellUnless(suppress, r.responses, r.responses, K), invitationsSent: r.sent, invitationsUsed: cellUnless(suppress, r.used, r.used, K) };
    });
    return { rows, totalResponses, totalInvitations: sum((r) => r.sent), totalUsed: sum((r) => r.used) };
  }

  /** Invitations of the survey created after it first opened (see data/invitations.ts). */
  function invitationsAddedAfterOpening(survey: Pick<Survey, 'id'>): Promise<number> {
    return countAddedAfterOpening(db, survey.id);
  }

  return { list, find, create, open, close, countsByUnit, invitationsAddedAfterOpening };
}

export type SurveyService = ReturnType<typeof createSurveyService>;
