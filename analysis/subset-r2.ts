import type { Moments } from './moments.js';
import { correlationMatrix } from './covariance.js';

/**
 * The R² of every subset of predictors, in one table indexed by bit mask:
 * `table[mask]` is the R² of the outcome on the predictors whose bits are set (bit i = predictor i).
 * LMG, group LMG and dominance analysis all read this one table.
 */

/** Most predictors a table is built for: 2^20 subsets is 8 MB and well under a second. */
export const MAX_SUBSET_PREDICTORS = 20;

/** Below this residual share a predictor counts as a linear combination of the others. */
const COLLINEAR_TOLERANCE = 1e-10;

/**
 * Builds the subset-R² table from the predictor correlation matrix `rxx` (p × p row-major) and the
 * predictor–outcome correlations `rxy` (length p), with R²(S) = r_S' R_SS⁻¹ r_S.
 * Subsets are visited depth-first, each extending its parent by one predictor with a bordered
 * Cholesky update, so a subset costs O(p) instead of a fresh O(|S|³) solve (the idea of
 * Clarke 1981's sweep-based all-subsets regression, done with Cholesky rows).
 * `names` only improves the error messages. Throws when p exceeds MAX_SUBSET_PREDICTORS or when a
 * predictor is (almost) a linear combination of others.
 */
export function subsetR2Table(rxx: ArrayLike<number>, rxy: ArrayLike<number>, p: number, names?: readonly string[]): Float64Array {
  if (!Number.isInteger(p) || p < 1) throw new RangeError(`need at least one predictor (got ${p})`);
  if (p > MAX_SUBSET_PREDICTORS) {
    throw new RangeError(`${p} predictors give 2^${p} subsets; use at most ${MAX_SUBSET_PREDICTORS}, or combine predictors into groups or scales first`);
  }
  const table = new Float64Array(1 << p);
  // w[c·p + a]: entry a of L⁻¹ r_{S,c} for the current path S (Cholesky row of candidate c).
  const w = new Float64Array(p * p);
  // Per depth k and candidate c: Σ_a w[c,a]² and Σ_a w[c,a]·z[a] over the first k path members.
  const ss = new Float64Array((p + 1) * p);
  const sz = new Float64Array((p + 1) * p);

  const visit = (mask: number, k: number, r2: number, start: number): void => {
    table[mask] = r2;
    for (let j = start; j < p; j++) {
      const d2 = 1 - ss[k * p + j];
      if (!(d2 > COLLINEAR_TOLERANCE)) {
        const others = [...Array(p).keys()].filter((i) => mask & (1 << i)).map((i) => names?.[i] ?? String(i)).join(', ');
        throw new RangeError(`predictor "${names?.[j] ?? j}" is (almost) a linear combination of ${others}; remove one of them`);
      }
      const d = Math.sqrt(d2);
      const z = (rxy[j] - sz[k * p + j]) / d;
      if (j + 1 < p) {
        const rowJ = j * p;
        const next = (k + 1) * p;
        for (let c = j + 1; c < p; c++) {
          let s = rxx[rowJ + c];
          const rowC = c * p;
          for (let b = 0; b < k; b++) s -= w[rowJ + b] * w[rowC + b];
          const wc = s / d;
          w[rowC + k] = wc;
          ss[next + c] = ss[k * p + c] + wc * wc;
          sz[next + c] = sz[k * p + c] + wc * z;
        }
      }
      visit(mask | (1 << j), k + 1, r2 + z * z, j + 1);
    }
  };
  visit(0, 0, 0, 0);
  return table;
}

/**
 * The subset-R² table straight from moments whose columns are [outcome, ...predictors], with the
 * predictor correlations `rxx` (p × p) and outcome correlations `rxy` it was built from.
 * `names` ([outcome, ...predictors]) name the offending column in errors; throws as
 * `correlationMatrix` and `subsetR2Table` do.
 */
export function subsetR2FromMoments(m: Moments, names?: readonly string[]): { table: Float64Array; rxx: Float64Array; rxy: Float64Array } {
  const q = m.p;
  const p = q - 1;
  const corr = correlationMatrix(m, names);
  const rxx = new Float64Array(p * p);
  const rxy = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    rxy[i] = corr[(i + 1) * q];
    for (let j = 0; j < p; j++) rxx[i * p + j] = corr[(i + 1) * q + j + 1];
  }
  return { table: subsetR2Table(rxx, rxy, p, names?.slice(1)), rxx, rxy };
}
