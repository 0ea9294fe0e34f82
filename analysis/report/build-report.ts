/**
 * `buildReport`: survey responses → the one `Report` every surface renders (analysis/report/report.ts),
 * with suppression applied. Pure: no I/O, seeded bootstrap.
 */
import { importancePerformanceFrom, type FactorPriority } from '../action/priorities.js';
import { cell } from '../anonymity/suppressed.js';
import { indexedModelRows, type IndexedRows } from '../bootstrap/decomposition-bootstrap.js';
import { REPORT_METHODS } from '../bootstrap/decomposition-intervals.js';
import type { Instrument } from '../scales/instrument.js';
import { scoreRows, type ScoredItems } from '../scales/scoring.js';
import { cutsPart } from './report-cuts.js';
import { decomposeOutcome, instrumentModel } from './report-decomposition.js';
import { reportItemPass, scalePerformance } from './report-item-pass.js';
import { multilevelFor } from './report-multilevel.js';
import { participationRows, type UnitInvitations } from './report-participation.js';
import { codedResponses, isResponseColumns, responseCount, type ResponseColumns } from './report-responses.js';
import { summarizeScales } from './report-scales.js';
import { unitCounts, unitsPart, type UnitIndex, type UnitInfo } from './report-units.js';
import { orderedWarnings } from './report-warnings.js';
import { workflowsPart } from './report-workflows.js';
import type { FullReport, Report, ReportMeta, UnitRow } from './report.js';

export interface ReportResponse {
  /** The respondent's unit (team) id; null when not known. */
  readonly unit: string | null;
  /** The unit's parent (department) id, used when `units` is not given. */
  readonly unitParent?: string | null;
  readonly workflow: string | null;
  /** Item id → answer as ticked (reverse-keyed items not flipped); null = not answered. */
  readonly answers: Readonly<Record<string, number | null>>;
  readonly comment?: string | null;
  /** The respondent's role level, language and demographic answers (stored texts), for the cuts. */
  readonly roleLevel?: string | null;
  readonly language?: string | null;
  readonly demographics?: Readonly<Record<string, string>> | null;
}

/** A response as ReportInput takes it: `answers` may be left out when the input carries `scored`. */
export type ReportInputResponse = Omit<ReportResponse, 'answers'> & { readonly answers?: ReportResponse['answers'] };

export interface ReportInput {
  readonly instrument: Instrument;
  /**
   * One object per response, or the responses as columns (report-responses.ts `ResponseColumns`:
   * unit and workflow codes, e.g. read straight from the database; then `units` and `scored` are
   * required).
   */
  readonly responses: readonly ReportInputResponse[] | ResponseColumns;
  /** The unit tree (teams with their departments); derived from the responses when absent. */
  readonly units?: readonly UnitInfo[];
  /** Anonymity threshold K (default 5). */
  readonly threshold?: number;
  /**
   * Leave the demographic cuts out (Report.cuts absent). The report service sets it while a survey is
   * open: cuts are shown only from a closed survey's releases, whose cut values the release rule keeps
   * moving by 0 or at least K (services/report-releases.ts), so no two downloads of a cut differ by a
   * few people.
   */
  readonly withholdCuts?: boolean;
  /** Comments are shown only when at least this many exist (default 10). */
  readonly commentThreshold?: number;
  /** Bootstrap replicates (default 1000; 0 = no intervals). */
  readonly bootstrap?: number;
  readonly seed?: number;
  /** Interval coverage (default 0.95). */
  readonly level?: number;
  /**
   * Bootstrap replicates for the workflow decision (intervals on each workflow's organizational share
   * and lever means, pick frequencies, near ties; default `bootstrap`): a caller that builds with
   * bootstrap 0 and adds block intervals afterwards (services/report-build.ts, large surveys) keeps them.
   */
  readonly workflowBootstrap?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * The responses' answers already read and scored, one row per response in the same order
   * (analysis/scales/scoring.ts `scoreRows` or `scoreColumns`), e.g. by a caller that loads answers straight
   * into columns or also needs the scores; scored here from `answers` otherwise.
   */
  readonly scored?: ScoredItems;
  /**
   * The complete model rows of those scores (decomposition-bootstrap.ts `indexedModelRows` for the
   * instrument's model), when the caller already has them (e.g. for the block bootstrap it runs
   * beside the build): a large survey then holds them once. Built here otherwise.
   */
  readonly modelRows?: IndexedRows;
  /** Invitations sent per unit, for the response rates (none when absent). */
  readonly invitations?: readonly UnitInvitations[];
  /** Responses left out of the data as low quality (straight-lined or too fast), reported as a count. */
  readonly excludedLowQuality?: number;
}

/**
 * The input's keyed items and scores: `scored` when given, else scored from the responses' answers.
 * Throws when a response has no answers, or the responses are columns without `scored`.
 */
export function scoredInput({ instrument, responses, scored }: ReportInput): ScoredItems {
  if (scored) return scored;
  if (isResponseColumns(responses))
    throw new RangeError('responses given as columns need their answers already scored as `scored`');
  return scoreRows(
    instrument,
    responses.map((r, i) => {
      if (!r.answers)
        throw new RangeError(
          `response ${i} has no answers; pass them, or pass every response's answers already scored as \`scored\``,
        );
      return r.answers;
    }),
  );
}

function checkInteger(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer ≥ ${min} (got ${v})`);
}

/**
 * Why unit means get no comparability verdict, or null: the ICC groups by the responses' own units,
 * and a verdict on comparing their means needs at least 2 of them shown.
 */
function unitComparisonWithheld(rows: readonly UnitRow[], units: UnitIndex, threshold: number): string | null {
  const labels = new Set(units.nodes.filter((_, i) => units.direct[i] > 0).map((u) => u.id));
  const shown = rows.filter((u) => labels.has(u.id) && !u.scores.suppressed && u.scores.n > 0).length;
  if (shown >= 2) return null;
  const hidden = `units with fewer than ${threshold} responses, or that would let a smaller group be worked out, are hidden`;
  return shown === 0
    ? `No unit is shown (${hidden}), so there is no verdict on whether unit means can be compared.`
    : `Only 1 unit is shown (${hidden}), so there is no verdict on whether unit means can be compared.`;
}

/**
 * The full survey report: scale summaries with alpha; the outcome's decomposition on the
 * organizational and individual scales (LMG, group LMG, bootstrap intervals); multilevel figures
 * for every scale with ≥ 2 units; unit heatmap rows, segments per team and the workflow cross-tab,
 * all under the differencing-guarded suppression of analysis/anonymity/suppression.ts; importance–performance
 * priorities; the demographic cuts (report-cuts.ts, under the cut guard); the recommended workflow and lever; comments only at or above the comment threshold
 * (sorted, so their order says nothing about who wrote them); warnings from every part, one per
 * entry, most important first (analysis/report/report-warnings.ts: a figure that could not be computed,
 * then one outside its meaningful range, then cautions).
 * Fewer responses than the threshold in total → a SuppressedReport with nothing but that fact.
 * Throws on bad options, an answer outside the Likert range (item and row named), or units that
 * do not form a tree.
 */
export function buildReport(input: ReportInput): Report {
  const {
    instrument,
    responses,
    threshold = 5,
    commentThreshold = 10,
    bootstrap = 1000,
    seed = 1,
    level = 0.95,
  } = input;
  checkInteger('threshold', threshold, 1);
  checkInteger('commentThreshold', commentThreshold, 1);
  checkInteger('bootstrap', bootstrap, 0);
  if (bootstrap === 1) throw new RangeError('bootstrap must be 0 (no intervals) or at least 2 replicates');
  const workflowBootstrap = input.workflowBootstrap ?? bootstrap;
  checkInteger('workflowBootstrap', workflowBootstrap, 0);
  if (workflowBootstrap === 1)
    throw new RangeError('workflowBootstrap must be 0 (no intervals) or at least 2 replicates');
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1 (got ${level})`);
  const meta: ReportMeta = {
    instrument: { id: instrument.id, version: instrument.version, title: instrument.title },
    likert: { min: instrument.likert.min, max: instrument.likert.max, labels: instrument.likert.labels },
    threshold,
    comment_threshold: commentThreshold,
    responses: responseCount(responses),
    excluded_low_quality: input.excludedLowQuality ?? 0,
    bootstrap:
      bootstrap > 0
        ? { B: bootstrap, seed, level, method: REPORT_METHODS.r2, share_method: REPORT_METHODS.shares }
        : null,
  };
  if (meta.responses < threshold) return { status: 'suppressed', meta, n_below: threshold };

  const scored = scoredInput(input);
  if (scored.n !== meta.responses)
    throw new RangeError(
      `the scored items hold ${scored.n} rows but there are ${meta.responses} responses; score the same responses`,
    );
  const { keyed, scores } = scored;
  const titles = Object.fromEntries(instrument.scales.map((s) => [s.id, s.title]));
  const coded = codedResponses(responses, input.units);
  const { units: unitIndex } = coded;
  // Every figure read from the items row by row (scales, alpha, unit means, rwg, priorities), in one pass.
  const pass = reportItemPass(instrument, keyed, scores, unitIndex);

  const scalesPart = summarizeScales(instrument, pass);
  const model = instrumentModel(instrument);
  const modelRows = input.modelRows ?? indexedModelRows(scores, model);
  const dec = decomposeOutcome(instrument, scores, {
    B: bootstrap,
    seed,
    level,
    onProgress: input.onProgress,
    rows: modelRows.rows,
  });

  const units = unitsPart(instrument, scores, unitIndex, pass, threshold);
  const withheld = unitComparisonWithheld(units.rows, unitIndex, threshold);
  const ml = multilevelFor(scores, unitIndex.code, titles, { verdict: withheld === null });
  const counts = unitCounts(unitIndex);
  const participation = participationRows(
    unitIndex.nodes,
    counts.subtree,
    counts.none,
    units.hidden,
    units.noneHidden,
    input.invitations ?? [],
    threshold,
  );

  let priorities: FactorPriority[] = [];
  if (dec.importance && dec.importance.r2 > 0)
    priorities = importancePerformanceFrom(
      instrument,
      (scale) => scalePerformance(pass.scales[instrument.scales.indexOf(scale)], instrument.likert),
      dec.importance.lmg,
      dec.importance.r2,
    );
  const wf = workflowsPart(instrument, scores, coded.workflowOf, model, threshold, modelRows, {
    B: workflowBootstrap,
    seed,
    level,
  });

  const comments = [...coded.comments].sort();
  const report: FullReport = {
    status: 'ok',
    meta,
    scales: scalesPart.scales,
    decomposition: dec.decomposition,
    decomposition_needs: dec.needs,
    multilevel: ml.multilevel,
    unit_comparison_withheld: ml.multilevel ? withheld : null,
    units: units.rows,
    participation,
    segments: units.segments,
    priorities,
    workflows: wf.rows,
    cuts: input.withholdCuts
      ? undefined
      : cutsPart({
          instrument,
          scores,
          units: unitIndex,
          hidden: units.hidden,
          groups: coded.groups,
          model,
          modelRows,
          threshold,
        }),
    recommendation: wf.recommendation,
    comments: cell(comments.length, comments, commentThreshold),
    // Most important first: a figure not computed, then one outside its range, then cautions.
    warnings: orderedWarnings([...dec.warnings, ...scalesPart.warnings, ...ml.warnings, ...wf.warnings]),
  };
  return report;
}
