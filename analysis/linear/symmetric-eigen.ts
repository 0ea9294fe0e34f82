/** Eigen-decomposition of a small symmetric matrix. */

export interface SymmetricEigen {
  /** Eigenvalues, length k (in no particular order). */
  readonly values: Float64Array;
  /** Eigenvectors as columns, k × k row-major: vectors[r·k + c] is entry r of vector c. */
  readonly vectors: Float64Array;
}

/**
 * Cyclic Jacobi rotations (Golub & Van Loan, Matrix Computations, §8.5; Rutishauser's update
 * formulas): accurate to rounding for the small correlation matrices of survey scales.
 * Throws when `a` is not k × k or not symmetric.
 */
export function symmetricEigen(a: ArrayLike<number>, k: number): SymmetricEigen {
  if (a.length !== k * k) throw new RangeError(`expected a ${k} × ${k} matrix (got ${a.length} entries)`);
  const m = Float64Array.from(a);
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      if (Math.abs(m[i * k + j] - m[j * k + i]) > 1e-12 * (Math.abs(m[i * k + j]) + 1)) {
        throw new RangeError(`matrix is not symmetric at (${i}, ${j})`);
      }
    }
  }
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < k; i++) {
      diag += m[i * k + i] ** 2;
      for (let j = i + 1; j < k; j++) off += m[i * k + j] ** 2;
    }
    if (off <= 1e-32 * diag || off === 0) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = m[p * k + q];
        if (apq === 0) continue;
        const theta = (m[q * k + q] - m[p * k + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          // Columns p and q of m (then rows, by symmetry) and of v.
          const mrp = m[r * k + p];
          const mrq = m[r * k + q];
          m[r * k + p] = c * mrp - s * mrq;
          m[r * k + q] = s * mrp + c * mrq;
        }
        for (let r = 0; r < k; r++) {
          const mpr = m[p * k + r];
          const mqr = m[q * k + r];
          m[p * k + r] = c * mpr - s * mqr;
          m[q * k + r] = s * mpr + c * mqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r * k + p];
          const vrq = v[r * k + q];
          v[r * k + p] = c * vrp - s * vrq;
          v[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(k);
  for (let i = 0; i < k; i++) values[i] = m[i * k + i];
  return { values, vectors: v };
}
