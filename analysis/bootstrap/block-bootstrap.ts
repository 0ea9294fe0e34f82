/**
 * A block bootstrap of the variance decomposition for large surveys: the rows are shuffled once
 * (seeded) and cut into about `blocks` blocks; each block's moments are computed once
 * (analysis/linear/moments.ts); each replicate then draws blocks with replacement and merges their moments
 * instead of revisiting rows. For exchangeable rows (survey respondents in random order) this is
 * first-order equivalent to the row bootstrap (Efron & Tibshirani 1993, ch. 6 and 13; the
 * random-block form is the "bag of little bootstraps" idea of Kleiner et al. 2014 applied to
 * sufficient statistics), and exact when every block holds one row. Cost per replicate is
 * O(blocks · q²) instead of O(n · q²), so B = 1000 over 100,000 rows takes well under a second.
 * The replicate's n varies a little with the blocks drawn when blocks differ in size by one row.
 */
import { lmgShares } from '../importance/lmg.js';
import { groupLmgShares, groupPlayers, type ImportanceModel } from '../importance/relative-importance.js';
import { subsetR2FromMoments } from '../importance/subset-r2.js';
import { addRow, emptyMoments, type Moments } from '../linear/moments.js';
import { shuffledIndices } from '../linear/random.js';
import type { DecompositionDraws } from './decomposition-bootstrap.js';
import { RESAMPLES_PER_PASS, weightedSums } from './weighted-sums.js';

/** Moments of each block of the once-shuffled rows, plus the grand mean they are centred on. */
export interface BlockStatistics {
  readonly q: number;
  readonly blocks: readonly Moments[];
  readonly grandMean: Float64Array;
}

/**
 * Shuffles row indices with `random` (Fisher–Yates) and cuts them into min(blocks, n) blocks of
 * ⌊n/m⌋ or ⌈n/m⌉ rows, each summarised by its moments. Throws on fewer than 2 rows or blocks < 1.
 */
export function blockStatistics(
  rows: readonly ArrayLike<number>[],
  q: number,
  blocks: number,
  random: () => number,
): BlockStatistics {
  const n = rows.length;
  if (n < 2) throw new RangeError(`the block bootstrap needs at least 2 rows (got ${n})`);
  if (!Number.isInteger(blocks) || blocks < 1)
    throw new RangeError(`blocks must be a positive integer (got ${blocks})`);
  const order = shuffledIndices(n, random);
  const m = Math.min(blocks, n);
  const out: Moments[] = [];
  const delta = new Float64Array(q);
  // The grand mean as the blocks' means weighted by their rows (one pass over the rows, not two).
  const grandMean = new Float64Array(q);
  for (let b = 0; b < m; b++) {
    const moments = emptyMoments(q);
    const end = Math.floor(((b + 1) * n) / m);
    for (let k = Math.floor((b * n) / m); k < end; k++) addRow(moments, rows[order[k]], delta);
    for (let i = 0; i < q; i++) grandMean[i] += (moments.n / n) * moments.mean[i];
    out.push(moments);
  }
  return { q, blocks: out, grandMean };
}

/**
 * The moments of the union of the blocks picked (with repetition) by index: the Chan–Golub–LeVeque
 * merge written as one sum around the grand mean g (parallel-axis theorem):
 * C = Σ_b [C_b + n_b (m_b − g)(m_b − g)ᵀ] − N (m̄ − g)(m̄ − g)ᵀ. Exact up to rounding.
 */
export function mergedMoments(stats: BlockStatistics, picks: ArrayLike<number>): Moments {
  const { q, blocks, grandMean: g } = stats;
  const out = emptyMoments(q);
  const shift = new Float64Array(q); // Σ n_b (m_b − g)
  const d = new Float64Array(q);
  for (let k = 0; k < picks.length; k++) {
    const block = blocks[picks[k]];
    const nb = block.n;
    out.n += nb;
    for (let i = 0; i < q; i++) {
      d[i] = block.mean[i] - g[i];
      shift[i] += nb * d[i];
    }
    for (let i = 0; i < q; i++) {
      const base = i * q;
      const di = nb * d[i];
      for (let j = i; j < q; j++) out.comoments[base + j] += block.comoments[base + j] + di * d[j];
    }
  }
  if (out.n === 0) return out;
  for (let i = 0; i < q; i++) out.mean[i] = g[i] + shift[i] / out.n;
  for (let i = 0; i < q; i++) {
    for (let j = i; j < q; j++) out.comoments[i * q + j] -= (shift[i] * shift[j]) / out.n;
  }
  return out;
}

/**
 * Each block's terms of the merge in `mergedMoments`, computed once: n_b (m_b − g) and
 * C_b + n_b (m_b − g)(m_b − g)ᵀ (upper triangle, packed row by row), so a replicate only adds them
 * up, weighted by how often each block is drawn (weighted-sums.ts, four replicates per pass). The
 * terms are the very values `mergedMoments` computes per pick, so the merged moments equal it up to rounding.
 */
interface MergeTerms {
  readonly q: number;
  /** q(q + 1)/2 upper-triangle entries per block, followed by its q shift entries. */
  readonly stride: number;
  readonly n: Float64Array;
  readonly terms: Float64Array;
  readonly grandMean: Float64Array;
}

function mergeTerms(stats: BlockStatistics): MergeTerms {
  const { q, blocks, grandMean: g } = stats;
  const m = blocks.length;
  const upper = (q * (q + 1)) / 2;
  const stride = upper + q;
  const n = new Float64Array(m),
    terms = new Float64Array(m * stride);
  const d = new Float64Array(q);
  for (let b = 0; b < m; b++) {
    const block = blocks[b];
    const nb = block.n;
    n[b] = nb;
    const at = b * stride;
    for (let i = 0; i < q; i++) {
      d[i] = block.mean[i] - g[i];
      terms[at + upper + i] = nb * d[i];
    }
    let e = at;
    for (let i = 0; i < q; i++) {
      const base = i * q;
      const di = nb * d[i];
      for (let j = i; j < q; j++) terms[e++] = block.comoments[base + j] + di * d[j];
    }
  }
  return { q, stride, n, terms, grandMean: g };
}

/**
 * `mergedMoments` of a resample from its count-weighted sums of the merge terms (weighted-sums.ts over
 * vectors [n_b, terms_b]), at `at` in `sums`, written into `out`.
 */
function mergeFromSums(merge: MergeTerms, sums: Float64Array, at: number, out: Moments): void {
  const { q, stride, grandMean: g } = merge;
  const upper = stride - q;
  const total = sums[at];
  const s = at + 1;
  out.n = total;
  out.mean.fill(0);
  const c = out.comoments;
  c.fill(0);
  if (total === 0) return;
  let e = s;
  for (let i = 0; i < q; i++) for (let j = i; j < q; j++) c[i * q + j] = sums[e++];
  for (let i = 0; i < q; i++) out.mean[i] = g[i] + sums[s + upper + i] / total;
  for (let i = 0; i < q; i++) {
    for (let j = i; j < q; j++) c[i * q + j] -= (sums[s + upper + i] * sums[s + upper + j]) / total;
  }
}

/**
 * B block-bootstrap replicates of the decomposition of complete rows [outcome, ...predictors]
 * (same output as `decompositionDraws` in analysis/bootstrap/decomposition-bootstrap.ts, so the same
 * percentile intervals apply). Each replicate draws as many blocks as there are, with replacement.
 * A replicate with a constant column or collinear predictors is skipped and counted in `failed`.
 * Throws on B < 2, on fewer than p + 2 rows, or when more than half of the replicates fail.
 */
export function blockDecompositionDraws(
  rows: readonly ArrayLike<number>[],
  model: ImportanceModel,
  B: number,
  random: () => number,
  blocks = 1000,
): DecompositionDraws {
  checkBlockBootstrap(rows.length, model, B);
  return drawsOfBlocks(blockStatistics(rows, model.predictors.length + 1, blocks, random), model, B, random);
}

/** Throws, as blockDecompositionDraws does, on B < 2 or fewer than p + 2 rows. */
export function checkBlockBootstrap(n: number, model: ImportanceModel, B: number): void {
  if (!Number.isInteger(B) || B < 2) throw new RangeError(`replicates must be an integer ≥ 2 (got ${B})`);
  const p = model.predictors.length;
  if (n < p + 2) throw new RangeError(`${p} predictors need more than ${p + 1} complete rows (got ${n})`);
}

/**
 * The replicates of `blockDecompositionDraws` over blocks already cut, each drawing its picks with
 * `random`, so a caller that keeps the blocks (for their jackknife) gets the same draws.
 * Throws when more than half of the replicates fail.
 */
export function drawsOfBlocks(
  stats: BlockStatistics,
  model: ImportanceModel,
  B: number,
  random: () => number,
): DecompositionDraws {
  const p = model.predictors.length;
  const q = p + 1;
  const m = stats.blocks.length;
  const names = [model.outcome, ...model.predictors];
  const groupNames = model.groups ? groupPlayers(model.predictors, model.groups).names : [];
  const r2: number[] = [];
  const lmg = model.predictors.map(() => [] as number[]);
  const groups = groupNames.map(() => [] as number[]);
  const terms = mergeTerms(stats);
  // Per block [n_b, its merge terms]: a replicate's merge is their sums weighted by how often each block is drawn.
  const width = terms.stride + 1;
  const values = new Float64Array(m * width);
  for (let k = 0; k < m; k++) {
    values[k * width] = terms.n[k];
    values.set(terms.terms.subarray(k * terms.stride, (k + 1) * terms.stride), k * width + 1);
  }
  const weighted = weightedSums(values, m, width);
  const merged = emptyMoments(q);
  let failed = 0;
  for (let first = 0; first < B; first += RESAMPLES_PER_PASS) {
    const inPass = Math.min(RESAMPLES_PER_PASS, B - first);
    // The same picks, in the same order, as one replicate after another: m draws of floor(random()·m) each.
    weighted.counts.fill(0);
    for (let r = 0; r < inPass; r++)
      for (let k = 0; k < m; k++) weighted.counts[Math.floor(random() * m) * RESAMPLES_PER_PASS + r]++;
    weighted.compute();
    for (let r = 0; r < inPass; r++) {
      mergeFromSums(terms, weighted.sums, r * weighted.stride, merged);
      let table: Float64Array;
      try {
        table = subsetR2FromMoments(merged, names).table;
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        failed++;
        continue;
      }
      r2.push(table[table.length - 1]);
      lmgShares(table, p).forEach((v, i) => lmg[i].push(v));
      if (model.groups)
        Object.values(groupLmgShares(table, model.predictors, model.groups)).forEach((v, i) => groups[i].push(v));
    }
  }
  if (failed * 2 > B)
    throw new RangeError(
      `${failed} of ${B} block resamples had a constant column or collinear predictors; the data are too few or too coarse to bootstrap`,
    );
  return {
    r2,
    lmg: Object.fromEntries(model.predictors.map((name, i) => [name, lmg[i]])),
    groups: Object.fromEntries(groupNames.map((name, i) => [name, groups[i]])),
    failed,
  };
}
