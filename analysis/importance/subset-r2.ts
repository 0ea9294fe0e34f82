import { correlationMatrix } from '../linear/covariance.js';
import type { Moments } from '../linear/moments.js';

/**
 * The R² of every subset of predictors, in one table indexed by bit mask:
 * `table[mask]` is the R² of the outcome on the predictors whose bits are set (bit i = predictor i).
 * LMG, group LMG and dominance analysis all read this one table.
 */

/** Most predictors a table is built for: 2^24 subsets is 128 MiB and a few seconds. */
export const MAX_SUBSET_PREDICTORS = 24;

/** Below this residual share a predictor counts as a linear combination of the others. */
const COLLINEAR_TOLERANCE = 1e-10;

/**
 * Builds the subset-R² table from the predictor correlation matrix `rxx` (p × p row-major) and the
 * predictor–outcome correlations `rxy` (length p), with R²(S) = r_S' R_SS⁻¹ r_S.
 * A depth-first walk decides the bits from the highest down (leave out first, then take in), so the
 * table is written in mask order; taking a predictor in extends the parent's Cholesky factor by one
 * bordered row for each remaining candidate (the idea of Clarke 1981's sweep-based all-subsets
 * regression, done with Cholesky rows), so a subset costs O(p) amortised instead of a fresh O(|S|³) solve.
 * `names` only improves the error messages. Throws when p exceeds MAX_SUBSET_PREDICTORS or when a
 * predictor is (almost) a linear combination of others.
 */
export function subsetR2Table(
  rxx: ArrayLike<number>,
  rxy: ArrayLike<number>,
  p: number,
  names?: readonly string[],
): Float64Array {
  if (!Number.isInteger(p) || p < 1) throw new RangeError(`need at least one predictor (got ${p})`);
  if (p > MAX_SUBSET_PREDICTORS) {
    throw new RangeError(
      `${p} predictors give 2^${p} subsets; the exact table takes at most ${MAX_SUBSET_PREDICTORS} (above that, use sampled Shapley values, or combine predictors into groups or scales first)`,
    );
  }
  checkFullRank(rxx, p, names);
  const table = new Float64Array(2 ** p);
  // w[c·p + t]: entry t of L⁻¹ r_{S,c} for the taken predictors S (the Cholesky row of candidate c).
  const w = new Float64Array(p * p);
  // Per depth k and candidate c: Σ_t w[c,t]² and Σ_t w[c,t]·z[t] over the first k taken predictors.
  const ss = new Float64Array((p + 1) * p);
  const sz = new Float64Array((p + 1) * p);
  const collinear = (j: number, mask: number): never => {
    const others = [...Array(p).keys()]
      .filter((i) => mask & (1 << i))
      .map((i) => names?.[i] ?? String(i))
      .join(', ');
    throw new RangeError(
      `predictor "${names?.[j] ?? j}" is (almost) a linear combination of ${others}; remove one of them`,
    );
  };
  // Decides bits b − 1 … 0; the higher bits are fixed in `mask`, k of them taken, with R² `r2`.
  const decide = (b: number, k: number, r2: number, mask: number): void => {
    if (b === 0) {
      table[mask] = r2;
      return;
    }
    const j = b - 1;
    decide(j, k, r2, mask);
    const kp = k * p;
    const d2 = 1 - ss[kp + j];
    if (!(d2 > COLLINEAR_TOLERANCE)) collinear(j, mask);
    const d = Math.sqrt(d2);
    const z = (rxy[j] - sz[kp + j]) / d;
    const rowJ = j * p;
    const next = kp + p;
    for (let c = 0; c < j; c++) {
      let s = rxx[rowJ + c];
      const rowC = c * p;
      for (let t = 0; t < k; t++) s -= w[rowJ + t] * w[rowC + t];
      const wc = s / d;
      w[rowC + k] = wc;
      ss[next + c] = ss[kp + c] + wc * wc;
      sz[next + c] = sz[kp + c] + wc * z;
    }
    decide(j, k + 1, r2 + z * z, mask | (1 << j));
  };
  decide(p, 0, 0, 0);
  return table;
}

/**
 * Cholesky of the whole predictor correlation matrix in listed order, so that a collinear set is
 * reported as its last-listed member being a combination of the earlier ones.
 */
function checkFullRank(rxx: ArrayLike<number>, p: number, names?: readonly string[]): void {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = rxx[i * p + j];
      for (let t = 0; t < j; t++) s -= l[i * p + t] * l[j * p + t];
      if (i === j) {
        if (!(s > COLLINEAR_TOLERANCE)) {
          const earlier = Array.from({ length: i }, (_, t) => names?.[t] ?? String(t)).join(', ');
          throw new RangeError(
            `predictor "${names?.[i] ?? i}" is (almost) a linear combination of ${earlier || 'nothing (it is constant)'}; remove one of them`,
          );
        }
        l[i * p + i] = Math.sqrt(s);
      } else l[i * p + j] = s / l[j * p + j];
    }
  }
}

/**
 * The subset-R² table straight from moments whose columns are [outcome, ...predictors], with the
 * predictor correlations `rxx` (p × p) and outcome correlations `rxy` it was built from.
 * `names` ([outcome, ...predictors]) name the offending column in errors; throws as
 * `correlationMatrix` and `subsetR2Table` do.
 */
export function subsetR2FromMoments(
  m: Moments,
  names?: readonly string[],
): { table: Float64Array; rxx: Float64Array; rxy: Float64Array } {
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
