/**
 * Bootstrap confidence intervals for the LMG shares (per predictor and per group): resample the
 * complete rows with replacement (the one row bootstrap, analysis/bootstrap/decomposition-bootstrap.ts),
 * and take percentile intervals (Efron & Tibshirani 1993, ch. 13; relaimpo's `boot.relimp` does the
 * same with the boot package).
 */
import {
  groupPlayers,
  modelColumnIndices,
  type Columns,
  type ImportanceModel,
} from '../importance/relative-importance.js';
import { quantileSorted } from '../linear/quantile.js';
import { mulberry32 } from '../linear/random.js';
import { decompositionDraws } from './decomposition-bootstrap.js';

export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  readonly replicates?: number;
  /** Two-sided coverage of the intervals (default 0.95). */
  readonly level?: number;
  /** Seed of the resampling generator: the same seed gives the same intervals (default 1). */
  readonly seed?: number;
  /** Called after each resample with (done, total), e.g. to draw a progress bar. */
  readonly onProgress?: (done: number, total: number) => void;
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
  readonly r2: Interval;
  readonly lmg: Readonly<Record<string, Interval>>;
  /** Present when the model has groups. */
  readonly groupLmg?: Readonly<Record<string, Interval>>;
}

/**
 * Percentile bootstrap intervals (R quantile type 7) for R², the LMG per predictor and the group LMG.
 * Listwise deletion as in `relativeImportance`. A resample in which a column is constant or the
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
  const alpha = (1 - level) / 2;
  const interval = (values: number[]): Interval => {
    const sorted = Float64Array.from(values).sort();
    return { lower: quantileSorted(sorted, alpha), upper: quantileSorted(sorted, 1 - alpha) };
  };
  const named = (keys: readonly string[], columns: Readonly<Record<string, number[]>>) =>
    Object.fromEntries(keys.map((k) => [k, interval(columns[k])]));
  return {
    replicates,
    failed: draws.failed,
    level,
    r2: interval(draws.r2),
    lmg: named(model.predictors, draws.lmg),
    ...(model.groups ? { groupLmg: named(groupNames, draws.groups) } : {}),
  };
}
