import { describe, expect, it } from 'vitest';
import { estimateImportance } from '../../analysis/importance/importance-estimate.js';
import { relativeImportance } from '../../analysis/importance/relative-importance.js';
import { mulberry32 } from '../../analysis/linear/random.js';
import { expectClose } from './reference-case.js';

/** n rows of [y, x1..xp]: correlated predictors (a shared factor), y loading more on the first ones. */
function survey(n: number, p: number, seed: number): { columns: string[]; rows: number[][] } {
  const u = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(u() || 1e-12)) * Math.cos(2 * Math.PI * u());
  const rows = Array.from({ length: n }, () => {
    const f = normal();
    const x = Array.from({ length: p }, () => 0.5 * f + normal());
    return [x.reduce((s, v, i) => s + v / (i + 1), 0) + normal(), ...x];
  });
  return { columns: ['y', ...Array.from({ length: p }, (_, i) => `x${i + 1}`)], rows };
}

describe('permutation-sampled Shapley values', () => {
  for (const p of [8, 10]) {
    it(`fall within 4 standard errors of the exact LMG at p = ${p}, per predictor and per group, and sum to R²`, () => {
      const data = survey(300, p, p);
      const predictors = data.columns.slice(1);
      const groups = { first: predictors.slice(0, 3), second: predictors.slice(3, 6) };
      const exact = relativeImportance(data, { outcome: 'y', predictors, groups });
      const est = estimateImportance(data, { outcome: 'y', predictors, groups }, { permutations: 1500, seed: 3 });
      for (const name of predictors) {
        expect(est.lmgSe[name]).toBeGreaterThan(0);
        expect(Math.abs(est.lmg[name] - exact.lmg[name])).toBeLessThan(4 * est.lmgSe[name]);
      }
      for (const [name, v] of Object.entries(exact.groupLmg ?? {})) {
        expect(Math.abs((est.groupLmg?.[name] ?? NaN) - v)).toBeLessThan(4 * (est.groupLmgSe?.[name] ?? 0) + 1e-12);
      }
      // Every sampled ordering telescopes to the full R², so the estimates sum to it exactly.
      expectClose(
        Object.values(est.lmg).reduce((a, b) => a + b, 0),
        exact.r2,
        1e-12,
      );
      expectClose(est.r2, exact.r2, 1e-12);
      expectClose(est.relativeWeights.raw.x1, exact.relativeWeights.raw.x1, 1e-12);
      expect(est.warnings.join('\n')).toMatch(/estimates from 1500 sampled orderings/);
    });
  }

  it('are reproducible for a seed and shrink their standard error with more orderings', () => {
    const data = survey(200, 6, 1);
    const model = { outcome: 'y', predictors: data.columns.slice(1) };
    const a = estimateImportance(data, model, { permutations: 200, seed: 9 });
    expect(estimateImportance(data, model, { permutations: 200, seed: 9 })).toEqual(a);
    const more = estimateImportance(data, model, { permutations: 3200, seed: 9 });
    expect(more.lmgSe.x1).toBeLessThan(a.lmgSe.x1 / 2);
  });

  it('handle 30 predictors, beyond the exact table, and omit dominance with a warning', () => {
    const data = survey(400, 30, 4);
    const est = estimateImportance(data, { outcome: 'y', predictors: data.columns.slice(1) }, { permutations: 300 });
    expect(Object.keys(est.lmg)).toHaveLength(30);
    expect(est).not.toHaveProperty('dominance');
    expect(est.warnings.join('\n')).toMatch(
      /30 predictors exceed the exact limit of 24.*dominance analysis is omitted/,
    );
    expect(est.lmg.x1).toBeGreaterThan(est.lmg.x30);
  });
});

describe('warnings inside the result', () => {
  it('flag fewer than 10 rows per predictor and say nothing when there are enough', () => {
    const small = survey(40, 5, 2);
    const r = relativeImportance(small, { outcome: 'y', predictors: small.columns.slice(1) });
    expect(r.warnings.join('\n')).toMatch(/only 40 complete rows for 5 predictors/);
    const large = survey(60, 5, 2);
    expect(relativeImportance(large, { outcome: 'y', predictors: large.columns.slice(1) }).warnings).toEqual([]);
  });

  it('flag nearly collinear predictors by the condition number of their correlations', () => {
    const u = mulberry32(5);
    const rows = Array.from({ length: 200 }, () => {
      const a = u();
      const b = a + 0.02 * (u() - 0.5); // r(a, b) ≈ 0.998: condition number in the hundreds
      return [a + u(), a, b, u()];
    });
    const r = relativeImportance(
      { columns: ['y', 'a', 'b', 'c'], rows },
      { outcome: 'y', predictors: ['a', 'b', 'c'] },
    );
    expect(r.conditionNumber).toBeGreaterThan(30);
    expect(r.warnings.join('\n')).toMatch(/nearly collinear \(condition number .* > 30\)/);
    const clean = relativeImportance({ columns: ['y', 'a', 'b', 'c'], rows }, { outcome: 'y', predictors: ['a', 'c'] });
    expect(clean.conditionNumber).toBeLessThan(2);
    expect(clean.warnings).toEqual([]);
  });
});
