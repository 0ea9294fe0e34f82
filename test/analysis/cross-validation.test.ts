import { describe, expect, it } from 'vitest';
import { crossValidatedR2, foldAssigner, foldMomentsBuilder } from '../../analysis/bootstrap/cross-validation.js';
import { relativeImportance } from '../../analysis/importance/relative-importance.js';
import { mulberry32 } from '../../analysis/linear/random.js';
import { expectClose, loadReference, type SwissCase } from './reference-case.js';

/** Solves A x = b by Gaussian elimination with partial pivoting (the naive route, independent of cholesky.ts). */
function gaussSolve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    const pivot = m.reduce((best, row, r) => (r >= c && Math.abs(row[c]) > Math.abs(m[best][c]) ? r : best), c);
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--)
    x[r] = (m[r][n] - m[r].slice(r + 1, n).reduce((s, v, k) => s + v * x[r + 1 + k], 0)) / m[r][r];
  return x;
}

/** Naive k-fold CV: refit OLS (normal equations on the raw rows, with intercept) on each training set and predict the held-out rows. */
function naiveCvR2(rows: number[][], folds: number[]): number {
  const k = Math.max(...folds) + 1;
  const q = rows[0].length;
  const yMean = rows.reduce((s, r) => s + r[0], 0) / rows.length;
  const sst = rows.reduce((s, r) => s + (r[0] - yMean) ** 2, 0);
  let sse = 0;
  for (let f = 0; f < k; f++) {
    const train = rows.filter((_, i) => folds[i] !== f);
    const design = train.map((r) => [1, ...r.slice(1)]);
    const xtx = Array.from({ length: q }, (_, a) =>
      Array.from({ length: q }, (_, b) => design.reduce((s, d) => s + d[a] * d[b], 0)),
    );
    const xty = Array.from({ length: q }, (_, a) => design.reduce((s, d, i) => s + d[a] * train[i][0], 0));
    const beta = gaussSolve(xtx, xty);
    rows.forEach((r, i) => {
      if (folds[i] !== f) return;
      const yhat = beta[0] + r.slice(1).reduce((s, v, a) => s + v * beta[a + 1], 0);
      sse += (r[0] - yhat) ** 2;
    });
  }
  return 1 - sse / sst;
}

const swiss = loadReference<SwissCase>('swiss_fertility.json');

describe('k-fold cross-validated R²', () => {
  it('assigns balanced, seeded folds', () => {
    const draw = (seed: number) => {
      const next = foldAssigner(10, seed);
      return Array.from({ length: 47 }, () => next());
    };
    const a = draw(3);
    expect(draw(3)).toEqual(a);
    expect(draw(4)).not.toEqual(a);
    const sizes = Array.from({ length: 10 }, (_, f) => a.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('equals refitting OLS on each training set and predicting the held-out fold (swiss, k = 10 and 5)', () => {
    const rows = swiss.data.rows as number[][];
    for (const k of [10, 5]) {
      const assign = foldAssigner(k, 7);
      const folds = rows.map(() => assign());
      const builder = foldMomentsBuilder(6, k, 7);
      rows.forEach((r) => builder.add(r));
      expectClose(crossValidatedR2(builder.finish()), naiveCvR2(rows, folds), 1e-10);
    }
  });

  it('is reported by relativeImportance, below the in-sample R², and reproducible for a seed', () => {
    const model = { outcome: swiss.outcome, predictors: swiss.predictors };
    const a = relativeImportance(swiss.data, model, { seed: 2 });
    const b = relativeImportance(swiss.data, model, { seed: 2 });
    const c = relativeImportance(swiss.data, model, { seed: 2, cvFolds: 5 });
    expect(a.cvR2).toBe(b.cvR2);
    expect(a.cvR2).not.toBe(c.cvR2);
    expect(a.cvR2).toBeLessThan(a.r2);
    const assign = foldAssigner(10, 2);
    expectClose(
      a.cvR2 ?? NaN,
      naiveCvR2(
        swiss.data.rows as number[][],
        swiss.data.rows.map(() => assign()),
      ),
      1e-10,
    );
  });

  it('goes negative for a predictor that is pure noise', () => {
    const u = mulberry32(1);
    const rows = Array.from({ length: 30 }, () => [u(), u()]);
    const r = relativeImportance({ columns: ['y', 'x'], rows }, { outcome: 'y', predictors: ['x'] });
    expect(r.cvR2).toBeLessThan(0.05);
    expect(r.cvR2).toBeLessThan(r.r2);
  });

  it('is null with a warning when a training set cannot be fitted', () => {
    // x is non-zero in one row only: the training set without that row has a constant x.
    const rows = [
      [1, 0],
      [2, 0],
      [1.5, 0],
      [3, 0],
      [2.5, 0],
      [4, 0],
      [3.5, 0],
      [9, 5],
    ];
    const r = relativeImportance({ columns: ['y', 'x'], rows }, { outcome: 'y', predictors: ['x'] });
    expect(r.cvR2).toBeNull();
    expect(r.warnings.join('\n')).toMatch(/no cross-validated R²/);
  });
});
