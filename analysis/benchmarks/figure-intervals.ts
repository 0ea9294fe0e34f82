/**
 * 95% intervals for a client's figure, to say whether its difference from the pool median is clear:
 * the difference is flagged when the pool median lies outside the client's interval.
 */

const Z95 = 1.959963984540054;

/**
 * Normal-approximation interval of a mean: mean ± z·sd/√n (z for 95%). Throws when n < 2 or sd is
 * negative or not finite.
 */
export function meanInterval(mean: number, sd: number, n: number): readonly [number, number] {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`a mean's interval needs at least 2 values (got ${n})`);
  if (!(sd >= 0) || !Number.isFinite(sd)) throw new RangeError(`the standard deviation must be ≥ 0 (got ${sd})`);
  const half = (Z95 * sd) / Math.sqrt(n);
  return [mean - half, mean + half];
}

/**
 * Wilson score interval of a proportion p out of n (Wilson 1927; Agresti & Coull 1998), which stays
 * inside [0, 1] and behaves near 0 and 1. Throws when n < 1 or p is outside [0, 1].
 */
export function proportionInterval(p: number, n: number): readonly [number, number] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`a proportion's interval needs n ≥ 1 (got ${n})`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a proportion must be in [0, 1] (got ${p})`);
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export type DifferenceVerdict = 'above' | 'below' | 'unclear';

/** 'above' when the interval lies wholly above the pool median, 'below' wholly below, else 'unclear'. */
export function differenceVerdict(interval: readonly [number, number], poolMedian: number): DifferenceVerdict {
  if (interval[0] > poolMedian) return 'above';
  if (interval[1] < poolMedian) return 'below';
  return 'unclear';
}
