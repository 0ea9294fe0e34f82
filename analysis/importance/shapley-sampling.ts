/**
 * Permutation-sampled Shapley values of the R² game, for more predictors than the exact subset
 * table allows: the players join in random orders and each player's R² gain is averaged over the
 * orders (Castro, Gómez & Tejada 2009, "Polynomial calculation of the Shapley value based on
 * sampling"; Štrumbelj & Kononenko 2010). Estimates, with standard errors.
 */
import { extendCholesky } from '../linear/cholesky.js';
import { mulberry32 } from '../linear/random.js';

export interface SampledShapley {
  /** Mean gain per player over the sampled orders; sums exactly to the full R². */
  readonly values: Float64Array;
  /** Standard error of each value: sd of the player's gains over the orders / √orders. */
  readonly se: Float64Array;
  readonly permutations: number;
}

/**
 * Shapley values of R² for `players` (each a list of predictor indices; a list of one is a single
 * predictor, a longer one a group playing as one) from the predictor correlations `rxx` (p × p)
 * and predictor–outcome correlations `rxy`. For each of `permutations` seeded random orders
 * (Fisher–Yates on mulberry32), the players join one after another; each subset's R² = z'z with
 * L z = r_S, where L is the Cholesky factor of R_SS grown by one bordered row per joining predictor
 * (cholesky.ts's `extendCholesky`), i.e. a direct solve done incrementally along the order.
 * Throws when the predictors are (almost) collinear or permutations < 2.
 */
export function sampledShapley(
  rxx: ArrayLike<number>,
  rxy: ArrayLike<number>,
  p: number,
  players: readonly (readonly number[])[],
  options: { permutations?: number; seed?: number } = {},
): SampledShapley {
  const { permutations = 2000, seed = 1 } = options;
  if (!Number.isInteger(permutations) || permutations < 2)
    throw new RangeError(`permutations must be an integer ≥ 2 (got ${permutations})`);
  const q = players.length;
  const random = mulberry32(seed);
  const order = Array.from({ length: q }, (_, i) => i);
  const l = new Float64Array(p * p);
  const z = new Float64Array(p);
  const members = new Int32Array(p);
  const column = new Float64Array(p);
  const sum = new Float64Array(q);
  const sumSq = new Float64Array(q);
  for (let m = 0; m < permutations; m++) {
    for (let i = q - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let k = 0;
    let r2 = 0;
    for (const player of order) {
      const before = r2;
      for (const c of players[player]) {
        for (let t = 0; t < k; t++) column[t] = rxx[members[t] * p + c];
        if (!extendCholesky(l, p, k, column, 1))
          throw new RangeError(`predictor ${c} is (almost) a linear combination of others; remove one of them`);
        let s = rxy[c];
        for (let t = 0; t < k; t++) s -= l[k * p + t] * z[t];
        z[k] = s / l[k * p + k];
        r2 += z[k] * z[k];
        members[k++] = c;
      }
      const gain = r2 - before;
      sum[player] += gain;
      sumSq[player] += gain * gain;
    }
  }
  const values = new Float64Array(q);
  const se = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    values[i] = sum[i] / permutations;
    const variance = Math.max(0, (sumSq[i] - permutations * values[i] * values[i]) / (permutations - 1));
    se[i] = Math.sqrt(variance / permutations);
  }
  return { values, se, permutations };
}
