/** Mean R² gain of each player by the size of the coalition it joins. */

/**
 * Conditional dominance statistics (Azen & Budescu 2003): entry [i·p + k] is the mean gain
 * table[S ∪ {i}] − table[S] over all subsets S of the *other* p − 1 players with |S| = k,
 * k = 0 … p − 1 (k = 0 is player i alone). `table` is indexed by bit mask, length 2^p.
 * Computed from size-wise sums instead of one walk per player: with in[i][s] the sum of table[S]
 * over |S| = s containing i and total[s] over all |S| = s, the gain sum is
 * in[i][k+1] − (total[k] − in[i][k]). The sums come from two sequential passes over the table,
 * splitting each mask into low and high halves (so O(2^p) work instead of O(p·2^p)).
 * Throws when the table length is not 2^p.
 */
export function conditionalGains(table: ArrayLike<number>, p: number): Float64Array {
  const size = 2 ** p;
  if (table.length !== size) throw new RangeError(`a table for ${p} players has ${size} entries (got ${table.length})`);
  const lb = p >> 1; // low bits
  const hb = p - lb;
  const nl = 2 ** lb;
  const nh = 2 ** hb;
  const pc = new Uint8Array(Math.max(nl, nh));
  for (let m = 1; m < pc.length; m++) pc[m] = pc[m >>> 1] + (m & 1);
  // low[h·nl + L] = Σ over high parts H with |H| = h of T(H|L); high[l·nh + H] likewise.
  const low = new Float64Array((hb + 1) * nl);
  const high = new Float64Array((lb + 1) * nh);
  for (let H = 0; H < nh; H++) {
    const base = H * nl;
    const rowLow = pc[H] * nl;
    for (let L = 0; L < nl; L++) {
      const v = table[base + L];
      low[rowLow + L] += v;
      high[pc[L] * nh + H] += v;
    }
  }
  // inSum[i·(p+1) + s] = Σ T(S) over |S| = s with i ∈ S; total[s] = Σ T(S) over |S| = s.
  const inSum = new Float64Array(p * (p + 1));
  const total = new Float64Array(p + 1);
  for (let h = 0; h <= hb; h++) {
    for (let L = 0; L < nl; L++) {
      const v = low[h * nl + L];
      const s = h + pc[L];
      total[s] += v;
      for (let i = 0; i < lb; i++) if (L & (1 << i)) inSum[i * (p + 1) + s] += v;
    }
  }
  for (let l = 0; l <= lb; l++) {
    for (let H = 0; H < nh; H++) {
      const v = high[l * nh + H];
      const s = l + pc[H];
      for (let i = 0; i < hb; i++) if (H & (1 << i)) inSum[(lb + i) * (p + 1) + s] += v;
    }
  }
  const out = new Float64Array(p * p);
  let choose = 1;
  for (let k = 0; k < p; k++) {
    for (let i = 0; i < p; i++) {
      const row = i * (p + 1);
      // Σ_{S∌i,|S|=k} T(S∪i) − T(S) = inSum[i][k+1] − (total[k] − inSum[i][k]).
      out[i * p + k] = (inSum[row + k + 1] - total[k] + inSum[row + k]) / choose;
    }
    choose = (choose * (p - 1 - k)) / (k + 1);
  }
  return out;
}
