/**
 * Block-bootstrap intervals for a report built without its row bootstrap (B = 0): the report's
 * intervals (analysis/bootstrap/decomposition-intervals.ts: BCa for R², each LMG and each group LMG,
 * percentile for each group's share) from analysis/bootstrap/block-bootstrap.ts, with the same
 * fields, headline wording, level and methods as buildReport's own intervals. The BCa acceleration
 * comes from leaving out each of the bootstrap's own blocks in turn, the jackknife that matches
 * resampling blocks. For large surveys, where the row bootstrap would revisit every row B times.
 */
import { blockStatistics, checkBlockBootstrap, drawsOfBlocks } from '../bootstrap/block-bootstrap.js';
import { completeModelRows, type DecompositionDraws } from '../bootstrap/decomposition-bootstrap.js';
import { decompositionIntervals } from '../bootstrap/decomposition-intervals.js';
import { blockJackknife, type DecompositionJackknife } from '../bootstrap/decomposition-jackknife.js';
import type { ImportanceModel } from '../importance/relative-importance.js';
import { mulberry32 } from '../linear/random.js';
import type { Instrument } from '../scales/instrument.js';
import { estimateOf, headline, instrumentModel, intervalWarnings, withIntervals } from './report-decomposition.js';
import type { Report } from './report.js';

/** Blocks the rows are cut into; about 100 rows per block at n = 100,000. */
export const BLOCKS = 1000;

export interface BlockIntervalOptions {
  readonly B: number;
  readonly seed: number;
  readonly level: number;
  readonly blocks?: number;
}

/**
 * The block draws with the delete-one-block jackknife over the same blocks, or the reason they could
 * not be drawn (a RangeError's message from blockDecompositionDraws).
 */
export type BlockDrawsOutcome =
  { readonly draws: DecompositionDraws; readonly jackknife: DecompositionJackknife } | { readonly error: string };

/** Block draws of the complete model rows (seeded with mulberry32(seed)) and their jackknife; a RangeError becomes `{ error }`. */
export function blockDraws(
  rows: readonly ArrayLike<number>[],
  model: ImportanceModel,
  { B, seed, blocks = BLOCKS }: Omit<BlockIntervalOptions, 'level'>,
): BlockDrawsOutcome {
  try {
    checkBlockBootstrap(rows.length, model, B);
    // blockDecompositionDraws in two steps, keeping the blocks for their jackknife: the same draws.
    const random = mulberry32(seed);
    const stats = blockStatistics(rows, model.predictors.length + 1, blocks, random);
    return { draws: drawsOfBlocks(stats, model, B, random), jackknife: blockJackknife(stats, model) };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { error: error.message };
  }
}

/**
 * `report` with block-bootstrap intervals added (draws seeded with mulberry32(seed)), over the
 * complete model rows of `scores` (or `rows`, when the caller already has them). A report without a
 * decomposition, or B = 0, is returned as it is; when the resampling cannot run, the report says so
 * in its warnings (appended last, as are skipped-resample counts).
 */
export function withBlockIntervals(
  report: Report,
  instrument: Instrument,
  scores: Readonly<Record<string, Float64Array>>,
  options: BlockIntervalOptions,
  rows?: readonly Float64Array[],
): Report {
  if (report.status !== 'ok' || !report.decomposition || options.B === 0) return report;
  const model = instrumentModel(instrument);
  return applyBlockDraws(
    report,
    instrument,
    blockDraws(rows ?? completeModelRows(scores, model), model, options),
    options,
  );
}

/** Adds the intervals of block draws computed elsewhere (e.g. in a worker thread) as `withBlockIntervals` does. */
export function applyBlockDraws(
  report: Report,
  instrument: Instrument,
  outcome: BlockDrawsOutcome,
  { B, seed, level }: BlockIntervalOptions,
): Report {
  if (report.status !== 'ok' || !report.decomposition || B === 0) return report;
  const model = instrumentModel(instrument);
  const warnings = [...report.warnings];
  // A figure that could not be computed: first, as buildReport orders its warnings (report-warnings.ts).
  if ('error' in outcome) return { ...report, warnings: [`No bootstrap intervals: ${outcome.error}.`, ...warnings] };
  const { draws, jackknife } = outcome;
  if (draws.failed > 0)
    warnings.push(
      `${draws.failed} of ${B} bootstrap resamples were skipped (a constant or collinear column in the resample).`,
    );
  const d = report.decomposition;
  const intervals = decompositionIntervals(draws, estimateOf(d), jackknife, level);
  const partial = withIntervals(d, intervals);
  warnings.push(...intervalWarnings(d, intervals));
  const outcomeTitle = instrument.scales.find((s) => s.id === model.outcome)?.title ?? model.outcome;
  return {
    ...report,
    meta: {
      ...report.meta,
      bootstrap: { B, seed, level, method: intervals.methods.r2, share_method: intervals.methods.shares },
    },
    decomposition: { ...partial, headline: headline(partial, outcomeTitle, level) },
    warnings,
  };
}
