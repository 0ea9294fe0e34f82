/**
 * Count-weighted sums of fixed vectors for several resamples at once: for resample k and entry e,
 * Σ_r counts_k[r] · values[r][e]. Every bootstrap on sufficient statistics has this shape (rows or
 * blocks drawn with replacement; only how often each is drawn matters). Four resamples against four
 * entries per pass over the rows is a small register-blocked matrix product (counts × values): 8
 * loads for 16 multiply-adds held in locals, where a weighted pass per resample loads and stores its
 * sums for every term. The sums equal a per-resample pass up to rounding.
 */

/** Resamples summed together. */
export const RESAMPLES_PER_PASS = 4;

export interface WeightedSums {
  /** Vectors (rows or blocks). */
  readonly n: number;
  /** Entries per vector. */
  readonly entries: number;
  /**
   * Counts of RESAMPLES_PER_PASS resamples, interleaved: counts[r·4 + k] is vector r's multiplicity
   * in resample k. Fill it (unused resamples all 0), then call `compute`.
   */
  readonly counts: Float64Array;
  /** After `compute`: resample k's sum of entry e at sums[k·stride + e]. */
  readonly sums: Float64Array;
  readonly stride: number;
  compute(): void;
  /** Σ_r counts[r·4 + k]: resample k's total multiplicity. */
  total(k: number): number;
}

/** Sums over the n vectors of `values` (row-major, n × entries), which are copied into the kernel's layout. */
export function weightedSums(values: Float64Array, n: number, entries: number): WeightedSums {
  const K = RESAMPLES_PER_PASS;
  const groups = Math.ceil(entries / 4);
  const stride = groups * 4;
  // Groups of four entries, row-interleaved: zs[g·4n + r·4 + t] = entry 4g + t of vector r (padding 0).
  const zs = new Float64Array(groups * 4 * n);
  for (let r = 0; r < n; r++)
    for (let e = 0; e < entries; e++) zs[(e >> 2) * 4 * n + r * 4 + (e & 3)] = values[r * entries + e];
  const counts = new Float64Array(n * K);
  const sums = new Float64Array(stride * K);

  function compute(): void {
    for (let g = 0; g < groups; g++) {
      const base = g * 4 * n;
      // prettier-ignore
      let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
      // prettier-ignore
      let a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
      // prettier-ignore
      for (let r = 0; r < n; r++) {
        const c = r * 4;
        const z = base + c;
        const c0 = counts[c], c1 = counts[c + 1], c2 = counts[c + 2], c3 = counts[c + 3];
        const z0 = zs[z], z1 = zs[z + 1], z2 = zs[z + 2], z3 = zs[z + 3];
        a00 += c0 * z0; a01 += c0 * z1; a02 += c0 * z2; a03 += c0 * z3;
        a10 += c1 * z0; a11 += c1 * z1; a12 += c1 * z2; a13 += c1 * z3;
        a20 += c2 * z0; a21 += c2 * z1; a22 += c2 * z2; a23 += c2 * z3;
        a30 += c3 * z0; a31 += c3 * z1; a32 += c3 * z2; a33 += c3 * z3;
      }
      const e = g * 4;
      // prettier-ignore
      {
      sums[e] = a00; sums[e + 1] = a01; sums[e + 2] = a02; sums[e + 3] = a03;
      sums[stride + e] = a10; sums[stride + e + 1] = a11; sums[stride + e + 2] = a12; sums[stride + e + 3] = a13;
      sums[2 * stride + e] = a20; sums[2 * stride + e + 1] = a21; sums[2 * stride + e + 2] = a22; sums[2 * stride + e + 3] = a23;
      sums[3 * stride + e] = a30; sums[3 * stride + e + 1] = a31; sums[3 * stride + e + 2] = a32; sums[3 * stride + e + 3] = a33;
      }
    }
  }

  function total(k: number): number {
    let t = 0;
    for (let r = 0; r < n; r++) t += counts[r * K + k];
    return t;
  }

  return { n, entries, counts, sums, stride, compute, total };
}
