/** Sample quantiles. */

/**
 * The `prob` quantile of `sorted` (ascending, non-empty) by linear interpolation between order
 * statistics, R's default `quantile(type = 7)` (Hyndman & Fan 1996). Throws on an empty sample or
 * a probability outside [0, 1].
 */
export function quantileSorted(sorted: ArrayLike<number>, prob: number): number {
  if (sorted.length === 0) throw new RangeError('a quantile needs at least one value');
  if (!(prob >= 0 && prob <= 1)) throw new RangeError(`quantile probability must be in [0, 1] (got ${prob})`);
  const h = (sorted.length - 1) * prob;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
