/** Sample covariance and correlation matrices read from mergeable moments. */
import { comoment, type Moments } from './moments.js';

/**
 * Sample covariance matrix (denominator n − 1), p × p row-major and symmetric.
 * Throws when fewer than two rows were added.
 */
export function covarianceMatrix(m: Moments): Float64Array {
  if (m.n < 2) throw new RangeError(`a covariance needs at least 2 complete rows (got ${m.n})`);
  const { p } = m;
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      const v = comoment(m, i, j) / (m.n - 1);
      out[i * p + j] = v;
      out[j * p + i] = v;
    }
  }
  return out;
}

/**
 * Pearson correlation matrix, p × p row-major, unit diagonal.
 * Throws when a column is constant (its correlations are undefined), naming it through `names`
 * when given so the user knows which column to drop.
 */
export function correlationMatrix(m: Moments, names?: readonly string[]): Float64Array {
  if (m.n < 2) throw new RangeError(`a correlation needs at least 2 complete rows (got ${m.n})`);
  const { p } = m;
  const sd = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const ss = comoment(m, i, i);
    // Relative test: rounding leaves ~1e-32·mean²·n in the co-moment of a constant column.
    if (!(ss > 1e-24 * m.n * Math.max(1, m.mean[i] * m.mean[i]))) {
      throw new RangeError(
        `column "${names?.[i] ?? i}" is constant over the ${m.n} complete rows; remove it from the model`,
      );
    }
    sd[i] = Math.sqrt(ss);
  }
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    out[i * p + i] = 1;
    for (let j = i + 1; j < p; j++) {
      const r = comoment(m, i, j) / (sd[i] * sd[j]);
      out[i * p + j] = r;
      out[j * p + i] = r;
    }
  }
  return out;
}
