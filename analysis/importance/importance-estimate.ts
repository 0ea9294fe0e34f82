/**
 * Relative importance above the exact limit (more than MAX_SUBSET_PREDICTORS predictors): OLS,
 * Johnson's relative weights and the cross-validated R² as usual, LMG per predictor and per group
 * as permutation-sampled Shapley values with standard errors, and no dominance analysis (it needs
 * every subset). The result says so in its warnings.
 */
import { correlationMatrix } from '../linear/covariance.js';
import { fitOls } from '../linear/ols.js';
import { conditionNumber, importanceWarnings } from './importance-warnings.js';
import {
  checkOutcomeVaries,
  crossValidated,
  foldedMoments,
  pooledMoments,
  standardizedBetas,
  type Columns,
  type ImportanceModel,
  type ImportanceOptions,
  type Named,
} from './relative-importance.js';
import { relativeWeights } from './relative-weights.js';
import { sampledShapley } from './shapley-sampling.js';
import { MAX_SUBSET_PREDICTORS } from './subset-r2.js';

export interface EstimatedImportanceResult {
  readonly outcome: string;
  readonly predictors: readonly string[];
  readonly n: number;
  readonly dropped: number;
  readonly r2: number;
  readonly adjR2: number;
  readonly cvR2: number | null;
  readonly coefficients: { readonly intercept: number; readonly slopes: Named };
  /** Standardized coefficients: slope × sd(predictor) / sd(outcome). */
  readonly betas: Named;
  /** Sampled LMG (Shapley) estimates per predictor; they sum to r2. */
  readonly lmg: Named;
  /** Standard error of each LMG estimate. */
  readonly lmgSe: Named;
  readonly groupLmg?: Named;
  readonly groupLmgSe?: Named;
  readonly relativeWeights: { readonly raw: Named; readonly percent: Named };
  readonly conditionNumber: number;
  readonly permutations: number;
  readonly warnings: readonly string[];
}

export interface EstimateOptions extends ImportanceOptions {
  /** Random orders sampled for the Shapley values (default 2000). */
  readonly permutations?: number;
}

/**
 * Estimated relative importance for any number of predictors (meant for p > 24; works for fewer):
 * listwise deletion and cross-validation as `relativeImportance`, LMG by `sampledShapley` with the
 * same seed. Throws as `relativeImportance` does (unknown column, too few rows, constant column,
 * collinear predictors, bad groups).
 */
export function estimateImportance(
  data: Columns,
  model: ImportanceModel,
  options: EstimateOptions = {},
): EstimatedImportanceResult {
  const { permutations = 2000, seed = 1 } = options;
  const { folds, centre, dropped } = foldedMoments(data, model, options);
  const moments = pooledMoments(folds, centre);
  const { outcome, predictors } = model;
  const p = predictors.length;
  if (moments.n <= p + 1)
    throw new RangeError(`${p} predictors need more than ${p + 1} complete rows (got ${moments.n})`);
  checkOutcomeVaries(moments, outcome);
  const q = p + 1;
  const corr = correlationMatrix(moments, [outcome, ...predictors]);
  const rxx = Float64Array.from({ length: p * p }, (_, k) => corr[(Math.floor(k / p) + 1) * q + (k % p) + 1]);
  const rxy = Float64Array.from({ length: p }, (_, i) => corr[(i + 1) * q]);
  const ols = fitOls(
    moments,
    0,
    predictors.map((_, i) => i + 1),
  );
  const named = (values: ArrayLike<number>, names: readonly string[] = predictors): Named =>
    Object.fromEntries(names.map((name, i) => [name, values[i]]));
  const single = sampledShapley(
    rxx,
    rxy,
    p,
    predictors.map((_, i) => [i]),
    { permutations, seed },
  );
  let groups: { groupLmg: Named; groupLmgSe: Named } | undefined;
  if (model.groups) {
    const { names, masks } = groupMembers(predictors, model.groups);
    const g = sampledShapley(rxx, rxy, p, masks, { permutations, seed });
    groups = { groupLmg: named(g.values, names), groupLmgSe: named(g.se, names) };
  }
  const rw = relativeWeights(rxx, rxy, p);
  const condition = conditionNumber(rxx, p);
  const cv = crossValidated(folds);
  const warnings = [
    ...importanceWarnings(moments.n, p, condition),
    `${p} predictors exceed the exact limit of ${MAX_SUBSET_PREDICTORS}: LMG values are estimates from ${permutations} sampled orderings (see lmg_se); dominance analysis is omitted`,
    ...cv.warnings,
  ];
  return {
    outcome,
    predictors: [...predictors],
    n: moments.n,
    dropped,
    r2: ols.r2,
    adjR2: ols.adjR2,
    cvR2: cv.value,
    coefficients: { intercept: ols.intercept, slopes: named(ols.slopes) },
    betas: named(standardizedBetas(moments, ols.slopes)),
    lmg: named(single.values),
    lmgSe: named(single.se),
    ...(groups ?? {}),
    relativeWeights: { raw: named(rw), percent: named(Array.from(rw, (w) => (w / ols.r2) * 100)) },
    conditionNumber: condition,
    permutations,
    warnings,
  };
}

/** The group players as lists of predictor indices (groups, then ungrouped predictors), for any p. */
function groupMembers(
  predictors: readonly string[],
  groups: Readonly<Record<string, readonly string[]>>,
): { names: string[]; masks: number[][] } {
  const names = Object.keys(groups);
  const masks = Object.values(groups).map((members) => members.map((m) => predictors.indexOf(m)));
  const grouped = new Set(masks.flat());
  predictors.forEach((name, i) => {
    if (!grouped.has(i)) {
      names.push(name);
      masks.push([i]);
    }
  });
  return { names, masks };
}
