/**
 * Survey waves of one organization: creation from the default instrument (stored once per key + version),
 * opening and closing, listing, and response / invitation counts per unit.
 * Every function takes the organization id, so a survey of another organization is simply not found.
 */
import type { Knex } from 'knex';
import type { Instrument } from '../../analysis/instrument.js';
import type { Clock } from '../clock.js';
import { ensureInstrument } from '../data/instruments.js';
import { countResponsesByUnit } from '../data/responses.js';
import { findSurveyById, insertSurvey, listSurveys, type Survey, type SurveyAccess } from '../data/surveys.js';
import { toBool } from '../data/values.js';
import { createUnitService, flattenUnitTree } from './units.js';

export type { Survey } from '../data/surveys.js';

export interface NewSurveyInput {
  title: string;
  workflows: string[];
  access: SurveyAccess;
  anonymityThreshold: number;
  closesAt: Date | null;
}

/** One row of the per-unit table on the survey page. `unitId` null = responses without a unit. */
export interface UnitCount {
  readonly unitId: number | null;
  readonly path: string;
  readonly depth: number;
  readonly responses: number;
  readonly invitationsSent: number;
  readonly invitationsUsed: number;
}

export interface SurveyCounts {
  readonly rows: UnitCount[];
  readonly totalResponses: number;
  readonly totalInvitations: number;
  readonly totalUsed: number;
}

export function createSurveyService({ db, instrument, clock }: { db: Knex; instrument: Instrument; clock: Clock }) {
  const units = createUnitService({ db });

  function list(organizationId: number): Promise<Survey[]> {
    return listSurveys(db, organizationId);
  }

  /** The survey with this id if it belongs to the organization; null otherwise. */
  async function find(organizationId: number, surveyId: number): Promise<Survey | null> {
    if (!Number.isSafeInteger(surveyId)) return null;
    const survey = await findSurveyById(db, surveyId);
    return survey && survey.organizationId === organizationId ? survey : null;
  }

  /** Creates a draft survey on the default instrument (its row is stored the first time and reused after). */
  async function create(organizationId: number, input: NewSurveyInput): Promise<Survey> {
    const instrumentId = await ensureInstrument(db, instrument);
    const id = await insertSurvey(db, { organizationId, instrumentId, status: 'draft', ...input });
    return (await find(organizationId, id))!;
  }

  /** Opens a draft or closed survey. Records when it first opened; a closing time already past is cleared
   * (otherwise a reopened survey would be closed at once). Resolves to false when not found. */
  async function open(organizationId: number, surveyId: number): Promise<boolean> {
    const survey = await find(organizationId, surveyId);
    if (!survey) return false;
    const now = clock();
    await db('surveys')
      .where({ id: surveyId, organization_id: organizationId })
      .update({
        status: 'open',
        opens_at: (survey.opensAt ?? now).toISOString(),
        closes_at: survey.closesAt && survey.closesAt > now ? survey.closesAt.toISOString() : null,
      });
    return true;
  }

  /** Closes a survey now (status closed, closes_at = now). Resolves to false when not found. */
  async function close(organizationId: number, surveyId: number): Promise<boolean> {
    const changed = await db('surveys').where({ id: surveyId, organization_id: organizationId }).update({ status: 'closed', closes_at: clock().toISOString() });
    return changed > 0;
  }

  /** Responses and invitations (sent, used) per unit: every unit of the organization in tree order,
   * plus a "No unit" row when some responses or invitations carry none. */
  async function countsByUnit(organizationId: number, surveyId: number): Promise<SurveyCounts> {
    if (!(await find(organizationId, surveyId))) throw new Error(`Survey ${surveyId} is not in organization ${organizationId}.`);
    const responses = new Map((await countResponsesByUnit(db, surveyId)).map((r) => [r.unitId === null ? null : Number(r.unitId), r.count]));
    const invitationRows: { unit_id: number | null; used: unknown; n: number | string }[] = await db('invitations')
      .where({ survey_id: surveyId })
      .groupBy('unit_id', 'used')
      .select('unit_id', 'used')
      .count({ n: '*' });
    const invitations = new Map<number | null, { sent: number; used: number }>();
    for (const r of invitationRows) {
      const key = r.unit_id === null ? null : Number(r.unit_id);
      const entry = invitations.get(key) ?? { sent: 0, used: 0 };
      entry.sent += Number(r.n);
      if (toBool(r.used)) entry.used += Number(r.n);
      invitations.set(key, entry);
    }
    const row = (unitId: number | null, path: string, depth: number): UnitCount => ({
      unitId,
      path,
      depth,
      responses: responses.get(unitId) ?? 0,
      invitationsSent: invitations.get(unitId)?.sent ?? 0,
      invitationsUsed: invitations.get(unitId)?.used ?? 0,
    });
    const rows = flattenUnitTree(await units.tree(organizationId)).map((u) => row(u.id, u.path, u.depth));
    if (responses.has(null) || invitations.has(null)) rows.push(row(null, 'No unit', 0));
    const sum = (f: (r: UnitCount) => number) => rows.reduce((acc, r) => acc + f(r), 0);
    return { rows, totalResponses: sum((r) => r.responses), totalInvitations: sum((r) => r.invitationsSent), totalUsed: sum((r) => r.invitationsUsed) };
  }

  return { list, find, create, open, close, countsByUnit };
}

export type SurveyService = ReturnType<typeof createSurveyService>;
