/**
 * Bootstrap confidence intervals for the LMG shares (per predictor and per group): resample the
 * complete rows with replacement, repeat the moments pass and the subset-R² table, and take
 * percentile intervals (Efron & Tibshirani 1993, ch. 13; relaimpo's `boot.relimp` does the same
 * with the boot package).
 */
import type { Columns, ImportanceModel } from '../importance/relative-importance.js';
import { groupLmgShares, groupPlayers, modelColumnIndices } from '../importance/relative-importance.js';
import type { Moments } from '../linear/moments.js';
import { emptyMoments } from '../linear/moments.js';
import { subsetR2FromMoments } from '../importance/subset-r2.js';
import { lmgShares } from '../importance/lmg.js';
import { quantileSorted } from '../linear/quantile.js';
import { mulberry32 } from '../linear/random.js';

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
export function bootstrapImportance(data: Columns, model: ImportanceModel, options: BootstrapOptions = {}): BootstrapResult {
  const { replicates = 1000, level = 0.95, seed = 1 } = options;
  if (!Number.isInteger(replicates) || replicates < 2) throw new RangeError(`replicates must be an integer ≥ 2 (got ${replicates})`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1 (got ${level})`);
  const indices = modelColumnIndices(data.columns, model);
  const q = indices.length;
  const p = q - 1;
  const complete: Float64Array[] = [];
  let rowIndex = 0;
  for (const row of data.rows) {
    const values = Float64Array.from(indices, (i) => row[i] ?? NaN);
    if (values.some((v) => v === Infinity || v === -Infinity)) throw new RangeError(`row ${rowIndex}: an infinite value in a model column`);
    if (!values.some(Number.isNaN)) complete.push(values);
    rowIndex++;
  }
  const n = complete.length;
  if (n <= p + 1) throw new RangeError(`${p} predictors need more than ${p + 1} complete rows (got ${n})`);

  const names = [model.outcome, ...model.predictors];
  const groupNames = model.groups ? groupPlayers(model.predictors, model.groups).names : [];
  const draws = { r2: [] as number[], lmg: model.predictors.map(() => [] as number[]), group: groupNames.map(() => [] as number[]) };
  const random = mulberry32(seed);
  const weighted = countWeightedMoments(complete, q);
  const counts = new Int32Array(n);
  let failed = 0;
  for (let b = 0; b < replicates; b++) {
    // The same draws as adding complete[floor(random()·n)] n times; only the multiplicities matter.
    counts.fill(0);
    for (let r = 0; r < n; r++) counts[Math.floor(random() * n)]++;
    let table: Float64Array;
    try {
      table = subsetR2FromMoments(weighted(counts), names).table;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      failed++;
      options.onProgress?.(b + 1, replicates);
      continue;
    }
    draws.r2.push(table[table.length - 1]);
    lmgShares(table, p).forEach((v, i) => draws.lmg[i].push(v));
    if (model.groups) Object.values(groupLmgShares(table, model.predictors, model.groups)).forEach((v, i) => draws.group[i].push(v));
    options.onProgress?.(b + 1, replicates);
  }
  if (failed * 2 > replicates) {
    throw new RangeError(`${failed} of ${replicates} resamples had a constant column or collinear predictors; the data are too few or too coarse to bootstrap`);
  }
  const alpha = (1 - level) / 2;
  const interval = (values: number[]): Interval => {
    const sorted = Float64Array.from(values).sort();
    return { lower: quantileSorted(sorted, alpha), upper: quantileSorted(sorted, 1 - alpha) };
  };
  const named = (keys: readonly string[], columns: number[][]) => Object.fromEntries(keys.map((k, i) => [k, interval(columns[i])]));
  return {
    replicates,
    failed,
    level,
    r2: interval(draws.r2),
    lmg: named(model.predictors, draws.lmg),
    ...(model.groups ? { groupLmg: named(groupNames, draws.group) } : {}),
  };
}

/**
 * Moments of a resample given as multiplicities: counts[r] copies of complete row r. The rows are
 * centred once on the full-sample means, so each resample is one weighted pass of raw sums
 * Σ c·x and Σ c·x x' (no cancellation: the resample means stay near zero), shifted back after.
 */
function countWeightedMoments(rows: readonly Float64Array[], q: number): (counts: Int32Array) => Moments {
  const n = rows.length;
  const centre = new Float64Array(q);
  for (const row of rows) for (let i = 0; i < q; i++) centre[i] += row[i] / n;
  const data = new Float64Array(n * q);
  rows.forEach((row, r) => {
    for (let i = 0; i < q; i++) data[r * q + i] = row[i] - centre[i];
  });
  const sums = new Float64Array(q);
  const cross = new Float64Array(q * q);
  return (counts) => {
    sums.fill(0);
    cross.fill(0);
    let total = 0;
    for (let r = 0; r < n; r++) {
      const c = counts[r];
      if (c === 0) continue;
      total += c;
      const off = r * q;
      for (let i = 0; i < q; i++) {
        const ci = c * data[off + i];
        sums[i] += ci;
        const base = i * q;
        for (let j = i; j < q; j++) cross[base + j] += ci * data[off + j];
      }
    }
    const m = emptyMoments(q);
    m.n = total;
    for (let i = 0; i < q; i++) {
      const mi = sums[i] / total;
      m.mean[i] = centre[i] + mi;
      for (let j = i; j < q; j++) m.comoments[i * q + j] = cross[i * q + j] - total * mi * (sums[j] / total);
      // A column constant within the resample leaves only rounding: make it exactly 0 so it is named.
      if (m.comoments[i * q + i] <= 1e-12 * cross[i * q + i]) m.comoments[i * q + i] = 0;
    }
    return m;
  };
}
