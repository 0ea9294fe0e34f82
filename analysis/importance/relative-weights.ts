/** Johnson's relative weights. */
import { symmetricEigen } from '../linear/symmetric-eigen.js';

/**
 * Relative weights (Johnson 2000, "A heuristic method for estimating the relative weight of
 * predictor variables in multiple regression"; R packages rwa and yhat::rlw): with R_xx = V Λ V',
 * Λ* = V Λ^½ V' maps the predictors to their closest orthogonal counterparts, β = Λ*⁻¹ r_xy the
 * outcome on those, and raw weight_j = Σ_k (Λ*_jk)² β_k². The raw weights sum to R².
 * `rxx` is the p × p predictor correlation matrix, `rxy` the predictor–outcome correlations.
 * Throws when the predictors are (almost) collinear.
 */
export function relativeWeights(rxx: ArrayLike<number>, rxy: ArrayLike<number>, p: number): Float64Array {
  const { values, vectors } = symmetricEigen(rxx, p);
  const sqrtL = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    if (!(values[c] > 1e-10)) throw new RangeError('predictors are (almost) collinear; relative weights are undefined');
    sqrtL[c] = Math.sqrt(values[c]);
  }
  // Λ* = V diag(√λ) V' and β = V diag(1/√λ) V' r_xy.
  const lambda = new Float64Array(p * p);
  const vtr = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    let s = 0;
    for (let r = 0; r < p; r++) s += vectors[r * p + c] * rxy[r];
    vtr[c] = s / sqrtL[c];
  }
  const beta = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let b = 0;
    for (let c = 0; c < p; c++) {
      b += vectors[i * p + c] * vtr[c];
      let l = 0;
      for (let e = 0; e < p; e++) l += vectors[i * p + e] * sqrtL[e] * vectors[c * p + e];
      lambda[i * p + c] = l;
    }
    beta[i] = b;
  }
  const raw = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += lambda[j * p + k] ** 2 * beta[k] ** 2;
    raw[j] = s;
  }
  return raw;
}
