/** Where one value falls among a pool's values. */

/**
 * The percentile rank of `value` among `pool` (0–100): the share of the pool below it plus half the
 * share equal to it, the mid-rank definition (Crocker & Algina 1986, "Introduction to Classical and
 * Modern Test Theory", ch. 19; `scipy.stats.percentileofscore(kind="mean")`). 50 is the pool's
 * median position. Throws on an empty pool or a value or pool member that is not finite.
 */
export function percentileRank(value: number, pool: readonly number[]): number {
  if (pool.length === 0) throw new RangeError('a percentile rank needs at least one pool value');
  if (!Number.isFinite(value)) throw new RangeError(`the value must be a finite number (got ${value})`);
  let below = 0;
  let equal = 0;
  for (const p of pool) {
    if (!Number.isFinite(p)) throw new RangeError(`every pool value must be a finite number (got ${p})`);
    if (p < value) below++;
    else if (p === value) equal++;
  }
  return (100 * (below + equal / 2)) / pool.length;
}
