/**
 * Survey waves of one organization: creation from the default instrument (stored once per key + version),
 * opening and closing, and listing. Response counts come from the released report (services/reports.ts).
 * Every function takes the organization id, so a survey of another organization is simply not found.
 */
import type { Knex } from 'knex';
import type { Instrument } from '../../analysis/scales/instrument.js';
import type { Clock } from '../clock.js';
import { ensureInstrument } from '../data/instruments.js';
import { findSurveyById, insertSurvey, listSurveys, type Survey, type SurveyAccess } from '../data/surveys.js';

export type { Survey } from '../data/surveys.js';

export interface NewSurveyInput {
  title: string;
  workflows: string[];
  access: SurveyAccess;
  anonymityThreshold: number;
  closesAt: Date | null;
}

export function createSurveyService({ db, instrument, clock }: { db: Knex; instrument: Instrument; clock: Clock }) {

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
  return { list, find, create, open, close };
}

export type SurveyService = ReturnType<typeof createSurveyService>;
