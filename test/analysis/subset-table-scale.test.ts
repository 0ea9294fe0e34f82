import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionalGains } from '../../analysis/importance/conditional-gains.js';
import { lmgShares } from '../../analysis/importance/lmg.js';
import { subsetR2Table } from '../../analysis/importance/subset-r2.js';
import { choleskySolve } from '../../analysis/linear/cholesky.js';
import { mulberry32 } from '../../analysis/linear/random.js';
import { expectClose } from './reference-case.js';

/** Conditional gains straight from the definition: mean gain over subsets of the others of size k. */
function bruteConditional(table: ArrayLike<number>, p: number): number[][] {
  const popcount = (m: number) => m.toString(2).replace(/0/g, '').length;
  return Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, k) => {
      let sum = 0;
      let count = 0;
      for (let s = 0; s < 1 << p; s++) {
        if (s & (1 << i) || popcount(s) !== k) continue;
        sum += table[s | (1 << i)] - table[s];
        count++;
      }
      return sum / count;
    }),
  );
}

/** A random correlation structure: predictors share a factor, the outcome loads on all of them. */
function randomCorrelations(p: number, seed: number): { rxx: Float64Array; rxy: Float64Array } {
  const u = mulberry32(seed);
  const n = 4 * p + 20;
  const rows = Array.from({ length: n }, () => {
    const f = u() - 0.5;
    const x = Array.from({ length: p }, () => u() - 0.5 + 0.6 * f);
    return [x.reduce((s, v, i) => s + v / (i + 1), 0) + (u() - 0.5), ...x];
  });
  const q = p + 1;
  const mean = Array.from({ length: q }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / n);
  const c = (a: number, b: number) => rows.reduce((s, r) => s + (r[a] - mean[a]) * (r[b] - mean[b]), 0);
  const r = (a: number, b: number) => c(a, b) / Math.sqrt(c(a, a) * c(b, b));
  return {
    rxx: Float64Array.from({ length: p * p }, (_, k) => r(Math.floor(k / p) + 1, (k % p) + 1)),
    rxy: Float64Array.from({ length: p }, (_, i) => r(0, i + 1)),
  };
}

/** R² of one subset by a fresh solve: r_S' R_SS⁻¹ r_S. */
function directR2(rxx: Float64Array, rxy: Float64Array, p: number, mask: number): number {
  const idx = [...Array(p).keys()].filter((i) => mask & (1 << i));
  const k = idx.length;
  const a = Float64Array.from({ length: k * k }, (_, t) => rxx[idx[Math.floor(t / k)] * p + idx[t % k]]);
  const b = Float64Array.from(idx, (i) => rxy[i]);
  const beta = choleskySolve(a, b, k);
  return idx.reduce((s, _, t) => s + b[t] * beta[t], 0);
}

describe('conditional gains from size-wise sums', () => {
  it('equal the definition (mean gain over subsets of the others of each size) for any game', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }).chain((p) =>
          fc.record({
            p: fc.constant(p),
            table: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1 << p, maxLength: 1 << p }),
          }),
        ),
        ({ p, table }) => {
          table[0] = 0;
          const fast = conditionalGains(Float64Array.from(table), p);
          const slow = bruteConditional(table, p);
          for (let i = 0; i < p; i++) for (let k = 0; k < p; k++) expectClose(fast[i * p + k], slow[i][k], 1e-12);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('subset-R² table beyond 20 predictors', () => {
  it('is exact at p = 21 (spot checks against fresh solves) and its LMG sums to the full R²', () => {
    const p = 21;
    const { rxx, rxy } = randomCorrelations(p, 5);
    const table = subsetR2Table(rxx, rxy, p);
    expect(table.length).toBe(2 ** p);
    const u = mulberry32(9);
    for (let t = 0; t < 40; t++) {
      const mask = Math.floor(u() * 2 ** p);
      expectClose(table[mask], directR2(rxx, rxy, p, mask), 1e-10);
    }
    const full = table[2 ** p - 1];
    expectClose(full, directR2(rxx, rxy, p, 2 ** p - 1), 1e-10);
    expectClose(
      lmgShares(table, p).reduce((s, v) => s + v, 0),
      full,
      1e-10,
    );
  });
});
