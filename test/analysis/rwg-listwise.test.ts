import { describe, expect, it } from 'vitest';
import { itemVariancesOfRows, rwgByUnit, rwgJ } from '../../analysis/multilevel/rwg.js';

// The data of test/fixtures/rwg-listwise-reference.R (NA → NaN).
const NA = NaN;
const q1 = Float64Array.from([3, 4, 5, NA, 4, 1, 5, 1, 5, 2, 3, 3, 4, 2, NA, 5]);
const q2 = Float64Array.from([4, 4, 4, 2, NA, 2, 2, 2, 2, 3, 3, 4, NA, 2, 4, 5]);
const q3 = Float64Array.from([2, 5, 4, 1, 5, 1, NA, 5, 4, 3, 2, 4, 3, 3, 4, 1]);
const unit = ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'c', 'c', 'c', 'c', 'd', 'd'];

describe('rwg(j) with missing answers', () => {
  it('drops incomplete rows as multilevel::rwg.j does', () => {
    // R multilevel 2.7: rwg.j(x, unit, ranvar = 2), test/fixtures/rwg-listwise-reference.R
    const r = rwgByUnit([q1, q2, q3], unit, 5);
    expect(r.map((u) => [u.unit, u.n])).toEqual([
      ['a', 3],
      ['b', 4],
      ['c', 3],
      ['d', 1],
    ]);
    expect(r[0].rwg).toBeCloseTo(0.705882352941176, 12);
    expect(r[1].rwg).toBeCloseTo(0, 12);
    expect(r[2].rwg).toBeCloseTo(0.825, 12);
    expect(r[3].rwg).toBeNaN();
  });

  it('differs from the item-by-item (pairwise) figure on the same data, so the rule matters', () => {
    const rowsA = [0, 1, 2, 3, 4];
    const pairwise = rwgJ(itemVariancesOfRows([q1, q2, q3], rowsA), 5);
    expect(Math.abs(pairwise - 0.705882352941176)).toBeGreaterThan(0.05);
  });

  it('leaves out a unit whose rows are all incomplete', () => {
    const r = rwgByUnit([Float64Array.from([1, NA]), Float64Array.from([NA, 2])], ['x', 'x'], 5);
    expect(r).toEqual([]);
  });
});
