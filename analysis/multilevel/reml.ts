/**
 * REML variance components of the random-intercept model y_ij = μ + u_j + e_ij, u_j ~ N(0, τ²),
 * e_ij ~ N(0, σ²): the model lme4::lmer(y ~ 1 + (1 | unit)) fits (Patterson & Thompson 1971;
 * Searle, Casella & McCulloch 1992, ch. 6).
 *
 * With θ = τ²/σ², V_j = σ²(I + θ J_nj) has the Sherman–Morrison closed forms
 *   log|V_j| = n_j log σ² + log(1 + θ n_j),  1ᵀV_j⁻¹1 = σ⁻² w_j with w_j = n_j / (1 + θ n_j),
 *   yᵀPy = σ⁻² Q(θ),  Q(θ) = SSW + Σ_j w_j (ȳ_j − μ̂)²,  μ̂ = Σ w_j ȳ_j / Σ w_j.
 * So −2ℓ_R = (N − 1) log σ² + Σ log(1 + θ n_j) + log Σ w_j + Q/σ² (+ const); profiling σ̂² = Q/(N − 1)
 * leaves a function of θ ≥ 0 alone, minimised here by a log-spaced grid and bisection on its derivative.
 */
import { summarizeByUnit, type UnitLabels, type UnitSummaries } from './icc.js';

export interface RemlResult {
  /** Between-unit variance τ² (0 at the boundary: lme4's "singular fit"). */
  readonly between: number;
  /** Within-unit (residual) variance σ². */
  readonly within: number;
  /** The GLS intercept μ̂ at the optimum. */
  readonly mean: number;
  readonly theta: number;
  readonly singular: boolean;
  /** Profiled REML criterion −2ℓ_R(θ̂) without the constant (N − 1)(1 + log 2π). */
  readonly criterion: number;
  readonly J: number;
  readonly N: number;
}

function weighted(s: UnitSummaries, theta: number) {
  let sw = 0,
    swy = 0,
    sw2 = 0,
    logdet = 0;
  const w = new Float64Array(s.J);
  for (let j = 0; j < s.J; j++) {
    w[j] = s.sizes[j] / (1 + theta * s.sizes[j]);
    sw += w[j];
    swy += w[j] * s.means[j];
    sw2 += w[j] * w[j];
    logdet += Math.log1p(theta * s.sizes[j]);
  }
  const mu = swy / sw;
  let q = s.ssWithin,
    dq = 0;
  for (let j = 0; j < s.J; j++) {
    const d2 = (s.means[j] - mu) ** 2;
    q += w[j] * d2;
    dq -= w[j] * w[j] * d2; // dw_j/dθ = −w_j²; μ̂ minimises Q, so it contributes no derivative
  }
  return { sw, sw2, logdet, mu, q, dq };
}

/** Profiled REML criterion −2ℓ_R(θ) (constants dropped) for the one-way random-intercept model. */
export function remlCriterion(s: UnitSummaries, theta: number): number {
  const { sw, logdet, q } = weighted(s, theta);
  return (s.N - 1) * Math.log(q / (s.N - 1)) + logdet + Math.log(sw);
}

/** Derivative of `remlCriterion` in θ: (N − 1) Q′/Q + Σ w_j − Σ w_j² / Σ w_j. */
export function remlScore(s: UnitSummaries, theta: number): number {
  const { sw, sw2, q, dq } = weighted(s, theta);
  return ((s.N - 1) * dq) / q + sw - sw2 / sw;
}

/** Golden-section minimum of the criterion on [lo, hi] (fallback when the score does not change sign). */
function goldenSection(s: UnitSummaries, lo: number, hi: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo,
    b = hi;
  for (let it = 0; it < 200 && b - a > 1e-15 * b; it++) {
    const c = b - g * (b - a),
      d = a + g * (b - a);
    if (remlCriterion(s, c) <= remlCriterion(s, d)) b = d;
    else a = c;
  }
  return 0.5 * (a + b);
}

/**
 * REML estimates of τ² and σ² (as lme4::lmer(y ~ 1 + (1 | unit), REML = TRUE)) from unit summaries.
 * The global minimum over θ ∈ {0} ∪ [1e−8, 1e8] is located on a log grid, then refined by bisection
 * on the score to machine precision; θ̂ = 0 when the criterion rises from the boundary.
 * Throws on fewer than 2 units, no within-unit replication, or no within-unit variation.
 */
export function remlFromSummaries(s: UnitSummaries): RemlResult {
  if (s.J < 2) throw new Error(`REML needs at least 2 units with a value, found ${s.J}`);
  if (s.N - s.J < 1)
    throw new Error(`REML needs within-unit replication: each of the ${s.J} units has a single response`);
  if (!(s.ssWithin > 0)) throw new Error('REML is undefined: no variation within any unit (σ² would be 0)');
  const grid = [0];
  for (let e = -8; e <= 8 + 1e-9; e += 0.04) grid.push(10 ** e);
  let best = 0;
  const f = grid.map((t) => remlCriterion(s, t));
  for (let i = 1; i < grid.length; i++) if (f[i] < f[best]) best = i;
  if (best === grid.length - 1)
    throw new Error('REML: between-unit variance is unbounded relative to within-unit variance');
  let theta = 0;
  if (best > 0 || remlScore(s, 0) < 0) {
    let lo = grid[Math.max(best - 1, 0)],
      hi = grid[best + 1];
    if (remlScore(s, lo) < 0 && remlScore(s, hi) > 0) {
      for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
        const mid = 0.5 * (lo + hi);
        if (remlScore(s, mid) < 0) lo = mid;
        else hi = mid;
      }
      theta = 0.5 * (lo + hi);
    } else theta = goldenSection(s, lo, hi);
  }
  const { q, mu } = weighted(s, theta);
  const within = q / (s.N - 1);
  return {
    between: theta * within,
    within,
    mean: mu,
    theta,
    singular: theta === 0,
    criterion: remlCriterion(s, theta),
    J: s.J,
    N: s.N,
  };
}

/** REML variance components of y by unit (see remlFromSummaries); rows with NaN or no unit are dropped. */
export function reml(values: Float64Array, units: UnitLabels): RemlResult {
  return remlFromSummaries(summarizeByUnit(values, units));
}
