/**
 * Relative importance of predictors for one outcome: OLS fit, LMG per predictor and per group,
 * dominance analysis and relative weights, all from one pass over the rows.
 * This is the answer to "what share of the explained variance do organizational vs individual
 * factors carry": the groups are players in the LMG game.
 */
import { crossValidatedR2, DEFAULT_FOLDS, foldMomentsBuilder } from '../bootstrap/cross-validation.js';
import { isConstantColumn } from '../linear/covariance.js';
import { eachCompleteRow, emptyMoments, mergeMoments, type Moments } from '../linear/moments.js';
import { fitOls } from '../linear/ols.js';
import { conditionalGains } from './conditional-gains.js';
import { completeDominance } from './dominance.js';
import { conditionNumber, importanceWarnings } from './importance-warnings.js';
import { generalDominance, lmgShares, playerTable } from './lmg.js';
import { relativeWeights } from './relative-weights.js';
import { subsetR2FromMoments } from './subset-r2.js';

export interface ImportanceModel {
  readonly outcome: string;
  readonly predictors: readonly string[];
  /**
   * Named groups of predictors, each one player in the group LMG (relaimpo `groups=`).
   * Predictors named in no group stay single players under their own names.
   */
  readonly groups?: Readonly<Record<string, readonly string[]>>;
}

export type Named = Readonly<Record<string, number>>;

export interface ImportanceResult {
  readonly outcome: string;
  readonly predictors: readonly string[];
  /** Complete rows used (listwise over the outcome and the predictors). */
  readonly n: number;
  /** Rows dropped for a missing value in the outcome or a predictor. */
  readonly dropped: number;
  readonly r2: number;
  readonly adjR2: number;
  readonly coefficients: { readonly intercept: number; readonly slopes: Named };
  /** Standardized coefficients: slope × sd(predictor) / sd(outcome). */
  readonly betas: Named;
  /** LMG per predictor, unnormalised: sums to r2. */
  readonly lmg: Named;
  /** Present when groups were given. Players: each group, then each ungrouped predictor. Sums to r2. */
  readonly groupLmg?: Named;
  readonly dominance: {
    /** Mean of the conditional values; equals lmg. */
    readonly general: Named;
    /** conditional[name][k]: mean gain when added to subsets of size k of the other predictors. */
    readonly conditional: Readonly<Record<string, readonly number[]>>;
    /** In predictor order; see CompleteDominance. */
    readonly complete: readonly (readonly number[])[];
    readonly completeProportion: readonly (readonly (number | null)[])[];
  };
  /** Johnson's relative weights: raw sums to r2, percent = raw / r2 · 100. */
  readonly relativeWeights: { readonly raw: Named; readonly percent: Named };
  /**
   * Seeded k-fold cross-validated R² (cross-validation.ts); set by `relativeImportance`, null when
   * a training fold could not be fitted (a warning says why), absent from `importanceFromMoments`.
   */
  readonly cvR2?: number | null;
  /** λ_max / λ_min of the predictor correlation matrix (importance-warnings.ts). */
  readonly conditionNumber: number;
  /** Plain-language cautions about this fit (few rows per predictor, near collinearity, …). */
  readonly warnings: readonly string[];
}

export interface ImportanceOptions {
  /** Folds of the cross-validated R² (default 10; fewer when there are fewer rows). */
  readonly cvFolds?: number;
  /** Seed of the fold assignment (default 1). */
  readonly seed?: number;
}

/** Column data: names and rows of numbers, `null`/NaN meaning missing. */
export interface Columns {
  readonly columns: readonly string[];
  readonly rows: Iterable<ArrayLike<number | null | undefined>>;
}

/**
 * Relative importance from raw rows: listwise deletion over the outcome and the model's predictors
 * only (a column outside the model never drops a row), then `importanceFromMoments`, plus the
 * seeded k-fold cross-validated R² from the same single pass (each fold keeps its own moments).
 * Throws when a model column is not in `data.columns`, plus everything `importanceFromMoments` throws.
 */
export function relativeImportance(
  data: Columns,
  model: ImportanceModel,
  options: ImportanceOptions = {},
): ImportanceResult {
  const { folds, centre, dropped } = foldedMoments(data, model, options);
  const result = importanceFromMoments(pooledMoments(folds, centre), model, dropped);
  const cv = crossValidated(folds);
  return { ...result, cvR2: cv.value, warnings: [...result.warnings, ...cv.warnings] };
}

/**
 * One pass over the rows: moments per cross-validation fold of the complete rows, each taken about
 * `centre` (the first complete row; zeros when there is none). Merging moments whose means sit at
 * a large offset (epoch milliseconds, say) loses the digits of the offset in every merge; about a
 * value from the data itself the means stay near zero, so the merged co-moments, the CV R² (which
 * does not depend on where the columns sit) and everything read from them keep full precision.
 */
export function foldedMoments(
  data: Columns,
  model: ImportanceModel,
  options: ImportanceOptions = {},
): { folds: Moments[]; centre: Float64Array; dropped: number } {
  const { cvFolds = DEFAULT_FOLDS, seed = 1 } = options;
  const indices = modelColumnIndices(data.columns, model);
  const builder = foldMomentsBuilder(indices.length, cvFolds, seed);
  const centre = new Float64Array(indices.length);
  const shifted = new Float64Array(indices.length);
  let first = true;
  const dropped = eachCompleteRow(data.rows, indices, (row) => {
    if (first) centre.set(row);
    first = false;
    for (let i = 0; i < row.length; i++) shifted[i] = row[i] - centre[i];
    builder.add(shifted);
  });
  return { folds: builder.finish(), centre, dropped };
}

/** The moments of all rows from `foldedMoments`: the folds merged, then the means moved back by `centre`. */
export function pooledMoments(folds: readonly Moments[], centre: ArrayLike<number>): Moments {
  const moments = folds.reduce((acc, f) => mergeMoments(acc, f), emptyMoments(folds[0].p));
  for (let i = 0; i < moments.p; i++) moments.mean[i] += centre[i];
  return moments;
}

/** The cross-validated R², or null with a warning when a training set cannot be fitted. */
export function crossValidated(folds: readonly Moments[]): { value: number | null; warnings: string[] } {
  try {
    return { value: crossValidatedR2(folds), warnings: [] };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return {
      value: null,
      warnings: [
        `no cross-validated R²: a training set of ${folds.length - 1} folds could not be fitted (${error.message})`,
      ],
    };
  }
}

/**
 * Positions of [outcome, ...predictors] in `columns`, after checking the model (see
 * `importanceFromMoments`). Throws when a model column is missing, listing the available ones.
 */
export function modelColumnIndices(columns: readonly string[], model: ImportanceModel): number[] {
  checkModel(model);
  return [model.outcome, ...model.predictors].map((name) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new RangeError(`column "${name}" not found; available: ${columns.join(', ')}`);
    return i;
  });
}

/**
 * Relative importance from moments whose columns are [outcome, ...predictors] in model order.
 * Throws on a duplicate or unknown name, overlapping or empty groups, too few rows, a constant
 * outcome (nothing to explain) or predictor, collinear predictors, or more predictors than the
 * subset table allows.
 */
export function importanceFromMoments(moments: Moments, model: ImportanceModel, dropped = 0): ImportanceResult {
  checkModel(model);
  const { outcome, predictors } = model;
  const p = predictors.length;
  if (moments.p !== p + 1)
    throw new RangeError(`moments have ${moments.p} columns; the model needs ${p + 1} (outcome first)`);
  if (moments.n <= p + 1)
    throw new RangeError(`${p} predictors need more than ${p + 1} complete rows (got ${moments.n})`);
  checkOutcomeVaries(moments, outcome);
  // Correlations and the subset table first: their errors name the constant or collinear column.
  const { table, rxx, rxy } = subsetR2FromMoments(moments, [outcome, ...predictors]);
  const ols = fitOls(
    moments,
    0,
    predictors.map((_, i) => i + 1),
  );
  const cond = conditionalGains(table, p);
  const lmg = generalDominance(cond, p);
  const dom = completeDominance(table, p);
  const rw = relativeWeights(rxx, rxy, p);
  const named = (values: ArrayLike<number>): Named =>
    Object.fromEntries(predictors.map((name, i) => [name, values[i]]));
  const percent = Array.from(rw, (w) => (w / ols.r2) * 100);
  const condition = conditionNumber(rxx, p);
  return {
    outcome,
    predictors: [...predictors],
    n: moments.n,
    dropped,
    r2: ols.r2,
    adjR2: ols.adjR2,
    coefficients: { intercept: ols.intercept, slopes: named(ols.slopes) },
    betas: named(standardizedBetas(moments, ols.slopes)),
    lmg: named(lmg),
    ...(model.groups ? { groupLmg: groupLmgShares(table, predictors, model.groups) } : {}),
    dominance: {
      general: named(lmg),
      conditional: Object.fromEntries(predictors.map((name, i) => [name, Array.from(cond.subarray(i * p, i * p + p))])),
      complete: dom.complete,
      completeProportion: dom.proportion,
    },
    relativeWeights: { raw: named(rw), percent: named(percent) },
    conditionNumber: condition,
    warnings: importanceWarnings(moments.n, p, condition),
  };
}

/**
 * Throws when the outcome (column 0 of the moments) is constant (as `isConstantColumn` judges it):
 * there is no variance to split, a different problem from a constant predictor, which can be left out.
 */
export function checkOutcomeVaries(moments: Moments, outcome: string): void {
  if (isConstantColumn(moments, 0))
    throw new RangeError(
      `the outcome "${outcome}" has no variance: it is ${moments.mean[0]} in all ${moments.n} complete rows, so there is nothing to explain; choose an outcome that varies`,
    );
}

/** slope_i · sd(x_i) / sd(y) for moments whose columns are [outcome, ...predictors]. */
export function standardizedBetas(moments: Moments, slopes: ArrayLike<number>): Float64Array {
  const sy = Math.sqrt(moments.comoments[0]);
  return Float64Array.from(
    { length: slopes.length },
    (_, i) => (slopes[i] * Math.sqrt(moments.comoments[(i + 1) * moments.p + i + 1])) / sy,
  );
}

/**
 * The players of the group game: each group (one bit mask of predictors), then each ungrouped
 * predictor under its own name. Assumes groups already checked (as `checkModel` does).
 */
export function groupPlayers(
  predictors: readonly string[],
  groups: Readonly<Record<string, readonly string[]>>,
): { names: string[]; masks: number[] } {
  const names: string[] = [];
  const masks: number[] = [];
  let grouped = 0;
  for (const [name, members] of Object.entries(groups)) {
    let mask = 0;
    for (const member of members) mask |= 1 << predictors.indexOf(member);
    names.push(name);
    masks.push(mask);
    grouped |= mask;
  }
  predictors.forEach((name, i) => {
    if ((grouped & (1 << i)) === 0) {
      names.push(name);
      masks.push(1 << i);
    }
  });
  return { names, masks };
}

/**
 * Group LMG (relaimpo `groups=`) from the predictor subset-R² table: the Shapley values of the
 * players of `groupPlayers`; they sum to the full R².
 */
export function groupLmgShares(
  table: Float64Array,
  predictors: readonly string[],
  groups: Readonly<Record<string, readonly string[]>>,
): Named {
  const { names, masks } = groupPlayers(predictors, groups);
  const shares = lmgShares(playerTable(table, masks), masks.length);
  return Object.fromEntries(names.map((name, i) => [name, shares[i]]));
}

function checkModel(model: ImportanceModel): void {
  const { outcome, predictors, groups } = model;
  if (predictors.length === 0) throw new RangeError('the model needs at least one predictor');
  const all = [outcome, ...predictors];
  const duplicate = all.find((name, i) => all.indexOf(name) !== i);
  if (duplicate !== undefined) throw new RangeError(`"${duplicate}" appears twice among the outcome and predictors`);
  if (!groups) return;
  const owner = new Map<string, string>();
  for (const [group, members] of Object.entries(groups)) {
    if (members.length === 0) throw new RangeError(`group "${group}" has no predictors`);
    if (predictors.includes(group))
      throw new RangeError(`group name "${group}" is also a predictor name; rename the group`);
    for (const member of members) {
      if (!predictors.includes(member))
        throw new RangeError(`group "${group}" names "${member}", which is not a predictor of the model`);
      const other = owner.get(member);
      if (other !== undefined)
        throw new RangeError(
          `"${member}" is in both groups "${other}" and "${group}"; a predictor may belong to one group only`,
        );
      owner.set(member, group);
    }
  }
}
