/**
 * Bootstrap confidence intervals for R² and the LMG shares (per predictor, per group and each
 * group's share of R²): resample the complete rows with replacement (the one row bootstrap,
 * analysis/bootstrap/decomposition-bootstrap.ts) and take the report's intervals
 * (analysis/bootstrap/decomposition-intervals.ts: BCa, Efron 1987, for R² and the LMG values;
 * percentile for the shares), or one method for all on request (percentile: Efron & Tibshirani
 * 1993, ch. 13, relaimpo's `boot.relimp` default).
 */
import {
  groupPlayers,
  modelColumnIndices,
  type Columns,
  type ImportanceModel,
} from '../importance/relative-importance.js';
import { mulberry32 } from '../linear/random.js';
import type { IntervalMethod } from '../report/report.js';
import { decompositionDraws, decompositionOf } from './decomposition-bootstrap.js';
import { decompositionIntervals, intervalNotes, REPORT_METHODS } from './decomposition-intervals.js';
import { decompositionJackknife } from './decomposition-jackknife.js';

export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  readonly replicates?: number;
  /** Two-sided coverage of the intervals (default 0.95). */
  readonly level?: number;
  /** Seed of the resampling generator: the same seed gives the same intervals (default 1). */
  readonly seed?: number;
  /** Called after each resample with (done, total), e.g. to draw a progress bar. */
  readonly onProgress?: (done: number, total: number) => void;
  /** One method for every interval; default: BCa for R² and the LMG values, percentile for the shares (REPORT_METHODS). */
  readonly method?: IntervalMethod;
}

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

export interface BootstrapResult {
  readonly replicates: number;
  /** Resamples skipped because a column was constant or predictors collinear within them. */
  readonly failed: number;
  readonly level: number;
  /** The method of the R² and LMG intervals, and that of the share intervals. */
  readonly method: IntervalMethod;
  readonly shareMethod: IntervalMethod;
  readonly r2: Interval;
  readonly lmg: Readonly<Record<string, Interval>>;
  /** Present when the model has groups (each group player: the groups and the predictors in none). */
  readonly groupLmg?: Readonly<Record<string, Interval>>;
  /** Each group player's share of R² (group LMG / R², from the replicates' ratios); with groups. */
  readonly groupShare?: Readonly<Record<string, Interval>>;
  /** Figures given a percentile interval instead of BCa, or no acceleration, and why: one sentence each. */
  readonly notes: readonly string[];
}

/**
 * Bootstrap intervals for R², the LMG per predictor, the group LMG (BCa by default, the acceleration
 * from the jackknife of the complete rows) and each group's share of R² (percentile, R quantile
 * type 7, by default); `method` sets one method for all. Listwise deletion as in `relativeImportance`. A resample in which a column is constant or the
 * predictors are collinear is skipped and counted in `failed`. Throws on a bad model or options,
 * when fewer than p + 2 complete rows remain, or when more than half of the resamples fail.
 */
export function bootstrapImportance(
  data: Columns,
  model: ImportanceModel,
  options: BootstrapOptions = {},
): BootstrapResult {
  const { replicates = 1000, level = 0.95, seed = 1 } = options;
  if (!Number.isInteger(replicates) || replicates < 2)
    throw new RangeError(`replicates must be an integer ≥ 2 (got ${replicates})`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1 (got ${level})`);
  const indices = modelColumnIndices(data.columns, model);
  const q = indices.length;
  const p = q - 1;
  const complete: Float64Array[] = [];
  let rowIndex = 0;
  for (const row of data.rows) {
    const values = Float64Array.from(indices, (i) => row[i] ?? NaN);
    if (values.some((v) => v === Infinity || v === -Infinity))
      throw new RangeError(`row ${rowIndex}: an infinite value in a model column`);
    if (!values.some(Number.isNaN)) complete.push(values);
    rowIndex++;
  }
  const n = complete.length;
  if (n <= p + 1) throw new RangeError(`${p} predictors need more than ${p + 1} complete rows (got ${n})`);

  const groupNames = model.groups ? groupPlayers(model.predictors, model.groups).names : [];
  const draws = decompositionDraws(complete, model, replicates, mulberry32(seed), options.onProgress);
  const point = decompositionOf(complete, model);
  if (!point) throw new RangeError('a column is constant or the predictors are collinear; nothing to bootstrap');
  const methods = options.method ?? REPORT_METHODS;
  const intervals = decompositionIntervals(
    draws,
    {
      r2: point.r2,
      lmg: Object.fromEntries(model.predictors.map((name, i) => [name, point.lmg[i]])),
      groups: Object.fromEntries(groupNames.map((name, i) => [name, point.groups[i]])),
    },
    methods === 'percentile' ? null : decompositionJackknife(complete, model, mulberry32(seed)),
    level,
    methods,
  );
  const named = (o: Readonly<Record<string, readonly [number, number] | null>>): Record<string, Interval> =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { lower: v![0], upper: v![1] }]));
  return {
    replicates,
    failed: draws.failed,
    level,
    method: intervals.methods.r2,
    shareMethod: intervals.methods.shares,
    r2: { lower: intervals.r2![0], upper: intervals.r2![1] },
    lmg: named(intervals.lmg),
    ...(model.groups ? { groupLmg: named(intervals.groups), groupShare: named(intervals.shares) } : {}),
    notes: intervalNotes(intervals),
  };
}
