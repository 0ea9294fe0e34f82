/**
 * Cronbach's alpha (Cronbach 1951) for one scale, following psych::alpha (Revelle): raw alpha from
 * the item covariance matrix, standardized alpha from the correlation matrix, the average
 * inter-item r, corrected item–rest correlations (psych's r.drop) and alpha if an item is deleted.
 * Rows with a missing item are left out (listwise), as `psych::alpha(na.omit(x))`.
 */

import type { ItemColumn } from './scoring.js';

export interface ItemAlpha {
  readonly id: string;
  /** Correlation of the item with the sum of the other items (psych r.drop). */
  readonly itemRestR: number;
  /** Raw alpha of the scale without this item (NaN for a two-item scale: one item has no alpha). */
  readonly alphaIfDeletedRaw: number;
  /** Standardized alpha of the scale without this item (NaN for a two-item scale). */
  readonly alphaIfDeletedStd: number;
}

export interface AlphaResult {
  readonly k: number;
  /** Complete cases used (listwise over the scale's items). */
  readonly n: number;
  readonly rawAlpha: number;
  readonly stdAlpha: number;
  readonly averageR: number;
  /** Mean and sd (n − 1) of the per-respondent item mean. */
  readonly mean: number;
  readonly sd: number;
  readonly items: readonly ItemAlpha[];
}

/** Raw alpha k/(k−1)·(1 − Σ var_i / Σ C) and standardized alpha k·r̄/(1 + (k−1)·r̄) of the sub-matrix `idx`. */
function alphaOf(cov: readonly Float64Array[], idx: readonly number[]): { raw: number; std: number; rbar: number } {
  const k = idx.length;
  let trace = 0,
    total = 0,
    rsum = 0;
  for (const i of idx) {
    trace += cov[i][i];
    for (const j of idx) {
      total += cov[i][j];
      if (i < j) rsum += cov[i][j] / Math.sqrt(cov[i][i] * cov[j][j]);
    }
  }
  const rbar = rsum / ((k * (k - 1)) / 2);
  return { raw: (k / (k - 1)) * (1 - trace / total), std: (k * rbar) / (1 + (k - 1) * rbar), rbar };
}

/** Indices of the rows where every column holds a value (listwise deletion), in row order. */
function completeRows(columns: readonly ItemColumn[]): Int32Array {
  const length = columns[0].length;
  const rows = new Int32Array(length);
  let n = 0;
  outer: for (let r = 0; r < length; r++) {
    for (let c = 0; c < columns.length; c++) {
      const v = columns[c][r];
      if (v !== v) continue outer; // NaN: missing
    }
    rows[n++] = r;
  }
  return rows.subarray(0, n);
}

/** What alpha is computed from: the complete rows' count, item covariance matrix and per-row item mean. */
export interface AlphaMoments {
  /** Complete rows (listwise over the scale's items). */
  readonly n: number;
  /** Item covariances (n − 1 denominator), k × k. */
  readonly cov: readonly Float64Array[];
  /** Mean and sd (n − 1) of the per-row item mean. */
  readonly mean: number;
  readonly sd: number;
}

/**
 * Cronbach's alpha and item statistics for one scale, as psych 2.2.9 `alpha()` reports them with
 * complete data. Pass the items already reverse-keyed (analysis/scales/scoring.ts `keyedItems`).
 * Missing values (NaN: skipped or "does not apply"): listwise over the scale's items, so every
 * figure equals `psych::alpha(na.omit(x))` — alpha of the complete rows. psych's own default
 * (`use = "pairwise"`) takes each covariance over the rows that answered both items and the total
 * over partial rows, so it differs from this when values are missing; the two agree on complete
 * data (test/analysis/cronbach-alpha.test.ts). Throws on fewer than 2 items, fewer than 3 complete
 * rows, or an item that is constant among the complete rows.
 */
export function cronbachAlpha(ids: readonly string[], columns: readonly ItemColumn[]): AlphaResult {
  const k = ids.length;
  if (k < 2 || columns.length !== k)
    throw new Error(`alpha needs at least 2 items with one column each (got ${k} ids, ${columns.length} columns)`);
  const rows = completeRows(columns);
  const n = rows.length;
  if (n < 3) throw new Error(`alpha for items ${ids.join(', ')} needs at least 3 complete responses, found ${n}`);
  // Two passes (means, then centred cross-products), summed in row order: the textbook sums.
  const means = columns.map((c) => {
    let s = 0;
    for (let t = 0; t < n; t++) s += c[rows[t]];
    return s / n;
  });
  const cov = ids.map(() => new Float64Array(k));
  for (let i = 0; i < k; i++) {
    const ci = columns[i],
      mi = means[i];
    for (let j = i; j < k; j++) {
      const cj = columns[j],
        mj = means[j];
      let s = 0;
      for (let t = 0; t < n; t++) {
        const r = rows[t];
        s += (ci[r] - mi) * (cj[r] - mj);
      }
      cov[i][j] = cov[j][i] = s / (n - 1);
    }
  }
  const scaleMeans = new Float64Array(n);
  let total = 0;
  for (let t = 0; t < n; t++) {
    const r = rows[t];
    let s = 0;
    for (let c = 0; c < k; c++) s += columns[c][r];
    scaleMeans[t] = s / k;
    total += scaleMeans[t];
  }
  const mean = total / n;
  let ss = 0;
  for (let t = 0; t < n; t++) ss += (scaleMeans[t] - mean) ** 2;
  return alphaFromMoments(ids, { n, cov, mean, sd: Math.sqrt(ss / (n - 1)) });
}

/**
 * `cronbachAlpha` from its moments, computed elsewhere with the same sums (e.g. the report's pass
 * over every scale at once, analysis/report/report-item-pass.ts). Same method, same throws on fewer
 * than 3 complete rows or an item constant among them.
 */
export function alphaFromMoments(ids: readonly string[], { n, cov, mean, sd }: AlphaMoments): AlphaResult {
  const k = ids.length;
  if (k < 2 || cov.length !== k)
    throw new Error(`alpha needs at least 2 items with one column each (got ${k} ids, ${cov.length} columns)`);
  if (n < 3) throw new Error(`alpha for items ${ids.join(', ')} needs at least 3 complete responses, found ${n}`);
  for (let i = 0; i < k; i++)
    if (cov[i][i] === 0)
      throw new Error(`item "${ids[i]}" is constant among the ${n} complete responses; alpha is undefined`);
  const all = ids.map((_, i) => i);
  const whole = alphaOf(cov, all);
  const items = ids.map((id, i) => {
    const rest = all.filter((j) => j !== i);
    let covRest = 0,
      varRest = 0;
    for (const j of rest) {
      covRest += cov[i][j];
      for (const l of rest) varRest += cov[j][l];
    }
    const dropped = k > 2 ? alphaOf(cov, rest) : { raw: NaN, std: NaN };
    return {
      id,
      itemRestR: covRest / Math.sqrt(cov[i][i] * varRest),
      alphaIfDeletedRaw: dropped.raw,
      alphaIfDeletedStd: dropped.std,
    };
  });
  return { k, n, rawAlpha: whole.raw, stdAlpha: whole.std, averageR: whole.rbar, mean, sd, items };
}
