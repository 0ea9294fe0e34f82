/**
 * Bootstrap replicates of a variance decomposition (R², LMG per predictor, group LMG), kept as
 * draws so that derived quantities (a group's share of R², a difference between waves) get their
 * own intervals (Efron & Tibshirani 1993, ch. 13): BCa for the decomposition
 * (decomposition-intervals.ts), percentile for the wave differences. This is the one row bootstrap: the
 * report, the wave comparison and `bootstrapImportance` (the CLI's intervals) all draw through
 * `decompositionDraws`, so for a seed they resample the same rows.
 */
import { lmgShares } from '../importance/lmg.js';
import { groupLmgShares, groupPlayers, type ImportanceModel } from '../importance/relative-importance.js';
import { subsetR2FromMoments } from '../importance/subset-r2.js';
import { addRow, emptyMoments, type Moments } from '../linear/moments.js';
import { quantileSorted } from '../linear/quantile.js';
import type { Interval } from '../report/report.js';
import { countWeightedMoments, passMoments, RESAMPLES_PER_PASS } from './count-weighted-moments.js';

export interface DecompositionDraws {
  /** Successful replicates (failed resamples are skipped). */
  readonly r2: number[];
  /** Per predictor, one LMG value per successful replicate. */
  readonly lmg: Readonly<Record<string, number[]>>;
  /** Per group player (groupPlayers order), one group LMG per successful replicate; empty without groups. */
  readonly groups: Readonly<Record<string, number[]>>;
  readonly failed: number;
}

/** Rows of [outcome, ...predictors] with no missing value (listwise deletion), in row order. */
export function completeModelRows(
  columns: Readonly<Record<string, Float64Array>>,
  model: ImportanceModel,
): Float64Array[] {
  return indexedModelRows(columns, model).rows;
}

/** Complete model rows and, for each, the index of the row it came from (ascending). */
export interface IndexedRows {
  readonly rows: Float64Array[];
  readonly source: Int32Array;
}

/**
 * `completeModelRows` plus each row's source index, so that the rows of a subgroup (a workflow)
 * can be picked from them instead of being rebuilt from its columns.
 */
export function indexedModelRows(columns: Readonly<Record<string, Float64Array>>, model: ImportanceModel): IndexedRows {
  const names = [model.outcome, ...model.predictors];
  const cols = names.map((name) => {
    const c = columns[name];
    if (!c) throw new RangeError(`column "${name}" not found`);
    return c;
  });
  const q = cols.length;
  const length = cols[0].length;
  const source = new Int32Array(length);
  let n = 0;
  outer: for (let r = 0; r < length; r++) {
    for (let c = 0; c < q; c++) if (cols[c][r] !== cols[c][r]) continue outer; // NaN: missing
    source[n++] = r;
  }
  // One buffer, row-major; each row is a view into it (no backing store per row).
  const data = new Float64Array(n * q);
  const rows: Float64Array[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const r = source[k];
    for (let c = 0; c < q; c++) data[k * q + c] = cols[c][r];
    rows[k] = data.subarray(k * q, k * q + q);
  }
  return { rows, source: source.slice(0, n) };
}

/** R², LMG and group LMG of one set of complete rows; null when a column is constant or predictors collinear. */
export function decompositionOf(rows: readonly ArrayLike<number>[], model: ImportanceModel): Decomposed | null {
  const moments = emptyMoments(model.predictors.length + 1);
  const delta = new Float64Array(moments.p);
  for (const row of rows) addRow(moments, row, delta);
  return decompositionOfMoments(moments, model);
}

/** One decomposition: R², LMG per predictor (model order), group LMG per group player (groupPlayers order). */
export interface Decomposed {
  readonly r2: number;
  readonly lmg: Float64Array;
  readonly groups: number[];
}

/** `decompositionOf` from moments of [outcome, ...predictors]; null when a column is constant or predictors collinear. */
export function decompositionOfMoments(moments: Moments, model: ImportanceModel): Decomposed | null {
  if (moments.n <= moments.p) return null;
  let table: Float64Array;
  try {
    table = subsetR2FromMoments(moments, [model.outcome, ...model.predictors]).table;
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
  return {
    r2: table[table.length - 1],
    lmg: lmgShares(table, model.predictors.length),
    groups: model.groups ? Object.values(groupLmgShares(table, model.predictors, model.groups)) : [],
  };
}

/**
 * B bootstrap replicates of the decomposition of complete rows [outcome, ...predictors]: each
 * replicate draws n rows with replacement using `random` (n draws of floor(random()·n)); only the
 * multiplicities matter, so a replicate is one count-weighted moments pass. A replicate is skipped
 * (counted in `failed`) when a column is constant or the predictors collinear within it.
 * `onProgress(done, B)` after each replicate. Throws when more than half of the replicates fail.
 */
export function decompositionDraws(
  rows: readonly Float64Array[],
  model: ImportanceModel,
  B: number,
  random: () => number,
  onProgress?: (done: number, total: number) => void,
): DecompositionDraws {
  const n = rows.length;
  const names = [model.outcome, ...model.predictors];
  const groupNames = model.groups ? groupPlayers(model.predictors, model.groups).names : [];
  const r2: number[] = [];
  const lmg = model.predictors.map(() => [] as number[]);
  const groups = groupNames.map(() => [] as number[]);
  const weighted = countWeightedMoments(rows, names.length);
  const pass = passMoments(names.length);
  let failed = 0;
  for (let first = 0; first < B; first += RESAMPLES_PER_PASS) {
    const inPass = Math.min(RESAMPLES_PER_PASS, B - first);
    // The same draws, in the same order, as one replicate after another: n draws of floor(random()·n) each.
    const counts = weighted.counts;
    counts.fill(0);
    for (let k = 0; k < inPass; k++)
      for (let r = 0; r < n; r++) counts[Math.floor(random() * n) * RESAMPLES_PER_PASS + k]++;
    weighted.compute(pass.slice(0, inPass));
    for (let k = 0; k < inPass; k++) {
      const moments = pass[k];
      let table: Float64Array | null = null;
      if (moments.n > names.length) {
        try {
          table = subsetR2FromMoments(moments, names).table;
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
        }
      }
      if (table) {
        r2.push(table[table.length - 1]);
        lmgShares(table, model.predictors.length).forEach((v, i) => lmg[i].push(v));
        if (model.groups)
          Object.values(groupLmgShares(table, model.predictors, model.groups)).forEach((v, i) => groups[i].push(v));
      } else failed++;
      onProgress?.(first + k + 1, B);
    }
  }
  if (failed * 2 > B)
    throw new RangeError(
      `${failed} of ${B} resamples had a constant column or collinear predictors; the data are too few or too coarse to bootstrap`,
    );
  return {
    r2,
    lmg: Object.fromEntries(model.predictors.map((name, i) => [name, lmg[i]])),
    groups: Object.fromEntries(groupNames.map((name, i) => [name, groups[i]])),
    failed,
  };
}

/** Two-sided percentile interval (R quantile type 7) at coverage `level`; throws on no draws. */
export function percentileInterval(draws: readonly number[], level: number): Interval {
  const sorted = Float64Array.from(draws).sort();
  const a = (1 - level) / 2;
  return [quantileSorted(sorted, a), quantileSorted(sorted, 1 - a)];
}
