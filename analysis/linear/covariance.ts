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
 * Spread, relative to the column's level, at or below which a column counts as constant: sd ≤ 1e-12·|mean|.
 * Rounding leaves a few units in the last place of the mean per row, ~1e-31·n·mean² in the
 * co-moment of a truly constant column, far below; a real column this narrow has lost its digits anyway.
 */
const CONSTANT_RELATIVE_SD = 1e-12;

/**
 * Whether column i of the moments is constant: its co-moment is 0 or within rounding of its mean,
 * a test free of the column's unit (a column scaled by 1e-15 is judged as the column itself).
 */
export function isConstantColumn(m: Moments, i: number): boolean {
  const level = CONSTANT_RELATIVE_SD * m.mean[i];
  return !(comoment(m, i, i) > m.n * level * level);
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
    if (isConstantColumn(m, i)) {
      throw new RangeError(
        `column "${names?.[i] ?? i}" is constant over the ${m.n} complete rows; remove it from the model`,
      );
    }
    sd[i] = Math.sqrt(comoment(m, i, i));
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
