/**
 * The report of a survey: cut a new release when the release rule allows (services/report-releases.ts),
 * load the released responses, units, invitations and instrument, and build the one `Report`
 * (analysis/report/build-report.ts) with every count and figure suppressed inside it.
 *
 * Cache (services/report-cache.ts): an in-process LRU keyed by survey id and a data version read from the database on every request
 * (one indexed query: the latest release and the survey's invitations) with the unit tree (names, parents, archived). Any app server computes the same
 * version, so a release cut through another server invalidates this one's entry too; nothing runs in the
 * background. Concurrent requests for the same version share one build.
 */
import type { Knex } from 'knex';
import { completeModelRows } from '../../analysis/bootstrap/decomposition-bootstrap.js';
import type { ImportanceModel } from '../../analysis/importance/relative-importance.js';
import { buildReport, type ReportInput } from '../../analysis/report/build-report.js';
import { applyBlockDraws, BLOCKS, type BlockDrawsOutcome } from '../../analysis/report/report-block-intervals.js';
import { instrumentModel } from '../../analysis/report/report-decomposition.js';
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
import { createReportCache } from './report-cache.js';
import { startBlockDraws, withBlockBootstrap, type BlockDrawsWorker } from './report-intervals.js';
import { createReleaseService } from './report-releases.js';

export type BootstrapMethod = 'rows' | 'blocks';
export type ReportBuilder = (input: ReportInput) => Report;

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
  /** The report builder (default analysis/report/build-report.ts's `buildReport`; tests inject a counting one). */
  readonly build?: ReportBuilder;
  /** Bootstrap replicates, seed and level passed to the builder (defaults 1000, 1, 0.95). */
  readonly bootstrap?: { readonly B: number; readonly seed: number; readonly level: number };
  /** Above this many responses the block bootstrap is used (default 20,000). */
  readonly blockBootstrapAbove?: number;
  /** Entries kept in the LRU (default 8). */
  readonly cacheSize?: number;
  /** Block draws in a worker thread beside the build (default true); false draws them in-process after it. */
  readonly blockWorker?: boolean;
  /** Where a failed block-draws worker is reported (default: nowhere). */
  readonly logger?: Logger;
}

export function createReportService({
  db,
  clock = systemClock,
  build = buildReport,
  bootstrap = { B: 1000, seed: 1, level: 0.95 },
  blockBootstrapAbove = 20_000,
  cacheSize = 8,
  blockWorker = true,
  logger = silentLogger,
}: ReportServiceOptions) {
  const cache = createReportCache<ReportView>(cacheSize);
  const releases = createReleaseService({ db, clock });

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
    ]);
    return withWaiting(
      cache.get(survey.id, key, () => compute(survey, version, state, units)),
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
    // A big survey's block draws run in a worker beside the build; started now, it loads while the rows do.
    const worker =
      blockWorker && (state.release?.responses ?? 0) > blockBootstrapAbove && bootstrap.B > 0
        ? startBlockDraws({ logger })
        : null;
    try {
      const [built, addedAfterOpening] = await Promise.all([
        computeWith(survey, version, instrument, itemIds, worker, units),
        invitationsAddedAfterOpening(db, survey.id),
      ]);
      return {
        ...built,
        overview: { ...state, invitations: version.invitations > 0, invitationsAddedAfterOpening: addedAfterOpening },
      };
    } finally {
      worker?.cancel();
    }
  }

  async function computeWith(
    survey: Survey,
    version: SurveyDataVersion,
    instrument: Instrument,
    itemIds: string[],
    worker: BlockDrawsWorker | null,
    allUnits: readonly Unit[],
  ): Promise<Omit<ReportView, 'overview'>> {
    const [data, invitations] = await Promise.all([
      loadReportData(db, survey.id, itemIds),
      invitationCountsByUnit(db, survey.id),
    ]);
    const { rows } = data;
    const units = unitsOfReport(allUnits, rows);
    const parentOf = new Map(units.map((u) => [u.id, u.parentId]));
    const bootstrapMethod: BootstrapMethod = rows.length > blockBootstrapAbove ? 'blocks' : 'rows';
    const input: ReportInput = {
      instrument,
      // Answers were read straight into columns; they are scored once here and the builder (and the block bootstrap) reuse them.
      scored: scoreColumns(instrument, data.answers),
      responses: rows.map((r) => ({
        unit: r.unitId === null ? null : String(r.unitId),
        unitParent: r.unitId === null ? null : nullableId(parentOf.get(r.unitId) ?? null),
        workflow: r.workflow,
        comment: r.comment,
      })),
      units: units.map((u) => ({ id: String(u.id), name: u.name, parent: nullableId(u.parentId) })),
      invitations: [...invitations].map(([unitId, c]) => ({ unit: nullableId(unitId), sent: c.sent })),
      excludedLowQuality: data.excludedLowQuality,
      threshold: survey.anonymityThreshold,
      commentThreshold: survey.commentThreshold,
      bootstrap: bootstrap.B,
      seed: bootstrap.seed,
      level: bootstrap.level,
    };
    // Above the limit the builder skips its row bootstrap and the block bootstrap adds the intervals.
    let report: Report;
    if (bootstrapMethod === 'rows') report = build(input);
    else {
      const pending = worker ? startDraws(worker, instrument, input) : null;
      const built = build({ ...input, bootstrap: 0 });
      report =
        pending && built.status === 'ok' && built.decomposition
          ? applyBlockDraws(built, instrument, await pending, {
              B: bootstrap.B,
              seed: bootstrap.seed,
              level: bootstrap.level,
              blocks: BLOCKS,
            })
          : withBlockBootstrap(built, input);
    }
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
 * Hands the worker the complete model rows (it takes them as soon as it is up), so the draws run
 * while the report is built; null (the caller then draws in-process after the build) when the model cannot be formed,
 * in which case the build reports why.
 */
function startDraws(
  worker: BlockDrawsWorker,
  instrument: Instrument,
  input: ReportInput,
): Promise<BlockDrawsOutcome> | null {
  let model: ImportanceModel, rows: Float64Array[];
  try {
    model = instrumentModel(instrument);
    rows = completeModelRows(input.scored!.scores, model);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
  const draws = worker.draws(rows, model, { B: input.bootstrap ?? 1000, seed: input.seed ?? 1, blocks: BLOCKS });
  draws.catch(() => undefined); // awaited after the build; a build that fails first must not leave it unhandled
  return draws;
}

/**
 * The units a report lists: every unit in use, and an archived one only where this survey's responses
 * are filed on it or below it (an old wave keeps its retired teams; a new one is not cluttered by them).
 * Leaving out units without responses changes no count, so no suppression decision.
 */
export function unitsOfReport<U extends Pick<Unit, 'id' | 'parentId' | 'archivedAt'>>(
  units: readonly U[],
  rows: readonly { readonly unitId: number | null }[],
): U[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const keep = new Set(units.filter((u) => !u.archivedAt).map((u) => u.id));
  for (const start of new Set(rows.map((r) => r.unitId)))
    for (let id = start, depth = 0; id !== null && depth <= units.length; id = byId.get(id)?.parentId ?? null, depth++)
      keep.add(id);
  return units.filter((u) => keep.has(u.id));
}

function nullableId(id: number | null): string | null {
  return id === null ? null : String(id);
}
