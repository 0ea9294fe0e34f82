/**
 * Bias-corrected and accelerated (BCa) bootstrap intervals (Efron 1987, "Better bootstrap
 * confidence intervals", JASA 82; DiCiccio & Efron 1996, "Bootstrap confidence intervals", Stat.
 * Sci. 11). The percentile interval's levels α and 1 − α are moved to
 *   α' = Φ(z0 + (z0 + z_α) / (1 − a (z0 + z_α)))
 * where the bias correction z0 = Φ⁻¹(#{θ* < θ̂} / B) says how far the resamples sit from the
 * estimate (R² is biased upward, so its resamples mostly lie above it) and the acceleration a, the
 * skewness of the jackknife influence values, says how fast the standard error changes with θ.
 * Endpoints are read from the sorted draws by boot's `norm.inter` (Davison & Hinkley 1997, eq. 5.8):
 * interpolation between order statistics on the normal quantile scale, so the result equals R's
 * `boot::boot.ci(type = "bca")` given the same draws and influence values.
 */
import { normalCdf, normalQuantile } from '../linear/normal.js';
import { quantileSorted } from '../linear/quantile.js';
import type { Interval, IntervalMethod } from '../report/report.js';

export type { IntervalMethod };

export interface BcaInterval {
  readonly interval: Interval;
  readonly method: IntervalMethod;
  /** Bias correction z0 (NaN when the draws do not define it). */
  readonly z0: number;
  /** Acceleration a (0 when no jackknife values were given). */
  readonly a: number;
  /** Why the percentile interval is given instead (method 'percentile'); absent otherwise. */
  readonly fallback?: string;
}

/**
 * The acceleration from jackknife values θ_(i) (the statistic with unit i left out):
 * a = Σ d_i³ / (6 (Σ d_i²)^{3/2}), d_i = θ̄_(·) − θ_(i) (Efron & Tibshirani 1993, eq. 14.15).
 * Works alike for delete-one-block values (a grouped jackknife: its block sums of influence have
 * the same second and third moments in expectation). 0 when fewer than 3 values or all equal.
 */
export function jackknifeAcceleration(values: ArrayLike<number>): number {
  const m = values.length;
  if (m < 3) return 0;
  let mean = 0;
  for (let i = 0; i < m; i++) mean += values[i] / m;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < m; i++) {
    const d = mean - values[i];
    s2 += d * d;
    s3 += d * d * d;
  }
  const a = s3 / (6 * s2 ** 1.5);
  return Number.isFinite(a) ? a : 0;
}

/**
 * The order statistics of `sorted` (ascending, finite) at probability `alpha` as boot's `norm.inter`:
 * r = (B + 1)·alpha; an integer r gives draw r, else draws k = ⌊r⌋ and k + 1 are interpolated
 * linearly in Φ⁻¹ (Davison & Hinkley 1997, eq. 5.8); beyond the ends, the extreme draw.
 */
export function normalInterpolatedQuantile(sorted: ArrayLike<number>, alpha: number): number {
  const B = sorted.length;
  if (B === 0) throw new RangeError('a quantile needs at least one value');
  const rk = (B + 1) * alpha;
  const k = Math.trunc(rk);
  if (k <= 0) return sorted[0];
  if (k >= B) return sorted[B - 1];
  if (k === rk) return sorted[k - 1];
  const z = normalQuantile(alpha);
  const zk = normalQuantile(k / (B + 1));
  const zk1 = normalQuantile((k + 1) / (B + 1));
  return sorted[k - 1] + ((z - zk) / (zk1 - zk)) * (sorted[k] - sorted[k - 1]);
}

/**
 * The two-sided BCa interval at coverage `level` for `estimate` from its bootstrap `draws` and the
 * acceleration `a` (from `jackknifeAcceleration`; 0 gives the bias-corrected percentile interval).
 * Falls back to the percentile interval (R quantile type 7, as `percentileInterval`), saying why in
 * `fallback`, when BCa is undefined: every draw equal, the estimate outside the draws (z0 infinite:
 * no draw below it, or none at or above it), or a level moved past the acceleration's pole
 * (1 − a (z0 + z_α) ≤ 0). Non-finite draws are ignored. Throws on no finite draw or a bad level.
 */
export function bcaInterval(draws: readonly number[], estimate: number, a: number, level: number): BcaInterval {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1 (got ${level})`);
  const sorted = Float64Array.from(draws.filter(Number.isFinite)).sort();
  const B = sorted.length;
  if (B === 0) throw new RangeError('an interval needs at least one bootstrap draw');
  const alpha = (1 - level) / 2;
  const percentile = (z0: number, fallback: string): BcaInterval => ({
    interval: [quantileSorted(sorted, alpha), quantileSorted(sorted, 1 - alpha)],
    method: 'percentile',
    z0,
    a,
    fallback,
  });
  if (sorted[0] === sorted[B - 1]) return percentile(NaN, 'every resample gave the same value');
  let below = 0;
  while (below < B && sorted[below] < estimate) below++;
  const z0 = normalQuantile(below / B);
  if (!Number.isFinite(z0))
    return percentile(
      z0,
      below === 0
        ? 'no resample fell below the estimate (no bias correction can be estimated)'
        : 'every resample fell below the estimate (no bias correction can be estimated)',
    );
  const za = normalQuantile(alpha);
  const levels: number[] = [];
  for (const z of [za, -za]) {
    const denominator = 1 - a * (z0 + z);
    if (!(denominator > 0))
      return percentile(z0, 'the acceleration is too large for this level (the BCa correction is undefined)');
    levels.push(normalCdf(z0 + (z0 + z) / denominator));
  }
  return {
    interval: [normalInterpolatedQuantile(sorted, levels[0]), normalInterpolatedQuantile(sorted, levels[1])],
    method: 'bca',
    z0,
    a,
  };
}
