/**
 * The report of a survey: cut a new release when the release rule allows (services/report-releases.ts),
 * load the released responses, units, invitations and instrument, and build the one `Report`
 * (analysis/report/build-report.ts) with every count and figure suppressed inside it.
 *
 * Cache (services/report-cache.ts): an in-process LRU keyed by survey id and a data version read from the database on every request
 * (one indexed query: the latest release and the survey's invitations) with the unit tree (names, parents, archived). Any app server computes the same
 * version, so a release cut through another server invalidates this one's entry too; nothing runs in the
 * background. Concurrent requests for the same version share one build. Behind the LRU, the view of a
 * version is stored in the database and built once for every app server (services/report-snapshots.ts).
 */
import type { Knex } from 'knex';
import type { ReportInput } from '../../analysis/report/build-report.js';
import type { Report } from '../../analysis/report/report.js';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { scoreColumns } from '../../analysis/scales/scoring.js';
import { systemClock, type Clock } from '../clock.js';
import { findInstrumentById } from '../data/instruments.js';
import { invitationCountsByUnit, invitationsAddedAfterOpening } from '../data/invitations.js';
import type { Release } from '../data/report-releases.js';
import { loadReportData, surveyDataVersion, type SurveyDataVersion } from '../data/report-rows.js';
import type { Survey } from '../data/surveys.js';
import { listUnits, type Unit } from '../data/units.js';
import { instrumentItemIds } from '../instruments/load.js';
import { silentLogger, type Logger } from '../logger.js';
import { buildInProcess, type BootstrapMethod, type ReportBuilder } from './report-build.js';
import { createReportCache } from './report-cache.js';
import { createReleaseService } from './report-releases.js';
import { responseColumns } from './report-response-columns.js';
import { createReportSnapshots, type ReportSnapshotOptions } from './report-snapshots.js';

export type { BootstrapMethod, ReportBuilder };

/** Where the survey's report stands: which release it shows, whether responses wait for the next. */
export interface Overview {
  /** The release the report shows; null before the first (fewer than K usable responses so far). */
  readonly release: Release | null;
  /** True when responses have come in that a later release will add. */
  readonly waiting: boolean;
  /** True when invitations were generated for this survey. */
  readonly invitations: boolean;
  /** Invitation links generated after the survey opened (each generation is in the audit log). */
  readonly invitationsAddedAfterOpening: number;
}

export interface ReportView {
  readonly report: Report;
  readonly overview: Overview;
  readonly version: SurveyDataVersion;
  readonly bootstrapMethod: BootstrapMethod;
}

export interface ReportServiceOptions {
  readonly db: Knex;
  /** Dates the releases (default the system clock). */
  readonly clock?: Clock;
  /**
   * Builds the report (services/report-build.ts): by default in-process; the composition root passes the
   * worker pool's (services/report-pool.ts); tests inject a counting one.
   */
  readonly build?: ReportBuilder;
  /** Bootstrap replicates, seed and level passed to the builder (defaults 1000, 1, 0.95). */
  readonly bootstrap?: { readonly B: number; readonly seed: number; readonly level: number };
  /** Above this many responses the block bootstrap is used (default 20,000). */
  readonly blockBootstrapAbove?: number;
  /** Entries kept in the LRU (default 8). */
  readonly cacheSize?: number;
  /** Where the snapshot store reports trouble (default: nowhere). */
  readonly logger?: Logger;
  /** Views stored in the database for every app server (services/report-snapshots.ts); false keeps them in this process (a benchmark that times the build). */
  readonly snapshots?: ReportSnapshotOptions | false;
}

export function createReportService({
  db,
  clock = systemClock,
  build = buildInProcess,
  bootstrap = { B: 1000, seed: 1, level: 0.95 },
  blockBootstrapAbove = 20_000,
  cacheSize = 8,
  logger = silentLogger,
  snapshots = {},
}: ReportServiceOptions) {
  const cache = createReportCache<ReportView>(cacheSize);
  const releases = createReleaseService({ db, clock });
  const stored = snapshots === false ? null : createReportSnapshots<ReportView>({ ...snapshots, db, clock, logger });

  /** The report view of a survey (the caller has already checked the survey is visible to the viewer). */
  async function forSurvey(survey: Survey): Promise<ReportView> {
    const state = await releases.refresh(survey);
    const [version, units] = await Promise.all([
      surveyDataVersion(db, survey.id),
      listUnits(db, survey.organizationId),
    ]);
    // A unit renamed, moved or archived changes the report's tree, so it is part of the key.
    const tree = units.map((u) => [u.id, u.parentId, u.name, u.archivedAt !== null]);
    const key = JSON.stringify([
      version,
      survey.instrumentId,
      survey.anonymityThreshold,
      survey.commentThreshold,
      tree,
      // Cuts are built only for a closed survey (ReportInput.withholdCuts).
      survey.status === 'closed',
    ]);
    const computeView = () => compute(survey, version, state, units);
    return withWaiting(
      cache.get(survey.id, key, () => (stored ? stored.shared(survey.id, key, computeView) : computeView())),
      state.waiting,
    );
  }

  /** The cached view with this request's word on waiting responses (which do not change the report). */
  async function withWaiting(view: Promise<ReportView>, waiting: boolean): Promise<ReportView> {
    const v = await view;
    return v.overview.waiting === waiting ? v : { ...v, overview: { ...v.overview, waiting } };
  }

  async function compute(
    survey: Survey,
    version: SurveyDataVersion,
    state: { release: Release | null; waiting: boolean },
    units: readonly Unit[],
  ): Promise<ReportView> {
    const stored = await findInstrumentById(db, survey.instrumentId);
    if (!stored)
      throw new Error(
        `Survey ${survey.id} names instrument ${survey.instrumentId}, which is not stored; restore the instruments table.`,
      );
    const { instrument } = stored;
    const itemIds = instrumentItemIds(instrument);
    const [built, addedAfterOpening] = await Promise.all([
      computeWith(survey, version, instrument, itemIds, units),
      invitationsAddedAfterOpening(db, survey.id),
    ]);
    return {
      ...built,
      overview: { ...state, invitations: version.invitations > 0, invitationsAddedAfterOpening: addedAfterOpening },
    };
  }

  async function computeWith(
    survey: Survey,
    version: SurveyDataVersion,
    instrument: Instrument,
    itemIds: string[],
    allUnits: readonly Unit[],
  ): Promise<Omit<ReportView, 'overview'>> {
    const [data, invitations] = await Promise.all([
      loadReportData(db, survey.id, itemIds, { releaseId: version.releaseId }),
      invitationCountsByUnit(db, survey.id),
    ]);
    const units = unitsOfReport(allUnits, data.unitIds);
    const bootstrapMethod: BootstrapMethod = data.n > blockBootstrapAbove ? 'blocks' : 'rows';
    const input: ReportInput = {
      instrument,
      // Answers were read straight into columns; they are scored once here and the builder (and the block bootstrap) reuse them.
      scored: scoreColumns(instrument, data.answers),
      // The responses stay columns (unit and workflow codes): no object per response.
      responses: responseColumns(data, units),
      units: units.map((u) => ({ id: String(u.id), name: u.name, parent: nullableId(u.parentId) })),
      invitations: [...invitations].map(([unitId, c]) => ({ unit: nullableId(unitId), sent: c.sent })),
      excludedLowQuality: data.excludedLowQuality,
      threshold: survey.anonymityThreshold,
      withholdCuts: survey.status !== 'closed',
      commentThreshold: survey.commentThreshold,
      bootstrap: bootstrap.B,
      seed: bootstrap.seed,
      level: bootstrap.level,
    };
    // Above the limit the intervals come from blocks of respondents (services/report-build.ts).
    const report: Report = await build(input, bootstrapMethod);
    return { report, version, bootstrapMethod };
  }

  return { forSurvey };
}

export type ReportService = ReturnType<typeof createReportService>;

/** What a service built on reports takes (unit edits, the export): the database, the clock and the reports. */
export interface ReportReaderDeps {
  readonly db: Knex;
  readonly clock: Clock;
  readonly reports: Pick<ReportService, 'forSurvey'>;
}

/**
 * The units a report lists: every unit in use, and an archived one only where this survey's responses
 * are filed on it or below it (an old wave keeps its retired teams; a new one is not cluttered by them).
 * Leaving out units without responses changes no count, so no suppression decision.
 */
export function unitsOfReport<U extends Pick<Unit, 'id' | 'parentId' | 'archivedAt'>>(
  units: readonly U[],
  unitIds: Int32Array,
): U[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const keep = new Set(units.filter((u) => !u.archivedAt).map((u) => u.id));
  for (const code of new Set(unitIds)) {
    const start: number | null = code < 0 ? null : code;
    for (let id = start, depth = 0; id !== null && depth <= units.length; id = byId.get(id)?.parentId ?? null, depth++)
      keep.add(id);
  }
  return units.filter((u) => keep.has(u.id));
}

function nullableId(id: number | null): string | null {
  return id === null ? null : String(id);
}
