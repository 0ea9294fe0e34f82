/** Mean R² gain of each player by the size of the coalition it joins. */

/**
 * Conditional dominance statistics (Azen & Budescu 2003): entry [i·p + k] is the mean gain
 * table[S ∪ {i}] − table[S] over all subsets S of the *other* p − 1 players with |S| = k,
 * k = 0 … p − 1 (k = 0 is player i alone). `table` is indexed by bit mask, length 2^p.
 */
export function conditionalGains(table: ArrayLike<number>, p: number): Float64Array {
  const size = 1 << p;
  if (table.length !== size) throw new RangeError(`a table for ${p} players has ${size} entries (got ${table.length})`);
  const sizes = new Uint8Array(size);
  for (let mask = 1; mask < size; mask++) sizes[mask] = sizes[mask >>> 1] + (mask & 1);
  const sums = new Float64Array(p * p);
  const bySize = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const bit = 1 << i;
    bySize.fill(0);
    // Masks without bit i: the low bits below i run fastest, then the block above i.
    for (let high = 0; high < size; high += bit << 1) {
      for (let mask = high; mask < high + bit; mask++) bySize[sizes[mask]] += table[mask | bit] - table[mask];
    }
    sums.set(bySize, i * p);
  }
  // Divide by C(p − 1, k), the number of subsets of the others of size k.
  let choose = 1;
  for (let k = 0; k < p; k++) {
    for (let i = 0; i < p; i++) sums[i * p + k] /= choose;
    choose = (choose * (p - 1 - k)) / (k + 1);
  }
  return sums;
}
