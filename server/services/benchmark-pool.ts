/**
 * The opt-in benchmark pool. An admin gives (or withdraws) an organization's consent, recorded with
 * who and when (data/benchmark-pool.ts). A client is then placed among the pool's organizations on
 * the same instrument version: each member's latest open or closed wave of that version, counted only
 * when its released report clears its own anonymity threshold (analysis/benchmarks/pool-position.ts
 * does the placing). Fewer than MIN_POOL such organizations: nothing is placed, and the result says
 * how many there are. Nothing of a member but its figures' values leaves this file, and those only
 * as quartiles and ranks: no name, slug or count of its responses.
 */
import type { Knex } from 'knex';
import { MIN_POOL, placeInPool, type FigurePosition } from '../../analysis/benchmarks/pool-position.js';
import { poolValues, positionFigures } from '../../analysis/benchmarks/report-figures.js';
import { systemClock, type Clock } from '../clock.js';
import {
  insertPoolConsent,
  latestSurveyIdsOnInstrument,
  poolConsentHistory,
  poolMemberIds,
  withdrawPoolConsent,
  type PoolConsent,
} from '../data/benchmark-pool.js';
import { findSurveyById, listSurveys, type Survey } from '../data/surveys.js';
import { ForbiddenError } from '../errors.js';
import type { Organization } from './organizations.js';
import type { ReportService } from './reports.js';
import type { StaffUser } from './users.js';

export interface PoolWave {
  readonly id: number;
  readonly title: string;
  readonly status: Survey['status'];
  /** The day of the release the figures are as of; null when no release has been cut. */
  readonly releasedOn: string | null;
}

export type PoolPosition =
  | { readonly status: 'no-wave'; readonly waves: readonly PoolWave[] }
  | {
      readonly status: 'client-suppressed' | 'too-few' | 'placed';
      readonly waves: readonly PoolWave[];
      /** The wave compared, and whether it was the default (the latest with released figures). */
      readonly wave: PoolWave;
      readonly chosen: boolean;
      readonly instrument: { readonly key: string; readonly version: number; readonly title: string };
      /** Pool organizations on this instrument version that qualify (client excluded). */
      readonly qualifying: number;
      /** client-suppressed: the client's threshold; otherwise null. */
      readonly n_below: number | null;
      readonly figures: readonly FigurePosition[];
    };

export interface BenchmarkPoolDeps {
  readonly db: Knex;
  readonly reports: Pick<ReportService, 'forSurvey'>;
  readonly clock?: Clock;
}

export function createBenchmarkPoolService({ db, reports, clock = systemClock }: BenchmarkPoolDeps) {
  function assertAdmin(actor: StaffUser): void {
    if (actor.role !== 'admin') throw new ForbiddenError('Only an admin can give or withdraw consent to the pool.');
  }

  /** The organization's consents, newest first; `standing` is the one in force, if any. */
  async function consentOf(organizationId: number): Promise<{ standing: PoolConsent | null; history: PoolConsent[] }> {
    const history = await poolConsentHistory(db, organizationId);
    return { standing: history.find((c) => c.withdrawnAt === null) ?? null, history };
  }

  /** Records the admin's consent for the organization (nothing when one stands); true when recorded. */
  async function join(actor: StaffUser, organizationId: number): Promise<boolean> {
    assertAdmin(actor);
    return insertPoolConsent(db, organizationId, actor.id, clock());
  }

  /** Withdraws the standing consent (the organization leaves the pool at once); true when one stood. */
  async function withdraw(actor: StaffUser, organizationId: number): Promise<boolean> {
    assertAdmin(actor);
    return withdrawPoolConsent(db, organizationId, actor.id, clock());
  }

  /** The client's open and closed waves, newest first, each with the day of its released figures. */
  async function wavesOf(org: Organization): Promise<{ wave: PoolWave; survey: Survey }[]> {
    const surveys = (await listSurveys(db, org.id))
      .filter((s) => s.status !== 'draft')
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
    const out: { wave: PoolWave; survey: Survey }[] = [];
    for (const survey of surveys) {
      const { overview } = await reports.forSurvey(survey);
      out.push({
        survey,
        wave: {
          id: survey.id,
          title: survey.title,
          status: survey.status,
          releasedOn: overview.release?.releasedOn ?? null,
        },
      });
    }
    return out;
  }

  /**
   * The client's place in the pool, for the wave `surveyId` of the client (null: the latest wave with
   * released figures). The caller has checked that the viewer may see `org`; a wave of another
   * organization is treated as not given.
   */
  async function positionOf(org: Organization, surveyId: number | null): Promise<PoolPosition> {
    const all = await wavesOf(org);
    const waves = all.map((w) => w.wave);
    const picked = surveyId !== null ? all.find((w) => w.survey.id === surveyId) : undefined;
    const chosen = picked ?? all.find((w) => w.wave.releasedOn !== null);
    if (!chosen) return { status: 'no-wave', waves };
    const { report } = await reports.forSurvey(chosen.survey);
    const instrument = {
      key: report.meta.instrument.id,
      version: report.meta.instrument.version,
      title: report.meta.instrument.title,
    };
    const base = { waves, wave: chosen.wave, chosen: picked !== undefined, instrument };
    const pool = await poolOf(org.id, chosen.survey.instrumentId);
    if (report.status === 'suppressed')
      return { ...base, status: 'client-suppressed', qualifying: pool.length, n_below: report.n_below, figures: [] };
    if (pool.length < MIN_POOL)
      return { ...base, status: 'too-few', qualifying: pool.length, n_below: null, figures: [] };
    const figures = placeInPool(positionFigures(report), pool);
    return { ...base, status: 'placed', qualifying: pool.length, n_below: null, figures };
  }

  /** The figure values of each qualifying pool organization on the instrument (the client left out). */
  async function poolOf(clientId: number, instrumentId: number): Promise<Record<string, number>[]> {
    const members = [...(await poolMemberIds(db))].filter((id) => id !== clientId);
    const latest = await latestSurveyIdsOnInstrument(db, members, instrumentId);
    const values: Record<string, number>[] = [];
    // One report at a time, as the benchmark table does: builds are CPU-bound.
    for (const surveyId of latest.values()) {
      const survey = await findSurveyById(db, surveyId);
      if (!survey) continue;
      const { report, overview } = await reports.forSurvey(survey);
      if (report.status !== 'ok' || !overview.release) continue;
      values.push(poolValues(report));
    }
    return values;
  }

  return { consentOf, join, withdraw, positionOf, memberIds: () => poolMemberIds(db) };
}

export type BenchmarkPoolService = ReturnType<typeof createBenchmarkPoolService>;
