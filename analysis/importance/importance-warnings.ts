/** Warnings that travel inside an importance result (never printed by the analysis layer). */
import { symmetricEigen } from '../linear/symmetric-eigen.js';

/** Rows per predictor below which the shares are flagged as unstable. */
export const ROWS_PER_PREDICTOR = 10;
/** Condition number of the predictor correlation matrix above which predictors count as nearly collinear. */
export const CONDITION_LIMIT = 30;

/**
 * Condition number λ_max / λ_min of the predictor correlation matrix (p × p), from its
 * eigenvalues (symmetric-eigen.ts). 1 for uncorrelated predictors; Infinity when singular.
 * Belsley, Kuh & Welsch (1980) use its square root, the condition index, on the scaled data.
 */
export function conditionNumber(rxx: ArrayLike<number>, p: number): number {
  const { values } = symmetricEigen(rxx, p);
  let max = -Infinity;
  let min = Infinity;
  for (const v of values) {
    max = Math.max(max, v);
    min = Math.min(min, v);
  }
  return min > 0 ? max / min : Infinity;
}

/** The warnings for a fitted model: n < 10·p and a condition number above 30. */
export function importanceWarnings(n: number, p: number, condition: number): string[] {
  const out: string[] = [];
  if (n < ROWS_PER_PREDICTOR * p) {
    out.push(
      `only ${n} complete rows for ${p} predictors (fewer than ${ROWS_PER_PREDICTOR} per predictor, ${ROWS_PER_PREDICTOR * p}): the shares are unstable; read them with their bootstrap intervals`,
    );
  }
  if (condition > CONDITION_LIMIT) {
    out.push(
      `the predictors are nearly collinear (condition number of their correlation matrix ${condition.toFixed(1)} > ${CONDITION_LIMIT}): betas are unstable; LMG and relative weights still split R² but overlapping predictors share credit`,
    );
  }
  return out;
}
