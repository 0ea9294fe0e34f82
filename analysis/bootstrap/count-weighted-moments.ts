/**
 * Moments of row-bootstrap resamples given as multiplicities (counts[r] copies of row r), four
 * resamples at a time (weighted-sums.ts). The rows are centred once on the full-sample means; each
 * resample's sums Σ c·x and Σ c·x x' are count-weighted sums of the centred rows and their pairwise
 * products (computed once), shifted back to raw means after (no cancellation: the resample means
 * stay near zero). B = 1000 over 10,000 rows and 9 columns: about 0.5 s of CPU instead of
 * 0.65–0.94 s for a weighted pass per resample, draws included.
 */
import { emptyMoments, type Moments } from '../linear/moments.js';
import { RESAMPLES_PER_PASS, weightedSums } from './weighted-sums.js';

export { RESAMPLES_PER_PASS } from './weighted-sums.js';

export interface CountWeightedMoments {
  /** Rows (the length of each resample's counts). */
  readonly n: number;
  /**
   * Counts of RESAMPLES_PER_PASS resamples, interleaved: counts[r·4 + k] is row r's multiplicity in
   * resample k. Fill it (unused resamples all 0), then call `compute`.
   */
  readonly counts: Float64Array;
  /** The moments of the resamples in `counts`, written into `out[k]` (k < out.length ≤ 4). */
  compute(out: readonly Moments[]): void;
}

export function countWeightedMoments(rows: readonly ArrayLike<number>[], q: number): CountWeightedMoments {
  const n = rows.length;
  const centre = new Float64Array(q);
  for (const row of rows) for (let i = 0; i < q; i++) centre[i] += row[i] / n;
  // Per row: the q centred values, then the q(q+1)/2 products (i ≤ j).
  const entries = q + (q * (q + 1)) / 2;
  const values = new Float64Array(n * entries);
  const x = new Float64Array(q);
  for (let r = 0; r < n; r++) {
    const row = rows[r];
    for (let i = 0; i < q; i++) x[i] = row[i] - centre[i];
    let e = r * entries;
    for (let i = 0; i < q; i++) values[e++] = x[i];
    for (let i = 0; i < q; i++) for (let j = i; j < q; j++) values[e++] = x[i] * x[j];
  }
  const sums = weightedSums(values, n, entries);

  function compute(out: readonly Moments[]): void {
    sums.compute();
    for (let k = 0; k < out.length; k++) momentsFromSums(out[k], sums.sums, k * sums.stride, sums.total(k), centre, q);
  }

  return { n, counts: sums.counts, compute };
}

/** Moments from one resample's sums (Σ c·x at `at`, then Σ c·x_i x_j for i ≤ j) around `centre`. */
function momentsFromSums(
  m: Moments,
  sums: Float64Array,
  at: number,
  total: number,
  centre: Float64Array,
  q: number,
): void {
  m.n = total;
  m.comoments.fill(0);
  let e = at + q;
  for (let i = 0; i < q; i++) {
    const mi = sums[at + i] / total;
    m.mean[i] = centre[i] + mi;
    for (let j = i; j < q; j++) m.comoments[i * q + j] = sums[e++] - total * mi * (sums[at + j] / total);
    // A column constant within the resample leaves only rounding: make it exactly 0 so it is named.
    const d = i * q + i;
    if (m.comoments[d] <= 1e-12 * sums[e - (q - i)]) m.comoments[d] = 0;
  }
}

/** Fresh moments for the resamples of one pass. */
export function passMoments(q: number): Moments[] {
  return Array.from({ length: RESAMPLES_PER_PASS }, () => emptyMoments(q));
}
