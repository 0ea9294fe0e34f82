import { describe, expect, it } from 'vitest';
import {
  countWeightedMoments,
  passMoments,
  RESAMPLES_PER_PASS,
} from '../../analysis/bootstrap/count-weighted-moments.js';
import { addRow, emptyMoments } from '../../analysis/linear/moments.js';
import { mulberry32 } from '../../analysis/linear/random.js';

describe('countWeightedMoments', () => {
  it('gives each resample the moments of its rows repeated as often as counted (Welford on the expanded rows)', () => {
    const random = mulberry32(3);
    const q = 5;
    const rows = Array.from({ length: 37 }, () => Float64Array.from({ length: q }, () => 1 + Math.floor(random() * 5)));
    const weighted = countWeightedMoments(rows, q);
    const counts: number[][] = [];
    weighted.counts.fill(0);
    // Three resamples in a pass of four: the fourth stays empty.
    for (let k = 0; k < 3; k++) {
      counts.push(rows.map(() => Math.floor(random() * 4)));
      counts[k].forEach((c, r) => (weighted.counts[r * RESAMPLES_PER_PASS + k] = c));
    }
    const out = passMoments(q).slice(0, 3);
    weighted.compute(out);
    counts.forEach((c, k) => {
      const expected = emptyMoments(q);
      rows.forEach((row, r) => {
        for (let t = 0; t < c[r]; t++) addRow(expected, row);
      });
      expect(out[k].n).toBe(expected.n);
      for (let i = 0; i < q; i++) expect(out[k].mean[i]).toBeCloseTo(expected.mean[i], 12);
      for (let i = 0; i < q; i++)
        for (let j = i; j < q; j++) expect(out[k].comoments[i * q + j]).toBeCloseTo(expected.comoments[i * q + j], 9);
    });
  });

  it('names a column constant within a resample with an exactly zero variance', () => {
    const rows = [
      [1, 2],
      [1, 3],
      [2, 4],
    ].map((r) => Float64Array.from(r));
    const weighted = countWeightedMoments(rows, 2);
    weighted.counts.fill(0);
    weighted.counts[0 * RESAMPLES_PER_PASS] = 2;
    weighted.counts[1 * RESAMPLES_PER_PASS] = 1;
    const [m] = passMoments(2);
    weighted.compute([m]);
    expect(m.n).toBe(3);
    expect(m.comoments[0]).toBe(0);
    expect(m.comoments[3]).toBeCloseTo(2 / 3, 12);
  });
});
