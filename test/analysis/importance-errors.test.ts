import { describe, expect, it } from 'vitest';
import { estimateImportance } from '../../analysis/importance/importance-estimate.js';
import { relativeImportance } from '../../analysis/importance/relative-importance.js';
import { MAX_SUBSET_PREDICTORS, subsetR2Table } from '../../analysis/importance/subset-r2.js';

// Small hand-made data: y and three predictors, with a fifth column outside the model.
const columns = ['y', 'a', 'b', 'c', 'comment_len'];
const rows = [
  [3, 1, 2, 5, null],
  [4, 2, 1, 3, 10],
  [2, 3, 5, 4, null],
  [5, 4, 3, 1, 7],
  [4, 5, 4, 2, null],
  [1, 1, 5, 5, 3],
  [5, 2, 2, 1, null],
  [3, 3, 3, 3, 2],
];

describe('relative importance: input it refuses or tolerates', () => {
  it('uses listwise deletion over model columns only', () => {
    const withGap = [...rows, [null, 1, 1, 1, 1], [4, 2, null, 1, 1]];
    const r = relativeImportance({ columns, rows: withGap }, { outcome: 'y', predictors: ['a', 'b', 'c'] });
    expect(r.n).toBe(8); // the nulls in comment_len drop nothing
    expect(r.dropped).toBe(2);
    const full = relativeImportance({ columns, rows }, { outcome: 'y', predictors: ['a', 'b', 'c'] });
    expect(r.r2).toBe(full.r2);
  });

  it('names a predictor that is a linear combination of others', () => {
    const collinear = rows.map(([y, a, b]) => [y, a, b, (a as number) + 2 * (b as number)]);
    expect(() =>
      relativeImportance(
        { columns: ['y', 'a', 'b', 'ab'], rows: collinear },
        { outcome: 'y', predictors: ['a', 'b', 'ab'] },
      ),
    ).toThrow(/"ab" is \(almost\) a linear combination of a, b/);
  });

  it('names a constant predictor', () => {
    const constant = rows.map(([y, a]) => [y, a, 4]);
    expect(() =>
      relativeImportance({ columns: ['y', 'a', 'k'], rows: constant }, { outcome: 'y', predictors: ['a', 'k'] }),
    ).toThrow(/"k" is constant/);
  });

  it('says a constant outcome has nothing to explain, rather than asking to remove it from the model', () => {
    const flat = rows.map(([, a, b, c]) => [7, a, b, c]);
    const model = { outcome: 'y', predictors: ['a', 'b', 'c'] };
    for (const analyse of [relativeImportance, estimateImportance]) {
      const run = () => analyse({ columns: ['y', 'a', 'b', 'c'], rows: flat }, model);
      expect(run).toThrow(
        /the outcome "y" has no variance: it is 7 in all 8 complete rows, so there is nothing to explain/,
      );
      expect(run).not.toThrow(/remove it from the model/);
    }
  });

  it('needs more complete rows than parameters', () => {
    expect(() =>
      relativeImportance({ columns, rows: rows.slice(0, 4) }, { outcome: 'y', predictors: ['a', 'b', 'c'] }),
    ).toThrow(/more than 4 complete rows \(got 4\)/);
  });

  it('lists the available columns when one is missing', () => {
    expect(() => relativeImportance({ columns, rows }, { outcome: 'y', predictors: ['a', 'zz'] })).toThrow(
      /"zz" not found; available: y, a, b/,
    );
  });

  it('rejects groups that overlap, name unknown predictors, or reuse a predictor name', () => {
    const base = { outcome: 'y', predictors: ['a', 'b', 'c'] };
    expect(() => relativeImportance({ columns, rows }, { ...base, groups: { org: ['a', 'b'], ind: ['b'] } })).toThrow(
      /"b" is in both groups "org" and "ind"/,
    );
    expect(() => relativeImportance({ columns, rows }, { ...base, groups: { org: ['a', 'x'] } })).toThrow(
      /"x", which is not a predictor/,
    );
    expect(() => relativeImportance({ columns, rows }, { ...base, groups: { c: ['a'] } })).toThrow(
      /also a predictor name/,
    );
    expect(() => relativeImportance({ columns, rows }, { ...base, groups: { empty: [] } })).toThrow(/no predictors/);
  });

  it('rejects an outcome listed among the predictors', () => {
    expect(() => relativeImportance({ columns, rows }, { outcome: 'y', predictors: ['a', 'y'] })).toThrow(
      /"y" appears twice/,
    );
  });

  it('refuses more predictors than the subset table allows, suggesting groups', () => {
    const p = MAX_SUBSET_PREDICTORS + 1;
    const identity = Float64Array.from({ length: p * p }, (_, k) => (k % (p + 1) === 0 ? 1 : 0));
    expect(() => subsetR2Table(identity, new Float64Array(p), p)).toThrow(/at most 24.*sampled Shapley.*groups/);
  });
});
