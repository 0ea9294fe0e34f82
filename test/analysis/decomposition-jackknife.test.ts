/**
 * The decomposition's jackknife (analysis/bootstrap/decomposition-jackknife.ts): leaving a row or a
 * block out by downdating moments must equal refitting without it; above 1,000 rows the grouped
 * jackknife must give about the acceleration of the full leave-one-out one; a row that cannot be
 * left out turns the acceleration off, and the intervals say so.
 */
import { describe, expect, it } from 'vitest';
import { jackknifeAcceleration } from '../../analysis/bootstrap/bca-interval.js';
import { decompositionOf } from '../../analysis/bootstrap/decomposition-bootstrap.js';
import { decompositionIntervals, intervalNotes } from '../../analysis/bootstrap/decomposition-intervals.js';
import { decompositionJackknife, JACKKNIFE_UNITS } from '../../analysis/bootstrap/decomposition-jackknife.js';
import { mulberry32 } from '../../analysis/linear/random.js';
import { createPrng } from '../../server/demo/prng.js';
import { expectClose } from './reference-case.js';

const model = { outcome: 'y', predictors: ['a', 'b', 'c'], groups: { g: ['a', 'b'], h: ['c'] } };

/** n rows [y, a, b, c] with a skewed predictor and heteroscedastic noise (so the acceleration is not 0). */
function skewedRows(n: number, seed: number, offset = 0): Float64Array[] {
  const g = createPrng(seed);
  return Array.from({ length: n }, () => {
    const a = g.normal();
    const b = 0.5 * a + g.normal();
    const c = Math.exp(g.normal());
    const y = 0.4 * a + 0.3 * b + 0.3 * c + g.normal() * (0.5 + c / 2);
    return Float64Array.from([y, a + offset, b, c]);
  });
}

/** A shuffle that leaves the rows in order (Fisher–Yates swaps each index with itself), so block b is known. */
const inOrder = () => 1 - 1e-12;

function expectSameDecomposition(
  j: ReturnType<typeof decompositionJackknife>,
  k: number,
  refit: NonNullable<ReturnType<typeof decompositionOf>>,
  tol: number,
) {
  expectClose(j.r2[k], refit.r2, tol);
  model.predictors.forEach((p, i) => expectClose(j.lmg[p][k], refit.lmg[i], tol));
  expectClose(j.groups.g[k], refit.groups[0], tol);
  expectClose(j.groups.h[k], refit.groups[1], tol);
}

describe('decompositionJackknife', () => {
  it('leaves each row out by a moment downdate that equals refitting without that row', () => {
    const rows = skewedRows(60, 3);
    const j = decompositionJackknife(rows, model, inOrder);
    expect(j).toMatchObject({ units: 60, leaveOneOut: true, failed: 0 });
    rows.forEach((_, i) => {
      const refit = decompositionOf(
        rows.filter((_, r) => r !== i),
        model,
      )!;
      expectSameDecomposition(j, i, refit, 1e-11);
    });
  });

  it('keeps its digits for a column far from zero (an offset of 1e6)', () => {
    const plain = decompositionJackknife(skewedRows(50, 4), model, inOrder);
    const shifted = decompositionJackknife(skewedRows(50, 4, 1e6), model, inOrder);
    plain.r2.forEach((v, i) => expectClose(shifted.r2[i], v, 1e-8));
    plain.groups.g.forEach((v, i) => expectClose(shifted.groups.g[i], v, 1e-8));
  });

  it('above 1,000 rows leaves out 1,000 blocks, each equal to refitting without its rows', () => {
    const n = 2500;
    const rows = skewedRows(n, 5);
    const j = decompositionJackknife(rows, model, inOrder);
    expect(j).toMatchObject({ units: JACKKNIFE_UNITS, leaveOneOut: false, failed: 0 });
    for (let b = 0; b < JACKKNIFE_UNITS; b += 97) {
      const from = Math.floor((b * n) / JACKKNIFE_UNITS);
      const to = Math.floor(((b + 1) * n) / JACKKNIFE_UNITS);
      expect(to - from).toBeGreaterThanOrEqual(2);
      const refit = decompositionOf(
        rows.filter((_, r) => r < from || r >= to),
        model,
      )!;
      expectSameDecomposition(j, b, refit, 1e-10);
    }
  });

  it('gives about the leave-one-out acceleration from 1,000 blocks of 3,000 rows', () => {
    const rows = skewedRows(3000, 5);
    const exact = decompositionJackknife(rows, model, mulberry32(1), Infinity);
    const grouped = decompositionJackknife(rows, model, mulberry32(1));
    expect(exact.leaveOneOut).toBe(true);
    expect(grouped.units).toBe(1000);
    const share = (j: typeof exact) => j.groups.g.map((v, i) => v / j.r2[i]);
    for (const [e, g] of [
      [exact.r2, grouped.r2],
      [share(exact), share(grouped)],
    ]) {
      const ae = jackknifeAcceleration(e);
      expect(Math.abs(ae)).toBeGreaterThan(0.02); // a skewed case, so the comparison means something
      // Noise of a grouped estimate: about √(15·h/m)/skewness of the influence, h = 3 rows per block.
      expect(Math.abs(jackknifeAcceleration(g) - ae)).toBeLessThan(0.3 * Math.abs(ae));
    }
  });

  it('counts a row without which a column is constant, and the intervals then leave out the acceleration', () => {
    const rows = skewedRows(30, 6).map((r, i) => Float64Array.from([r[0], r[1], r[2], i === 7 ? 1 : 0]));
    const j = decompositionJackknife(rows, model, inOrder);
    expect(j.failed).toBe(1);
    expect(j.r2).toHaveLength(29);
    const point = decompositionOf(rows, model)!;
    const draws = {
      r2: [point.r2 - 0.1, point.r2 + 0.1, point.r2 + 0.2],
      lmg: {},
      groups: {},
      failed: 0,
    };
    const iv = decompositionIntervals(draws, { r2: point.r2, lmg: {}, groups: {} }, j, 0.9);
    expect(iv.unaccelerated).toBe('leaving out 1 of 30 rows makes a column constant or the predictors collinear');
    expect(intervalNotes(iv)).toContain(
      'The BCa intervals are bias-corrected but not accelerated: leaving out 1 of 30 rows makes a column constant or the predictors collinear.',
    );
  });
});
