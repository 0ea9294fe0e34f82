/**
 * Survey waves of one organization: creation on a published instrument (the default is stored once per key + version),
 * opening and closing, and listing. Response counts come from the released report (services/reports.ts).
 * Every function takes the organization id, so a survey of another organization is simply not found.
 */
import type { Knex } from 'knex';
import type { Instrument } from '../../analysis/scales/instrument.js';
import type { Clock } from '../clock.js';
import { insertAuditEvent } from '../data/audit-events.js';
import { findInstrumentRecord } from '../data/instrument-catalog.js';
import { ensureInstrument, seriesInstrumentIds } from '../data/instruments.js';
import { invitationsAddedAfterOpening as countAddedAfterOpening } from '../data/invitations.js';
import {
  findSurveyById,
  findSurveyForUpdate,
  insertSurvey,
  listSurveys,
  markSurveyClosed,
  markSurveyOpen,
  type Survey,
  type SurveyAccess,
} from '../data/surveys.js';
import { FieldError } from '../errors.js';
import { organizationScope } from './instrument-access.js';
import type { StaffUser } from './users.js';

export type { Survey } from '../data/surveys.js';

export interface NewSurveyInput {
  title: string;
  workflows: string[];
  access: SurveyAccess;
  anonymityThreshold: number;
  closesAt: Date | null;
  /** A published instrument visible to the organization (services/instruments.ts `selectableFor`); absent: the default. */
  instrumentId?: number | null;
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

  /** Why a survey cannot close at `closesAt` (a time already past), or null; a form shows it with its other errors. */
  function closingDayError(closesAt: Date | null): string | null {
    return closesAt && closesAt <= clock() ? 'Choose a day that has not passed yet.' : null;
  }

  /** The chosen instrument's id once checked published and visible to the organization; the default's when none. */
  async function chosenInstrument(organizationId: number, chosen: number | null | undefined): Promise<number> {
    if (chosen === undefined || chosen === null) return ensureInstrument(db, instrument);
    const row = await findInstrumentRecord(db, organizationScope(organizationId), chosen);
    if (!row || row.status !== 'published')
      throw new FieldError('instrumentId', 'Choose one of the published instruments listed.');
    return row.id;
  }

  /** Creates a draft survey on the chosen (else the default) instrument (its row is stored the first time and reused after),
   * recording it and its anonymity threshold in the audit log, as `actor` (null: no staff member, e.g. the CLI).
   * Throws FieldError('closesAt') for a closing day that has already passed. */
  async function create(
    organizationId: number,
    input: NewSurveyInput,
    actor: StaffUser | null = null,
  ): Promise<Survey> {
    const closing = closingDayError(input.closesAt);
    if (closing) throw new FieldError('closesAt', closing);
    const instrumentId = await chosenInstrument(organizationId, input.instrumentId);
    const { instrumentId: _chosen, ...settings } = input;
    const id = await db.transaction(async (trx) => {
      const inserted = await insertSurvey(trx, { organizationId, instrumentId, status: 'draft', ...settings });
      const detail = { title: input.title, anonymityThreshold: input.anonymityThreshold, access: input.access };
      await insertAuditEvent(trx, {
        organizationId,
        userId: actor?.id ?? null,
        surveyId: inserted,
        action: 'survey.create',
        detail,
        at: clock(),
      });
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
      await markSurveyOpen(trx, organizationId, surveyId, {
        opensAt: survey.opensAt ?? now,
        closesAt: survey.closesAt && survey.closesAt > now ? survey.closesAt : null,
      });
      await insertAuditEvent(trx, {
        organizationId,
        userId: actor?.id ?? null,
        surveyId,
        action: 'survey.open',
        detail: { from: survey.status },
        at: now,
      });
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
      await markSurveyClosed(trx, organizationId, surveyId, now);
      await insertAuditEvent(trx, {
        organizationId,
        userId: actor?.id ?? null,
        surveyId,
        action: 'survey.close',
        detail: { from: survey.status },
        at: now,
      });
      return true;
    });
  }

  /** Invitations of the survey created after it first opened (see data/invitations.ts). */
  function invitationsAddedAfterOpening(survey: Pick<Survey, 'id'>): Promise<number> {
    return countAddedAfterOpening(db, survey.id);
  }

  /** The instrument versions that form one series of waves with `instrumentId` (analysis/scales/instrument-series.ts). */
  async function seriesInstruments(instrumentId: number): Promise<ReadonlySet<number>> {
    return new Set(await seriesInstrumentIds(db, instrumentId));
  }

  return { list, find, closingDayError, create, open, close, invitationsAddedAfterOpening, seriesInstruments };
}

export type SurveyService = ReturnType<typeof createSurveyService>;
