/** Ordinary least squares with an intercept, fitted from moments alone. */
import { choleskySolve } from './cholesky.js';
import { covarianceMatrix } from './covariance.js';
import type { Moments } from './moments.js';

export interface OlsFit {
  /** Complete rows used. */
  readonly n: number;
  readonly r2: number;
  /** 1 − (1 − R²)(n − 1)/(n − k − 1). */
  readonly adjR2: number;
  readonly intercept: number;
  /** Slopes in predictor order. */
  readonly slopes: Float64Array;
}

/**
 * OLS of column `outcome` on columns `predictors` (indices into the moments) with an intercept:
 * slopes = S_xx⁻¹ s_xy, intercept = ȳ − b·x̄, R² = s_xy·b / s_yy (as R's `lm` + `summary`).
 * Throws when there are not more rows than parameters, when the outcome is constant, or when
 * the predictors are collinear.
 */
export function fitOls(m: Moments, outcome: number, predictors: readonly number[]): OlsFit {
  const k = predictors.length;
  if (m.n <= k + 1) {
    throw new RangeError(`OLS with ${k} predictors needs more than ${k + 1} complete rows (got ${m.n})`);
  }
  const cov = covarianceMatrix(m);
  const p = m.p;
  const syy = cov[outcome * p + outcome];
  if (!(syy > 0)) throw new RangeError('the outcome is constant over the complete rows; R² is undefined');
  const sxx = new Float64Array(k * k);
  const sxy = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    sxy[a] = cov[predictors[a] * p + outcome];
    for (let b = 0; b < k; b++) sxx[a * k + b] = cov[predictors[a] * p + predictors[b]];
  }
  const slopes = k === 0 ? new Float64Array(0) : choleskySolve(sxx, sxy, k);
  let explained = 0;
  let intercept = m.mean[outcome];
  for (let a = 0; a < k; a++) {
    explained += sxy[a] * slopes[a];
    intercept -= slopes[a] * m.mean[predictors[a]];
  }
  const r2 = explained / syy;
  const adjR2 = 1 - ((1 - r2) * (m.n - 1)) / (m.n - k - 1);
  return { n: m.n, r2, adjR2, intercept, slopes };
}
