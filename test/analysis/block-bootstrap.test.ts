/**
 * The block bootstrap (analysis/bootstrap/block-bootstrap.ts) against the row bootstrap it stands in for:
 * merging block moments is exact (same moments as the picked rows, by analysis/linear/moments.ts), and on
 * exchangeable rows its percentile intervals agree with decompositionDraws' within a stated tolerance.
 */
import { describe, expect, it } from 'vitest';
import { blockDecompositionDraws, blockStatistics, mergedMoments } from '../../analysis/bootstrap/block-bootstrap.js';
import { decompositionDraws, percentileInterval } from '../../analysis/bootstrap/decomposition-bootstrap.js';
import { blockJackknife } from '../../analysis/bootstrap/decomposition-jackknife.js';
import type { ImportanceModel } from '../../analysis/importance/relative-importance.js';
import { comoment, momentsOfRows } from '../../analysis/linear/moments.js';
import { mulberry32 } from '../../analysis/linear/random.js';
import { blockDraws } from '../../analysis/report/report-block-intervals.js';

/** y = 0.5 x1 + 0.3 x2 + 0.2 x3 + 0.1 x4 + e, predictors correlated through a shared factor. */
function linearRows(n: number, seed: number): Float64Array[] {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: n }, () => {
    const common = normal();
    const x = [0, 1, 2, 3].map(() => 0.5 * common + normal());
    const y = 0.5 * x[0] + 0.3 * x[1] + 0.2 * x[2] + 0.1 * x[3] + normal();
    return Float64Array.from([y, ...x]);
  });
}

const model: ImportanceModel = {
  outcome: 'y',
  predictors: ['a', 'b', 'c', 'd'],
  groups: { org: ['a', 'b'], ind: ['c', 'd'] },
};

describe('mergedMoments', () => {
  it('equals the moments of the picked blocks’ rows, repeats included, so one-row blocks are exactly the row bootstrap', () => {
    const rows = linearRows(40, 3);
    const stats = blockStatistics(rows, 5, 40, mulberry32(9)); // 40 blocks of one row
    const picks = [3, 3, 0, 17, 39, 17, 17, 5];
    const merged = mergedMoments(stats, picks);
    // the rows behind each picked block: each block holds one row, identified by matching its mean
    const pickedRows = picks.map((k) => Float64Array.from(stats.blocks[k].mean));
    const direct = momentsOfRows(pickedRows, [0, 1, 2, 3, 4]).moments;
    expect(merged.n).toBe(direct.n);
    for (let i = 0; i < 5; i++) {
      expect(merged.mean[i]).toBeCloseTo(direct.mean[i], 12);
      for (let j = i; j < 5; j++) expect(comoment(merged, i, j)).toBeCloseTo(comoment(direct, i, j), 9);
    }
  });

  it('over all blocks once gives the moments of all rows (blocks of 7 or 8 rows)', () => {
    const rows = linearRows(300, 4);
    const stats = blockStatistics(rows, 5, 40, mulberry32(1));
    expect(stats.blocks.map((b) => b.n).sort()).toEqual([...Array(20).fill(7), ...Array(20).fill(8)].sort());
    const merged = mergedMoments(
      stats,
      Array.from({ length: 40 }, (_, i) => i),
    );
    const direct = momentsOfRows(rows, [0, 1, 2, 3, 4]).moments;
    for (let i = 0; i < 5; i++)
      for (let j = i; j < 5; j++) expect(comoment(merged, i, j)).toBeCloseTo(comoment(direct, i, j), 7);
  });
});

describe('blockDecompositionDraws', () => {
  it('gives percentile intervals within a fifth of the row bootstrap’s interval width on 4,000 exchangeable rows', () => {
    const rows = linearRows(4000, 21);
    const B = 400;
    const byRows = decompositionDraws(rows, model, B, mulberry32(5));
    const byBlocks = blockDecompositionDraws(rows, model, B, mulberry32(6), 400);
    expect(byBlocks.r2).toHaveLength(B);
    const pairs: [number[], number[], string][] = [
      [byRows.r2, byBlocks.r2, 'R²'],
      ...model.predictors.map((p): [number[], number[], string] => [byRows.lmg[p], byBlocks.lmg[p], `LMG ${p}`]),
      ...['org', 'ind'].map((g): [number[], number[], string] => [byRows.groups[g], byBlocks.groups[g], `group ${g}`]),
    ];
    for (const [rowDraws, blockDraws, what] of pairs) {
      const r = percentileInterval(rowDraws, 0.95);
      const b = percentileInterval(blockDraws, 0.95);
      const width = r[1] - r[0];
      // Tolerance: two Monte Carlo runs of B = 400 each move a 2.5% quantile by roughly 10% of the width.
      expect(Math.abs(b[0] - r[0]), `${what} lower`).toBeLessThan(0.2 * width);
      expect(Math.abs(b[1] - r[1]), `${what} upper`).toBeLessThan(0.2 * width);
    }
  });

  it('throws with a usable message on too few rows or replicates', () => {
    expect(() => blockDecompositionDraws(linearRows(5, 1), model, 10, mulberry32(1))).toThrow(
      /need more than 5 complete rows/,
    );
    expect(() => blockDecompositionDraws(linearRows(50, 1), model, 1, mulberry32(1))).toThrow(
      /replicates must be an integer ≥ 2/,
    );
  });
});

describe('blockDraws', () => {
  it('gives the draws of blockDecompositionDraws and the delete-one-block jackknife over the same blocks', () => {
    const rows = linearRows(600, 8);
    const outcome = blockDraws(rows, model, { B: 20, seed: 4, blocks: 50 });
    if ('error' in outcome) throw new Error(outcome.error);
    expect(outcome.draws).toEqual(blockDecompositionDraws(rows, model, 20, mulberry32(4), 50));
    const own = blockJackknife(blockStatistics(rows, 5, 50, mulberry32(4)), model);
    expect(own.units).toBe(50);
    expect(own.leaveOneOut).toBe(false);
    expect(outcome.jackknife).toEqual(own);
    expect(outcome.jackknife).not.toEqual(blockJackknife(blockStatistics(rows, 5, 50, mulberry32(5)), model));
  });
});
