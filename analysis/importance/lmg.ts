/** LMG: the Shapley decomposition of R² over predictors or groups of predictors. */
import { conditionalGains } from './conditional-gains.js';

/**
 * LMG shares (Lindeman, Merenda & Gold 1980; Grömping 2006, relaimpo `type = "lmg"`): each player's
 * R² gain averaged over all orderings, i.e. its Shapley value in the game `table` (bit-mask indexed,
 * length 2^p). Computed as the mean over k of the conditional gains, which weights each subset by
 * k!(p−k−1)!/p!. The shares sum to table[2^p − 1], the full-model R².
 */
export function lmgShares(table: ArrayLike<number>, p: number): Float64Array {
  return generalDominance(conditionalGains(table, p), p);
}

/**
 * General dominance (Azen & Budescu 2003): the mean over k of the conditional gains (p × p, from
 * `conditionalGains`). It equals the LMG share, so a caller that already has the conditional
 * gains need not walk the table again.
 */
export function generalDominance(cond: ArrayLike<number>, p: number): Float64Array {
  const out = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += cond[i * p + k];
    out[i] = s / p;
  }
  return out;
}

/**
 * The game played by groups: given the predictor table and one bit mask of predictors per player,
 * returns the player table, entry T = table[union of the masks of the players in T]
 * (relaimpo's `groups=`: a group is one player, not the sum of its members).
 * Throws when the masks overlap or are empty.
 */
export function playerTable(table: ArrayLike<number>, playerMasks: readonly number[]): Float64Array {
  const q = playerMasks.length;
  let seen = 0;
  for (const m of playerMasks) {
    if (m === 0) throw new RangeError('a player must contain at least one predictor');
    if ((seen & m) !== 0) throw new RangeError('players overlap: a predictor may belong to only one group');
    seen |= m;
  }
  const out = new Float64Array(1 << q);
  for (let t = 1; t < out.length; t++) {
    let union = 0;
    for (let i = 0; i < q; i++) if (t & (1 << i)) union |= playerMasks[i];
    out[t] = table[union];
  }
  return out;
}
