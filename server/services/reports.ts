/**
 * The report of a survey: load its responses, units and instrument, build the one `Report`
 * (analysis/build-report.ts), and add the overview figures that come from the database (response rate
 * per unit, last submission day), suppressed like every per-unit figure.
 *
 * Cache: an in-process LRU keyed by survey id and a data version read from the database on every request
 * (one indexed query: counts and max ids of the survey's responses and invitations). Any app server
 * computes the same version, so a response stored through another server invalidates this one's entry
 * too; nothing runs in the background. Concurrent requests for the same version share one build.
 */
import type { Knex } from 'knex';
import { buildReport, type ReportInput } from '../../analysis/build-report.js';
import type { Report } from '../../analysis/report.js';
import { cellUnless, type Cell } from '../../analysis/suppressed.js';
import { suppressGroups, type GroupCount } from '../../analysis/suppression.js';
import { findInstrumentById } from '../data/instruments.js';
import { instrumentItemIds } from '../instruments/load.js';
import { invitationCountsByUnit } from '../data/invitations.js';
import { loadReportData, surveyDataVersion, type SurveyDataVersion } from '../data/report-rows.js';
import { scoreColumns } from '../../analysis/scoring.js';
import { listUnits } from '../data/units.js';
import { startBlockDraws, withBlockBootstrap, type BlockDrawsWorker } from './report-intervals.js';
import { applyBlockDraws, BLOCKS, type BlockDrawsOutcome } from '../../analysis/report-block-intervals.js';
import { completeModelRows } from '../../analysis/decomposition-bootstrap.js';
import type { Instrument } from '../../analysis/instrument.js';
import type { ImportanceModel } from '../../analysis/relative-importance.js';
import { instrumentModel } from '../../analysis/report-decomposition.js';
import type { Survey } from '../data/surveys.js';
import { buildUnitTree, flattenUnitTree } from './units.js';

export type BootstrapMethod = 'rows' | 'blocks';
export type ReportBuilder = (input: ReportInput) => Report;

/** Response counts and invitation use of one unit (counts include the unit's sub-units). */
export interface UnitRate {
  readonly key: string;
  readonly path: string;
  readonly depth: number;
  /** n = responses; suppressed for 0 < n < K and against differencing (analysis/suppression.ts). */
  readonly figures: Cell<{ readonly sent: number; readonly used: number; readonly rate: number | null }>;
}

export interface Overview {
  /** 'YYYY-MM-DD' of the latest response; null without responses. */
  readonly lastSubmissionDay: string | null;
  /** True when invitations were generated for this survey. */
  readonly invitations: boolean;
  readonly units: readonly UnitRate[];
}

export interface ReportView {
  readonly report: Report;
  readonly overview: Overview;
  readonly version: SurveyDataVersion;
  readonly bootstrapMethod: BootstrapMethod;
}

export interface ReportServiceOptions {
  readonly db: Knex;
  /** The report builder (default analysis/build-report.ts's `buildReport`; tests inject a counting one). */
  readonly build?: ReportBuilder;
  /** Bootstrap replicates, seed and level passed to the builder (defaults 1000, 1, 0.95). */
  readonly bootstrap?: { readonly B: number; readonly seed: number; readonly level: number };
  /** Above this many responses the block bootstrap is used (default 20,000). */
  readonly blockBootstrapAbove?: number;
  /** Entries kept in the LRU (default 8). */
  readonly cacheSize?: number;
  /** Block draws in a worker thread beside the build (default true); false draws them in-process after it. */
  readonly blockWorker?: boolean;
}

export function createReportService({ db, build = buildReport, bootstrap = { B: 1000, seed: 1, level: 0.95 }, blockBootstrapAbove = 20_000, cacheSize = 8, blockWorker = true }: ReportServiceOptions) {
  const cache = new Map<number, { key: string; view: Promise<ReportView> }>();

  /** The report view of a survey (the caller has already checked the survey is visible to the viewer). */
  async function forSurvey(survey: Survey): Promise<ReportView> {
    const version = await surveyDataVersion(db, survey.id);
    const key = JSON.stringify([version, survey.instrumentId, survey.anonymityThreshold, survey.commentThreshold]);
    const hit = cache.get(survey.id);
    if (hit && hit.key === key) {
      cache.delete(survey.id);
      cache.set(survey.id, hit);
      return hit.view;
    }
    const view = compute(survey, version);
    cache.delete(survey.id);
    cache.set(survey.id, { key, view });
    while (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    // A failed build is not kept: the next request tries again.
    view.catch(() => {
      if (cache.get(survey.id)?.view === view) cache.delete(survey.id);
    });
    return view;
  }

  async function compute(survey: Survey, version: SurveyDataVersion): Promise<ReportView> {
    const stored = await findInstrumentById(db, survey.instrumentId);
    if (!stored) throw new Error(`Survey ${survey.id} names instrument ${survey.instrumentId}, which is not stored; restore the instruments table.`);
    const { instrument } = stored;
    const itemIds = instrumentItemIds(instrument);
    // A big survey's block draws run in a worker beside the build; started now, it loads while the rows do.
    const worker = blockWorker && version.responses > blockBootstrapAbove && bootstrap.B > 0 ? startBlockDraws() : null;
    try {
      return await computeWith(survey, version, instrument, itemIds, worker);
    } finally {
      worker?.cancel();
    }
  }

  async function computeWith(survey: Survey, version: SurveyDataVersion, instrument: Instrument, itemIds: string[], worker: BlockDrawsWorker | null): Promise<ReportView> {
    const [data, units, invitations] = await Promise.all([loadReportData(db, survey.id, itemIds), listUnits(db, survey.organizationId), invitationCountsByUnit(db, survey.id)]);
    const { rows } = data;
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
      report = pending && built.status === 'ok' && built.decomposition
        ? applyBlockDraws(built, instrument, await pending, { B: bootstrap.B, seed: bootstrap.seed, level: bootstrap.level, blocks: BLOCKS })
        : withBlockBootstrap(built, input);
    }
    const overview = unitRates(survey.anonymityThreshold, units, rows, invitations, data.lastSubmissionDay);
    return { report, overview, version, bootstrapMethod };
  }

  return { forSurvey };
}

export type ReportService = ReturnType<typeof createReportService>;

/**
 * Hands the worker the complete model rows (it takes them as soon as it is up), so the draws run
 * while the report is built; null (the caller then draws in-process after the build) when the model cannot be formed,
 * in which case the build reports why.
 */
function startDraws(worker: BlockDrawsWorker, instrument: Instrument, input: ReportInput): Promise<BlockDrawsOutcome> | null {
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

function nullableId(id: number | null): string | null {
  return id === null ? null : String(id);
}

/**
 * Responses and invitation use per unit in tree order, each unit counting its sub-units, with the
 * small-cell and differencing guards of `suppressGroups` over the tree "all → departments → teams"
 * (responses without a unit are a sibling group "none", shown only when not empty).
 */
function unitRates(
  threshold: number,
  units: readonly { id: number; parentId: number | null; name: string; organizationId: number; kind: 'department' | 'team' }[],
  rows: readonly { unitId: number | null }[],
  invitations: ReadonlyMap<number | null, { sent: number; used: number }>,
  lastSubmissionDay: string | null,
): Overview {
  const parentOf = new Map(units.map((u) => [u.id, u.parentId]));
  const own = new Map<number | null, number>();
  for (const r of rows) own.set(r.unitId, (own.get(r.unitId) ?? 0) + 1);
  const total = { responses: new Map<number, number>(), sent: new Map<number, number>(), used: new Map<number, number>() };
  const addUp = (unitId: number, f: (id: number) => void) => {
    for (let id: number | null = unitId, depth = 0; id !== null && depth <= units.length; id = parentOf.get(id) ?? null, depth++) f(id);
  };
  const bump = (m: Map<number, number>, id: number, by: number) => m.set(id, (m.get(id) ?? 0) + by);
  for (const [unitId, n] of own) if (unitId !== null && parentOf.has(unitId)) addUp(unitId, (id) => bump(total.responses, id, n));
  for (const [unitId, c] of invitations) {
    if (unitId === null || !parentOf.has(unitId)) continue;
    addUp(unitId, (id) => { bump(total.sent, id, c.sent); bump(total.used, id, c.used); });
  }
  const key = (id: number) => `unit:${id}`;
  const groups: GroupCount[] = [{ key: 'all', n: rows.length }, { key: 'none', n: own.get(null) ?? 0, parentKey: 'all' }];
  for (const u of units) groups.push({ key: key(u.id), n: total.responses.get(u.id) ?? 0, parentKey: u.parentId === null ? 'all' : key(u.parentId) });
  const hidden = suppressGroups(groups, threshold);
  const figures = (k: string, n: number, sent: number, used: number) => cellUnless(hidden.has(k), n, { sent, used, rate: sent > 0 ? used / sent : null }, threshold);
  const list: UnitRate[] = flattenUnitTree(buildUnitTree(units)).map((u) => ({
    key: key(u.id),
    path: u.path,
    depth: u.depth,
    figures: figures(key(u.id), total.responses.get(u.id) ?? 0, total.sent.get(u.id) ?? 0, total.used.get(u.id) ?? 0),
  }));
  const none = own.get(null) ?? 0;
  const noneInv = invitations.get(null) ?? { sent: 0, used: 0 };
  if (none > 0 || noneInv.sent > 0) list.push({ key: 'none', path: 'No unit', depth: 0, figures: figures('none', none, noneInv.sent, noneInv.used) });
  let sent = 0;
  for (const c of invitations.values()) sent += c.sent;
  return { lastSubmissionDay, invitations: sent > 0, units: list };
}
