import { describe, expect, it } from 'vitest';
import { bootstrapImportance } from '../../analysis/bootstrap/bootstrap-importance.js';
import { relativeImportance } from '../../analysis/importance/relative-importance.js';
import { quantileSorted } from '../../analysis/linear/quantile.js';
import { mulberry32 } from '../../analysis/linear/random.js';
import { expectClose, loadReference, type SwissCase } from './reference-case.js';

const swiss = loadReference<SwissCase>('swiss_fertility.json');
const model = { outcome: swiss.outcome, predictors: swiss.predictors, groups: swiss.groups };

describe('quantileSorted', () => {
  it("interpolates as R's quantile(type = 7)", () => {
    // R: quantile(c(1, 2, 3, 4, 10), c(0, 0.025, 0.5, 0.975, 1)) = 1, 1.1, 3, 9.4, 10
    const x = [1, 2, 3, 4, 10];
    [
      [0, 1],
      [0.025, 1.1],
      [0.5, 3],
      [0.975, 9.4],
      [1, 10],
    ].forEach(([prob, expected]) => expectClose(quantileSorted(x, prob), expected, 1e-12));
  });
});

describe('bootstrapImportance', () => {
  it('equals resampling the rows by hand and rerunning the whole analysis (percentile intervals)', () => {
    const replicates = 40;
    const got = bootstrapImportance(swiss.data, model, { replicates, seed: 11, level: 0.9, method: 'percentile' });
    // Independent route: the same index stream, full relativeImportance on each resampled data set.
    const random = mulberry32(11);
    const rows = swiss.data.rows;
    const draws: Record<string, number[]> = { r2: [], Education: [], group1: [] };
    for (let b = 0; b < replicates; b++) {
      const resample = Array.from({ length: rows.length }, () => rows[Math.floor(random() * rows.length)]);
      const r = relativeImportance({ columns: swiss.data.columns, rows: resample }, model);
      draws.r2.push(r.r2);
      draws.Education.push(r.lmg.Education);
      draws.group1.push(r.groupLmg?.group1 ?? NaN);
    }
    const at = (values: number[], prob: number) =>
      quantileSorted(
        [...values].sort((a, b) => a - b),
        prob,
      );
    expect(got.failed).toBe(0);
    expectClose(got.r2.lower, at(draws.r2, 0.05));
    expectClose(got.r2.upper, at(draws.r2, 0.95));
    expectClose(got.lmg.Education.lower, at(draws.Education, 0.05));
    expectClose(got.lmg.Education.upper, at(draws.Education, 0.95));
    expectClose(got.groupLmg?.group1.lower ?? NaN, at(draws.group1, 0.05));
    expectClose(got.groupLmg?.group1.upper ?? NaN, at(draws.group1, 0.95));
  });

  it('gives the same intervals for the same seed and different ones for another seed', () => {
    const a = bootstrapImportance(swiss.data, model, { replicates: 50, seed: 3 });
    const b = bootstrapImportance(swiss.data, model, { replicates: 50, seed: 3 });
    const c = bootstrapImportance(swiss.data, model, { replicates: 50, seed: 4 });
    expect(b).toEqual(a);
    expect(c.lmg.Education).not.toEqual(a.lmg.Education);
  });

  it('brackets the point estimates of the swiss model', () => {
    const point = relativeImportance(swiss.data, model);
    const boot = bootstrapImportance(swiss.data, model, { replicates: 400 });
    for (const [name, v] of Object.entries(point.groupLmg ?? {})) {
      expect(boot.groupLmg?.[name].lower).toBeLessThan(v);
      expect(boot.groupLmg?.[name].upper).toBeGreaterThan(v);
    }
    expect(Object.keys(boot.groupLmg ?? {})).toEqual(['group1', 'group2']);
  });

  it('skips resamples with a constant column and counts them', () => {
    // 6 rows; x2 varies in one row only, so about (5/6)^6 ≈ 33 % of resamples make it constant.
    const rows = [
      [1, 2, 0],
      [2, 1, 0],
      [3, 4, 0],
      [5, 3, 0],
      [4, 6, 0],
      [6, 5, 1],
    ];
    const r = bootstrapImportance(
      { columns: ['y', 'x1', 'x2'], rows },
      { outcome: 'y', predictors: ['x1', 'x2'] },
      { replicates: 200 },
    );
    expect(r.failed).toBeGreaterThan(20);
    expect(r.failed).toBeLessThan(120);
  });

  it('reports progress after every resample, ending at (B, B), without changing the result', () => {
    const calls: [number, number][] = [];
    const r = bootstrapImportance(swiss.data, model, {
      replicates: 30,
      seed: 2,
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(calls).toHaveLength(30);
    expect(calls[0]).toEqual([1, 30]);
    expect(calls[29]).toEqual([30, 30]);
    expect(r).toEqual(bootstrapImportance(swiss.data, model, { replicates: 30, seed: 2 }));
  });

  it('rejects bad options with a message saying what is allowed', () => {
    expect(() => bootstrapImportance(swiss.data, model, { replicates: 1 })).toThrow(/integer ≥ 2/);
    expect(() => bootstrapImportance(swiss.data, model, { level: 95 })).toThrow(/between 0 and 1/);
  });
});
