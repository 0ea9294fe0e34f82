/**
 * Jackknife values of the variance decomposition (R², LMG per predictor, group LMG), for the BCa
 * acceleration (analysis/bootstrap/bca-interval.ts). Leaving a unit out is a downdate of the
 * full-sample moments, never a refit from rows: O(q²) per unit, then one subset-R² table.
 *
 * - Up to `JACKKNIFE_UNITS` (1,000) complete rows: the ordinary leave-one-out jackknife, one row per unit.
 * - Above: a grouped (delete-one-block) jackknife over 1,000 blocks of rows shuffled once (seeded),
 *   ⌊n/1000⌋ or ⌈n/1000⌉ rows each (Efron & Tibshirani 1993, §11.5; Shao & Tu 1995, §2.3). A block's
 *   influence is the sum of its rows' influences, whose second and third moments summed over blocks
 *   equal, in expectation, those summed over rows, so the acceleration (a ratio of the two) keeps its
 *   value while the cost stays at 1,000 fits, about the bootstrap's own B = 1000; at that n the
 *   acceleration is O(n^{-1/2}) ≤ 0.01 and its sampling noise moves the interval by far less than
 *   the bootstrap's Monte Carlo error.
 * - The block bootstrap (block-bootstrap.ts) leaves out its own blocks (`blockJackknife`).
 */
import { groupPlayers, type ImportanceModel } from '../importance/relative-importance.js';
import { emptyMoments, type Moments } from '../linear/moments.js';
import { blockStatistics, mergedMoments, type BlockStatistics } from './block-bootstrap.js';
import { decompositionOfMoments } from './decomposition-bootstrap.js';

/** Most units the jackknife leaves out in turn; more rows are grouped into this many blocks. */
export const JACKKNIFE_UNITS = 1000;

export interface DecompositionJackknife {
  /** R² with each unit left out (units whose fit failed are skipped). */
  readonly r2: number[];
  /** Per predictor, its LMG with each unit left out. */
  readonly lmg: Readonly<Record<string, number[]>>;
  /** Per group player (groupPlayers order), its group LMG with each unit left out; empty without groups. */
  readonly groups: Readonly<Record<string, number[]>>;
  /** Units left out in turn. */
  readonly units: number;
  /** True when every unit is one row: the ordinary leave-one-out jackknife. */
  readonly leaveOneOut: boolean;
  /** Units without which a column is constant or the predictors collinear. */
  readonly failed: number;
}

/**
 * The jackknife of complete rows [outcome, ...predictors]: leave-one-out up to `units` rows, else
 * delete-one-block over `units` blocks of the rows shuffled with `random` (see the file comment).
 * Throws on fewer than 2 rows.
 */
export function decompositionJackknife(
  rows: readonly ArrayLike<number>[],
  model: ImportanceModel,
  random: () => number,
  units = JACKKNIFE_UNITS,
): DecompositionJackknife {
  const q = model.predictors.length + 1;
  // With as many blocks as rows each block is one row (blockStatistics cuts ⌊n/m⌋ or ⌈n/m⌉ rows).
  return blockJackknife(blockStatistics(rows, q, Math.min(units, rows.length), random), model);
}

/** The jackknife leaving out each block of `stats` in turn: the full moments minus that block's. */
export function blockJackknife(stats: BlockStatistics, model: ImportanceModel): DecompositionJackknife {
  const m = stats.blocks.length;
  const total = mergedMoments(
    stats,
    Uint32Array.from({ length: m }, (_, b) => b),
  );
  const groupNames = model.groups ? groupPlayers(model.predictors, model.groups).names : [];
  const r2: number[] = [];
  const lmg = model.predictors.map(() => [] as number[]);
  const groups = groupNames.map(() => [] as number[]);
  const without = emptyMoments(stats.q);
  let failed = 0;
  let leaveOneOut = true;
  for (const block of stats.blocks) {
    if (block.n !== 1) leaveOneOut = false;
    downdate(total, block, without);
    const d = decompositionOfMoments(without, model);
    if (!d) {
      failed++;
      continue;
    }
    r2.push(d.r2);
    d.lmg.forEach((v, i) => lmg[i].push(v));
    d.groups.forEach((v, i) => groups[i].push(v));
  }
  return {
    r2,
    lmg: Object.fromEntries(model.predictors.map((name, i) => [name, lmg[i]])),
    groups: Object.fromEntries(groupNames.map((name, i) => [name, groups[i]])),
    units: m,
    leaveOneOut,
    failed,
  };
}

/**
 * The moments of `total` without the rows of `part` (written into `out`): Chan et al.'s merge run
 * backwards. With N' = N − n_p, m' = m − (n_p / N') (m_p − m) and
 * C' = C − C_p − (N n_p / N') (m_p − m)(m_p − m)ᵀ. A variance left at rounding level
 * (≤ 1e-12 of the full one) is set to exactly 0, so a column constant without `part` is named as such.
 */
export function downdate(total: Moments, part: Moments, out: Moments): void {
  const q = total.p;
  const n = total.n - part.n;
  out.n = n;
  out.comoments.fill(0);
  if (n <= 0) return;
  const f = (total.n * part.n) / n;
  for (let i = 0; i < q; i++) out.mean[i] = total.mean[i] - (part.n / n) * (part.mean[i] - total.mean[i]);
  for (let i = 0; i < q; i++) {
    const di = part.mean[i] - total.mean[i];
    for (let j = i; j < q; j++) {
      const e = i * q + j;
      out.comoments[e] = total.comoments[e] - part.comoments[e] - f * di * (part.mean[j] - total.mean[j]);
    }
    const d = i * q + i;
    if (out.comoments[d] <= 1e-12 * total.comoments[d]) out.comoments[d] = 0;
  }
}
