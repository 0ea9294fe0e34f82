/** Mean R² gain of each player by the size of the coalition it joins. */

/** Number of set bits of a non-negative 32-bit integer. */
export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Conditional dominance statistics (Azen & Budescu 2003): entry [i·p + k] is the mean gain
 * table[S ∪ {i}] − table[S] over all subsets S of the *other* p − 1 players with |S| = k,
 * k = 0 … p − 1 (k = 0 is player i alone). `table` is indexed by bit mask, length 2^p.
 */
export function conditionalGains(table: ArrayLike<number>, p: number): Float64Array {
  const size = 1 << p;
  if (table.length !== size) throw new RangeError(`a table for ${p} players has ${size} entries (got ${table.length})`);
  const sums = new Float64Array(p * p);
  for (let mask = 0; mask < size; mask++) {
    const k = popcount(mask);
    const base = table[mask];
    for (let i = 0; i < p; i++) {
      const bit = 1 << i;
      if ((mask & bit) === 0) sums[i * p + k] += table[mask | bit] - base;
    }
  }
  // Divide by C(p − 1, k), the number of subsets of the others of size k.
  let choose = 1;
  for (let k = 0; k < p; k++) {
    for (let i = 0; i < p; i++) sums[i * p + k] /= choose;
    choose = (choose * (p - 1 - k)) / (k + 1);
  }
  return sums;
}
