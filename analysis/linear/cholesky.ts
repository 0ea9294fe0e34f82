/** Cholesky factorisation and solve for small symmetric positive definite systems. */

/**
 * The lower Cholesky factor L of symmetric positive definite A (k × k row-major), A = L Lᵀ
 * (Golub & Van Loan, Matrix Computations, alg. 4.2.1). Throws when A is not positive definite
 * within rounding, which for a covariance matrix means some column is a linear combination of others.
 */
export function choleskyLower(a: ArrayLike<number>, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j];
      for (let t = 0; t < j; t++) s -= l[i * k + t] * l[j * k + t];
      if (i === j) {
        if (!(s > 1e-12 * Math.abs(a[i * k + i]))) {
          throw new RangeError(
            `matrix is singular at column ${i}: that column is (almost) a linear combination of earlier ones`,
          );
        }
        l[i * k + i] = Math.sqrt(s);
      } else {
        l[i * k + j] = s / l[j * k + j];
      }
    }
  }
  return l;
}

/**
 * Solves A x = b for symmetric positive definite A (k × k row-major) by Cholesky (`choleskyLower`),
 * then forward and back substitution. Throws as `choleskyLower` does.
 */
export function choleskySolve(a: ArrayLike<number>, b: ArrayLike<number>, k: number): Float64Array {
  const l = choleskyLower(a, k);
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let t = 0; t < i; t++) s -= l[i * k + t] * y[t];
    y[i] = s / l[i * k + i];
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i];
    for (let t = i + 1; t < k; t++) s -= l[t * k + i] * x[t];
    x[i] = s / l[i * k + i];
  }
  return x;
}

/**
 * Extends the lower Cholesky factor `l` (row-major, row stride `stride`, first k rows filled) of
 * a symmetric positive definite matrix by one bordered row: the new row is L⁻¹ a (forward
 * substitution) and its diagonal √(diag − ‖L⁻¹ a‖²). `a` holds the new column's entries against
 * the k existing ones. Returns false, leaving `l` unchanged beyond row k's scratch, when the new
 * column is (almost) a combination of the existing ones (relative tolerance 1e-10 of `diag`).
 */
export function extendCholesky(
  l: Float64Array,
  stride: number,
  k: number,
  a: ArrayLike<number>,
  diag: number,
): boolean {
  const row = k * stride;
  let ss = 0;
  for (let i = 0; i < k; i++) {
    let s = a[i];
    for (let t = 0; t < i; t++) s -= l[i * stride + t] * l[row + t];
    const v = s / l[i * stride + i];
    l[row + i] = v;
    ss += v * v;
  }
  const d2 = diag - ss;
  if (!(d2 > 1e-10 * Math.abs(diag))) return false;
  l[row + k] = Math.sqrt(d2);
  return true;
}
