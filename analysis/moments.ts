/**
 * Mergeable first and second moments (n, means, co-moments) of a fixed set of columns.
 * One streaming pass builds them; two of them merge exactly, so shards or bootstrap
 * resamples can be combined without revisiting rows.
 */

/** Sufficient statistics for means, covariances and every OLS fit on these columns. */
export interface Moments {
  /** Number of columns. */
  readonly p: number;
  /** Number of rows added. */
  n: number;
  /** Column means, length p. */
  readonly mean: Float64Array;
  /**
   * Co-moments Σ (x_i − mean_i)(x_j − mean_j), p × p row-major.
   * Only the upper triangle (j ≥ i) is maintained; read it through `comoment(m, i, j)`.
   */
  readonly comoments: Float64Array;
}

/** Empty moments for `p` columns. */
export function emptyMoments(p: number): Moments {
  if (!Number.isInteger(p) || p < 1) throw new RangeError(`moments need at least one column (got ${p})`);
  return { p, n: 0, mean: new Float64Array(p), comoments: new Float64Array(p * p) };
}

/** The co-moment of columns i and j (symmetric). */
export function comoment(m: Moments, i: number, j: number): number {
  return i <= j ? m.comoments[i * m.p + j] : m.comoments[j * m.p + i];
}

/**
 * Adds one complete row in place: Welford's online update generalised to co-moments
 * (Welford 1962; see also Pébay 2008, "Formulas for robust, one-pass parallel computation").
 * The caller guarantees `row` has p finite values (use `momentsOfRows` for listwise deletion).
 */
export function addRow(m: Moments, row: ArrayLike<number>, delta: Float64Array = new Float64Array(m.p)): void {
  const { p, mean, comoments } = m;
  m.n += 1;
  const inv = 1 / m.n;
  for (let i = 0; i < p; i++) {
    delta[i] = row[i] - mean[i];
    mean[i] += delta[i] * inv;
  }
  for (let i = 0; i < p; i++) {
    const di = delta[i];
    const base = i * p;
    // (x_i − old mean_i)(x_j − new mean_j): exact Welford co-moment update.
    for (let j = i; j < p; j++) comoments[base + j] += di * (row[j] - mean[j]);
  }
}

/**
 * Combines two sets of moments of the same columns into a new one: the pairwise update of
 * Chan, Golub & LeVeque (1979), exact up to rounding, so merge order does not matter.
 * Throws when the column counts differ.
 */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.p !== b.p) throw new RangeError(`cannot merge moments of ${a.p} and ${b.p} columns`);
  const p = a.p;
  const out = emptyMoments(p);
  out.n = a.n + b.n;
  if (out.n === 0) return out;
  const wa = a.n / out.n;
  const wb = b.n / out.n;
  const factor = (a.n * b.n) / out.n;
  const d = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    d[i] = b.mean[i] - a.mean[i];
    out.mean[i] = wa * a.mean[i] + wb * b.mean[i];
  }
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      const k = i * p + j;
      out.comoments[k] = a.comoments[k] + b.comoments[k] + factor * d[i] * d[j];
    }
  }
  return out;
}

/** A value that counts as missing: null, undefined or NaN. */
function isMissing(v: number | null | undefined): boolean {
  return v === null || v === undefined || Number.isNaN(v);
}

/**
 * Moments of the chosen `columns` of `rows` with listwise deletion: a row missing any chosen
 * column (null, undefined or NaN) is skipped, columns not chosen never drop a row.
 * Throws on an infinite value, naming the row (0-based) and column position.
 */
export function momentsOfRows(
  rows: Iterable<ArrayLike<number | null | undefined>>,
  columns: readonly number[],
): { moments: Moments; dropped: number } {
  const moments = emptyMoments(columns.length);
  const picked = new Float64Array(columns.length);
  const delta = new Float64Array(columns.length);
  let dropped = 0;
  let rowIndex = 0;
  outer: for (const row of rows) {
    for (let c = 0; c < columns.length; c++) {
      const v = row[columns[c]];
      if (isMissing(v)) {
        dropped++;
        rowIndex++;
        continue outer;
      }
      if (!Number.isFinite(v)) throw new RangeError(`row ${rowIndex}, column ${columns[c]}: value ${v} is not finite`);
      picked[c] = v as number;
    }
    addRow(moments, picked, delta);
    rowIndex++;
  }
  return { moments, dropped };
}
