/** Complete dominance between predictors (Budescu 1993; Azen & Budescu 2003). */

export interface CompleteDominance {
  /**
   * p × p: 1 when row i completely dominates column j, 0 when j dominates i, 0.5 when neither
   * and on the diagonal (the dominanceanalysis package's convention).
   */
  readonly complete: number[][];
  /** p × p: share of the subsets of the other p − 2 predictors in which i adds more R² than j; null on the diagonal (domir's `Complete`). */
  readonly proportion: (number | null)[][];
}

/**
 * Complete dominance from the bit-mask indexed subset-R² table (length 2^p): i completely dominates
 * j when R²(S ∪ i) > R²(S ∪ j) for every subset S of the other p − 2 predictors (equivalently, i adds
 * more than j to each such S). Ties count for neither.
 */
export function completeDominance(table: ArrayLike<number>, p: number): CompleteDominance {
  if (table.length !== 1 << p)
    throw new RangeError(`a table for ${p} predictors has ${1 << p} entries (got ${table.length})`);
  const complete = Array.from({ length: p }, () => new Array<number>(p).fill(0.5));
  const proportion = Array.from({ length: p }, () => new Array<number | null>(p).fill(null));
  const total = 2 ** (p - 2);
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) {
      const bi = 1 << i;
      const bj = 1 << j;
      let iWins = 0;
      let jWins = 0;
      // Every submask s of the other predictors, from `rest` down to the empty set.
      const rest = (2 ** p - 1) & ~(bi | bj);
      for (let s = rest; ; s = (s - 1) & rest) {
        const gi = table[s | bi];
        const gj = table[s | bj];
        if (gi > gj) iWins++;
        else if (gj > gi) jWins++;
        if (s === 0) break;
      }
      proportion[i][j] = iWins / total;
      proportion[j][i] = jWins / total;
      if (iWins === total) [complete[i][j], complete[j][i]] = [1, 0];
      else if (jWins === total) [complete[i][j], complete[j][i]] = [0, 1];
    }
  }
  return { complete, proportion };
}
