/** A pool's distribution of one figure, as the page shows it: never its members' values. */
import { quantileSorted } from '../linear/quantile.js';

export interface PoolDistribution {
  /** Organizations the distribution is over. */
  readonly count: number;
  readonly min: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly max: number;
}

/**
 * The five-number summary of `values` (R's type-7 quantiles, as `quantile()` gives by default).
 * Throws on an empty list.
 */
export function poolDistribution(values: readonly number[]): PoolDistribution {
  if (values.length === 0) throw new RangeError('a pool distribution needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    min: sorted[0],
    p25: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    p75: quantileSorted(sorted, 0.75),
    max: sorted[sorted.length - 1],
  };
}
