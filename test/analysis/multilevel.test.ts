import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { icc, summarizeByUnit } from '../../analysis/multilevel/icc.js';
import { reml, remlCriterion, remlScore } from '../../analysis/multilevel/reml.js';
import { rwgByScale, rwgByUnit, rwgJ } from '../../analysis/multilevel/rwg.js';
import type { Instrument } from '../../analysis/scales/instrument.js';

const f64 = (...v: number[]) => Float64Array.from(v);
// Hand-made unbalanced case: A = [1,2,3], B = [4,6], C = [5,5,8,6], plus rows that must be dropped.
const values = f64(1, 2, 3, 4, 6, 5, 5, 8, 6, NaN, 7);
const units = ['A', 'A', 'A', 'B', 'B', 'C', 'C', 'C', 'C', 'C', null];

// Dyestuff (Davies 1947), the first example of Bates' lme4 book; balanced, 6 batches × 5.
const dyestuff: Record<string, number[]> = {
  A: [1545, 1440, 1440, 1520, 1580],
  B: [1540, 1555, 1490, 1560, 1495],
  C: [1595, 1550, 1605, 1510, 1560],
  D: [1445, 1440, 1595, 1465, 1545],
  E: [1595, 1630, 1515, 1635, 1625],
  F: [1520, 1455, 1450, 1480, 1445],
};
const dyeY = f64(...Object.values(dyestuff).flat());
const dyeU = Object.entries(dyestuff).flatMap(([k, v]) => v.map(() => k));

describe('icc', () => {
  it('computes ICC(1) and ICC(2) for unbalanced units (hand-computed: SSB = 2286/81, SSW = 10)', () => {
    const r = icc(values, units);
    expect([r.J, r.N]).toEqual([3, 9]);
    expect(r.msw).toBeCloseTo(5 / 3, 13);
    expect(r.msb).toBeCloseTo(127 / 9, 13);
    expect(r.n0).toBeCloseTo(26 / 9, 13); // (9 − 29/9) / 2
    expect(r.icc1).toBeCloseTo(168 / 233, 13);
    expect(r.icc2).toBeCloseTo(112 / 127, 13);
    expect(r.reliableMeans).toBe(true);
  });
  it('reports a negative ICC(1) as computed and flags unreliable means', () => {
    const r = icc(f64(1, 3, 1.9, 2.3), ['a', 'a', 'b', 'b']); // MSB = 0.01, MSW = 1.04
    expect(r.icc1).toBeCloseTo((0.01 - 1.04) / (0.01 + 1.04), 12);
    expect(r.reliableMeans).toBe(false);
  });
  it('accepts integer unit codes, negative = no unit', () => {
    const r = icc(values, Int32Array.from([0, 0, 0, 1, 1, 2, 2, 2, 2, 2, -1]));
    expect(r.icc1).toBeCloseTo(168 / 233, 13);
  });
  it('throws with fewer than 2 units or without within-unit replication', () => {
    expect(() => icc(f64(1, 2, 3), ['a', 'a', 'a'])).toThrow(/at least 2 units/);
    expect(() => icc(f64(1, 2, 3), ['a', 'b', 'c'])).toThrow(/single response/);
  });
});

/** Naive REML criterion from dense matrices: log|V| + log|XᵀV⁻¹X| + rᵀV⁻¹r with V = I + θ·Z Zᵀ, σ² profiled. */
function naiveProfiledReml(y: number[], u: string[], theta: number): number {
  const n = y.length;
  const V = y.map((_, i) => y.map((__, j) => (i === j ? 1 : 0) + (u[i] === u[j] ? theta : 0)));
  // Gauss–Jordan inverse and log-determinant (V is positive definite, no pivoting needed).
  const A = V.map((row, i) => [...row, ...y.map((_, j) => (i === j ? 1 : 0))]);
  let logdet = 0;
  for (let c = 0; c < n; c++) {
    const p = A[c][c];
    logdet += Math.log(p);
    for (let k = 0; k < 2 * n; k++) A[c][k] /= p;
    for (let r = 0; r < n; r++)
      if (r !== c) {
        const f = A[r][c];
        for (let k = 0; k < 2 * n; k++) A[r][k] -= f * A[c][k];
      }
  }
  const Vi = A.map((row) => row.slice(n));
  const oneVi1 = Vi.flat().reduce((s, v) => s + v, 0);
  const mu = Vi.reduce((s, row) => s + row.reduce((t, v, j) => t + v * y[j], 0), 0) / oneVi1; // GLS: 1ᵀV⁻¹y / 1ᵀV⁻¹1
  const r = y.map((v) => v - mu);
  const q = r.reduce((s, ri, i) => s + ri * Vi[i].reduce((t, v, j) => t + v * r[j], 0), 0);
  const sigma2 = q / (n - 1);
  // With V_σ = σ²V: log|V_σ| = n log σ² + logdet, log 1ᵀV_σ⁻¹1 = log oneVi1 − log σ², rᵀV_σ⁻¹r = n − 1.
  return n * Math.log(sigma2) + logdet + Math.log(oneVi1) - Math.log(sigma2) + (n - 1);
}

describe('reml', () => {
  it('reproduces lme4 on Dyestuff: τ² = 1764.05, σ² = 2451.25, REML criterion 319.65 (Bates, lme4 book ch. 1)', () => {
    const r = reml(dyeY, dyeU);
    expect(r.between).toBeCloseTo(1764.05, 6);
    expect(r.within).toBeCloseTo(2451.25, 6);
    expect(r.mean).toBeCloseTo(1527.5, 9);
    // lme4 prints the criterion with its constant (N − 1)(1 + log 2π): 319.7.
    expect(r.criterion + 29 * (1 + Math.log(2 * Math.PI))).toBeCloseTo(319.654, 3);
  });
  it('equals the ANOVA estimates for balanced data: τ² = (MSB − MSW)/n, σ² = MSW', () => {
    const a = icc(dyeY, dyeU);
    const r = reml(dyeY, dyeU);
    expect(Math.abs(r.between - (a.msb - a.msw) / 5) / r.between).toBeLessThan(1e-12);
    expect(Math.abs(r.within - a.msw) / r.within).toBeLessThan(1e-12);
  });
  it('puts τ² at 0 (singular fit) when MSB < MSW, with σ² the total variance', () => {
    const y = f64(1, 5, 2, 4, 3, 3.5); // means 3, 3, 3.25: MSB ≪ MSW
    const r = reml(y, ['a', 'a', 'b', 'b', 'c', 'c']);
    expect(r.singular).toBe(true);
    expect(r.between).toBe(0);
    const m = y.reduce((s, v) => s + v) / 6;
    expect(r.within).toBeCloseTo(y.reduce((s, v) => s + (v - m) ** 2, 0) / 5, 13);
  });
  it('uses a criterion equal to the dense-matrix REML likelihood (unbalanced, hand-made)', () => {
    const y = [1, 2, 3, 4, 6, 5, 5, 8, 6],
      u = ['A', 'A', 'A', 'B', 'B', 'C', 'C', 'C', 'C'];
    const s = summarizeByUnit(Float64Array.from(y), u);
    for (const theta of [0, 0.1, 0.7, 3, 20]) {
      expect(remlCriterion(s, theta) + 8).toBeCloseTo(naiveProfiledReml(y, u, theta), 10);
    }
  });
  it('lands on the minimum of the dense-matrix likelihood found by brute-force grid search', () => {
    const y = [1, 2, 3, 4, 6, 5, 5, 8, 6],
      u = ['A', 'A', 'A', 'B', 'B', 'C', 'C', 'C', 'C'];
    const r = reml(Float64Array.from(y), u);
    let bestTheta = 0,
      best = Infinity;
    for (let t = 0; t <= 10; t += 0.001) {
      const c = naiveProfiledReml(y, u, t);
      if (c < best) {
        best = c;
        bestTheta = t;
      }
    }
    expect(Math.abs(r.theta - bestTheta)).toBeLessThan(0.001);
    expect(r.criterion + 8).toBeLessThanOrEqual(best + 1e-12);
    expect(Math.abs(remlScore(summarizeByUnit(Float64Array.from(y), u), r.theta))).toBeLessThan(1e-9);
  });
  it('is a stationary point or the boundary minimum for random unbalanced data (property)', () => {
    const group = fc.array(
      fc.integer({ min: 1, max: 50 }).map((v) => v / 10),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(
        fc.array(group, { minLength: 2, maxLength: 6 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (groups, shift) => {
          const y = groups.flatMap((g, j) => g.map((v) => v + j * shift));
          const u = groups.flatMap((g, j) => g.map(() => `u${j}`));
          const s = summarizeByUnit(Float64Array.from(y), u);
          if (s.N - s.J < 1 || s.ssWithin <= 1e-9) return;
          const r = reml(Float64Array.from(y), u);
          const tol = 1e-10 * Math.abs(r.criterion) + 1e-10;
          for (const t of [0, r.theta * 0.999, r.theta * 1.001, r.theta + 1e-3])
            expect(r.criterion).toBeLessThanOrEqual(remlCriterion(s, t) + tol);
          if (r.singular) expect(remlScore(s, 0)).toBeGreaterThanOrEqual(0);
          else expect(Math.abs(remlScore(s, r.theta))).toBeLessThan(1e-6 * (1 + s.N));
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
  it('throws without within-unit variation', () => {
    expect(() => reml(f64(1, 1, 2, 2), ['a', 'a', 'b', 'b'])).toThrow(/no variation within/);
  });
});

describe('rwg(j)', () => {
  it('computes James, Demaree & Wolf rwg(j) per unit (hand-computed)', () => {
    // unit x: item 1 [3,4,5] var 1, item 2 [4,4,4] var 0 → s̄² = 0.5, σ²EU(5) = 2, ratio ¼ → 1.5 / 1.75
    // unit y: item 1 [1,5,1,5] var 16/3 > 2 → truncated to 0; unit z: one respondent → NaN
    const i1 = f64(3, 4, 5, 1, 5, 1, 5, 2),
      i2 = f64(4, 4, 4, 2, 2, 2, 2, 3);
    const res = rwgByUnit([i1, i2], ['x', 'x', 'x', 'y', 'y', 'y', 'y', 'z'], 5);
    expect(res.map((r) => r.unit)).toEqual(['x', 'y', 'z']);
    expect(res[0].rwg).toBeCloseTo(6 / 7, 14);
    expect(res[0].meanItemVariance).toBeCloseTo(0.5, 14);
    expect(res[1]).toMatchObject({ n: 4, rwg: 0 });
    expect(res[2].n).toBe(1);
    expect(res[2].rwg).toBeNaN();
  });
  it('runs per scale with A = max − min + 1 points (7-point scale: σ²EU = 4)', () => {
    const inst = {
      likert: { min: 1, max: 7, labels: [] },
      scales: [
        {
          id: 's',
          title: 's',
          group: 'organizational',
          items: [
            { id: 'q1', text: '', reverse: false },
            { id: 'q2', text: '', reverse: false },
          ],
        },
      ],
    } as unknown as Instrument;
    // unit u: q1 [3,5] var 2, q2 [4,4] var 0 → s̄² = 1, ratio ¼ → 2·¾ / (2·¾ + ¼) = 6/7
    const res = rwgByScale(inst, { q1: f64(3, 5), q2: f64(4, 4) }, ['u', 'u']);
    expect(res.s[0].rwg).toBeCloseTo(6 / 7, 14);
    expect(() => rwgByScale(inst, { q1: f64(3, 5) }, ['u', 'u'])).toThrow(/item "q2" of scale "s"/);
  });
  it('is 1 for perfect agreement and stays in [0, 1] (property)', () => {
    expect(rwgJ([0, 0, 0], 7)).toBe(1);
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: 1, maxLength: 10 }), (v) => {
        const r = rwgJ(v, 5);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(1);
      }),
      { seed: 3 },
    );
  });
});
