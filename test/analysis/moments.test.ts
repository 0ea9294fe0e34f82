import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correlationMatrix, covarianceMatrix } from '../../analysis/linear/covariance.js';
import {
  addColumns,
  addRow,
  comoment,
  emptyMoments,
  mergeMoments,
  momentsBuilder,
  momentsOfRows,
} from '../../analysis/linear/moments.js';
import { mulberry32 } from '../../analysis/linear/random.js';
import { expectClose } from './reference-case.js';

const rowsArb = (p: number, minRows = 2) =>
  fc.array(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: p, maxLength: p }), {
    minLength: minRows,
    maxLength: 40,
  });

/** Textbook two-pass sample covariance, the independent check. */
function twoPassCovariance(rows: number[][], i: number, j: number): number {
  const n = rows.length;
  const mi = rows.reduce((s, r) => s + r[i], 0) / n;
  const mj = rows.reduce((s, r) => s + r[j], 0) / n;
  return rows.reduce((s, r) => s + (r[i] - mi) * (r[j] - mj), 0) / (n - 1);
}

describe('moments', () => {
  it('give the same covariances as the two-pass formula', () => {
    fc.assert(
      fc.property(rowsArb(3), (rows) => {
        const cov = covarianceMatrix(momentsOfRows(rows, [0, 1, 2]).moments);
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 3; j++) expectClose(cov[i * 3 + j], twoPassCovariance(rows, i, j), 1e-9);
      }),
    );
  });

  it('merge two halves into the moments of the whole', () => {
    fc.assert(
      fc.property(rowsArb(3, 0), rowsArb(3, 0), (a, b) => {
        const whole = momentsOfRows([...a, ...b], [0, 1, 2]).moments;
        const merged = mergeMoments(momentsOfRows(a, [0, 1, 2]).moments, momentsOfRows(b, [0, 1, 2]).moments);
        expect(merged.n).toBe(whole.n);
        for (let i = 0; i < 3; i++) {
          expectClose(merged.mean[i], whole.mean[i], 1e-9);
          for (let j = i; j < 3; j++) expectClose(comoment(merged, i, j), comoment(whole, i, j), 1e-7);
        }
      }),
    );
  });

  it('drop a row only for a missing value in a chosen column', () => {
    const rows = [
      [1, 2, null],
      [2, null, 5],
      [3, 5, 1],
      [NaN, 1, 1],
    ];
    const { moments, dropped } = momentsOfRows(rows, [0, 2]);
    expect(dropped).toBe(2); // rows 0 (column 2 null) and 3 (column 0 NaN); row 1's null is in column 1, not chosen
    expect(moments.n).toBe(2);
    expect(Array.from(moments.mean)).toEqual([2.5, 3]);
  });

  it('reject an infinite value, naming the row', () => {
    expect(() => momentsOfRows([[1], [Infinity]], [0])).toThrow(/row 1/);
  });

  it('refuse to merge moments of different widths', () => {
    expect(() => mergeMoments(emptyMoments(2), emptyMoments(3))).toThrow(/2 and 3 columns/);
  });

  it('name a constant column when asked for correlations', () => {
    const m = emptyMoments(2);
    for (const row of [
      [1, 4],
      [2, 4],
      [3, 4],
    ])
      addRow(m, row);
    expect(() => correlationMatrix(m, ['usage', 'tenure'])).toThrow(/"tenure" is constant/);
  });

  it('come out of the blocked pass as accurate as the two-pass formula, over several blocks and a large offset', () => {
    const u = mulberry32(4);
    const n = 2500; // two full blocks of 1024 and a partial one
    const cols = [
      Float64Array.from({ length: n }, () => 1e6 + u()),
      Float64Array.from({ length: n }, () => u() * 10 - 5),
      Float64Array.from({ length: n }, () => u()),
    ];
    const rows = Array.from({ length: n }, (_, r) => [cols[0][r], cols[1][r], cols[2][r]]);
    const blocked = emptyMoments(3);
    addColumns(blocked, cols);
    const streamed = momentsBuilder(3);
    for (let r = 0; r < n; r++) streamed.add([cols[0][r], cols[1][r], cols[2][r]]);
    const halves = emptyMoments(3);
    addColumns(halves, cols, 0, 1000);
    addColumns(halves, cols, 1000, n);
    for (const m of [blocked, streamed.finish(), halves]) {
      expect(m.n).toBe(n);
      for (let i = 0; i < 3; i++) {
        expectClose(m.mean[i], rows.reduce((s, r) => s + r[i], 0) / n, 1e-13);
        // Welford's per-row update is off by ~7e-9 on the (0, 2) entry here; blocks stay within 1e-9.
        for (let j = i; j < 3; j++) expectClose(comoment(m, i, j) / (n - 1), twoPassCovariance(rows, i, j), 1e-9);
      }
    }
  });
});
