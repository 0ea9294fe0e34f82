/**
 * The organizational group's share of R² in a bootstrap replicate, straight from the replicate's
 * sums (analysis/action/workflow-bootstrap.ts): with two players, the organizational predictors O and
 * the others I, group LMG (relaimpo's `groups=`) is the Shapley value ½[R²(O) + R²(O ∪ I) − R²(I)],
 * so a replicate needs two small Cholesky factorisations of its correlation matrix, not the whole
 * subset-R² table.
 */

/**
 * The organizational share of R² of a replicate from its sums [n, Σ(x − c), upper Σ(x − c)(x − c)ᵀ, …]
 * over the columns [outcome, ...predictors]; NaN when there are too few complete rows, a column is
 * constant or the predictors are collinear in it, or R² is not positive; 1 when every predictor is
 * organizational. The returned function reuses its scratch space.
 */
export function organizationalShareOfSums(
  predictors: readonly string[],
  organizational: readonly string[],
): (sums: Float64Array) => number {
  const q = predictors.length + 1;
  const corr = new Float64Array(q * q);
  const f = playerColumns(predictors, organizational);
  return (sums) => (correlationOf(sums, q, corr) ? organizationalShareOf(corr, q, f) : NaN);
}

/**
 * The fits behind the organizational share: the organizational predictors' columns then the
 * others' (1-based: column 0 is the outcome), with scratch space for their Cholesky factors.
 */
function playerColumns(predictors: readonly string[], organizational: readonly string[]) {
  const org: number[] = [];
  const rest: number[] = [];
  predictors.forEach((name, i) => (organizational.includes(name) ? org : rest).push(i + 1));
  const p = predictors.length;
  return {
    org,
    rest,
    ordered: [...org, ...rest],
    l: new Float64Array(p * p),
    z: new Float64Array(p),
    r2: new Float64Array(p),
  };
}

/**
 * The correlation matrix (q × q, into `out`) of the resample whose sums are `sums` ([n, Σ(x − c),
 * upper Σ(x − c)(x − c)ᵀ, …], centred near the resample's means, so C = S₂ − S₁S₁ᵀ/n loses no
 * digits); false when there are too few complete rows or a column is constant in it.
 */
function correlationOf(sums: Float64Array, q: number, out: Float64Array): boolean {
  const n = sums[0];
  if (n <= q) return false;
  let e = 1 + q;
  for (let i = 0; i < q; i++) {
    const si = sums[1 + i];
    for (let j = i; j < q; j++) {
      const raw = sums[e++];
      const c = raw - (si * sums[1 + j]) / n;
      // A column constant within the resample leaves only rounding.
      if (i === j && !(c > 1e-12 * raw)) return false;
      out[i * q + j] = c;
    }
  }
  for (let i = 0; i < q; i++)
    for (let j = i + 1; j < q; j++) {
      const r = out[i * q + j] / Math.sqrt(out[i * q + i] * out[j * q + j]);
      out[i * q + j] = r;
      out[j * q + i] = r;
    }
  for (let i = 0; i < q; i++) out[i * q + i] = 1;
  return true;
}

/** ½[R²(O) + R²(O ∪ I) − R²(I)] / R²(O ∪ I) from the correlations; 1 without other predictors; NaN when a fit fails. */
function organizationalShareOf(corr: Float64Array, q: number, f: ReturnType<typeof playerColumns>): number {
  if (!leadingR2(corr, q, f.ordered, f)) return NaN;
  const full = f.r2[f.ordered.length - 1];
  const org = f.org.length > 0 ? f.r2[f.org.length - 1] : 0;
  if (!(full > 0)) return NaN;
  if (f.rest.length === 0) return 1;
  if (!leadingR2(corr, q, f.rest, f)) return NaN;
  return (org + full - f.r2[f.rest.length - 1]) / 2 / full;
}

/**
 * R² of column 0 on each leading set cols[0..t] of a correlation matrix, into r2[t]: with L the
 * Cholesky factor of the predictors' correlations and z = L⁻¹r, R²(cols[0..t]) = z₀² + … + z_t²
 * (the bordered Cholesky of analysis/importance/subset-r2.ts), in `f`'s scratch; false when a column
 * is (almost) a combination of the earlier ones (relative tolerance 1e-10).
 */
function leadingR2(
  corr: Float64Array,
  q: number,
  cols: readonly number[],
  f: ReturnType<typeof playerColumns>,
): boolean {
  const { l, z, r2 } = f;
  const k = cols.length;
  let total = 0;
  for (let i = 0; i < k; i++) {
    const ci = cols[i] * q;
    for (let j = 0; j < i; j++) {
      let s = corr[ci + cols[j]];
      for (let t = 0; t < j; t++) s -= l[i * k + t] * l[j * k + t];
      l[i * k + j] = s / l[j * k + j];
    }
    let d = 1;
    let zi = corr[cols[i]];
    for (let t = 0; t < i; t++) {
      d -= l[i * k + t] * l[i * k + t];
      zi -= l[i * k + t] * z[t];
    }
    if (!(d > 1e-10)) return false;
    l[i * k + i] = Math.sqrt(d);
    z[i] = zi / l[i * k + i];
    total += z[i] * z[i];
    r2[i] = total;
  }
  return true;
}
