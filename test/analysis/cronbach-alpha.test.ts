import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cronbachAlpha } from '../../analysis/scales/cronbach-alpha.js';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { keyedItems } from '../../analysis/scales/scoring.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
interface AlphaCase {
  data: { columns: string[]; rows: number[][] };
  scales: Record<string, { items: string[]; reverse_keyed: string[] }>;
  expected: {
    alpha: Record<
      string,
      {
        raw_alpha: number;
        std_alpha: number;
        average_r: number;
        scale_mean: number;
        scale_sd: number;
        alpha_if_item_deleted_raw: Record<string, number>;
        alpha_if_item_deleted_std: Record<string, number>;
        raw_alpha_if_NOT_reverse_keyed: number;
      }
    >;
  };
}
const ref = JSON.parse(
  readFileSync(path.resolve(repoRoot, '..', 'shared', 'reference', 'likert_alpha.json'), 'utf8'),
) as AlphaCase;

const columns: Record<string, Float64Array> = {};
ref.data.columns.forEach((c, j) => {
  columns[c] = Float64Array.from(ref.data.rows, (r) => r[j]);
});
const instrument: Instrument = {
  id: 'likert-alpha',
  version: 1,
  title: 'reference',
  roleLevels: [],
  likert: { min: 1, max: 5, labels: ['1', '2', '3', '4', '5'] },
  scales: Object.entries(ref.scales).map(([id, s]) => ({
    id,
    title: id,
    group: 'organizational' as const,
    items: s.items.map((item) => ({ id: item, text: item, reverse: s.reverse_keyed.includes(item) })),
  })),
  segments: {
    misaligned: { usageScale: 'x', usageAtLeast: 4, alignmentScale: 'x', alignmentAtMost: 2 },
    highPerformer: { outcomeScale: 'x', atLeast: 4 },
  },
  levers: { decisionRights: 'x', dataAccess: 'x', measurement: 'x' },
};
const keyed = keyedItems(instrument, columns);
const rel = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('cronbachAlpha against psych', () => {
  // R 4.2.2, psych 2.2.9: alpha(items after 6 − x reverse keying); reference/likert_alpha.json.
  for (const [scale, exp] of Object.entries(ref.expected.alpha)) {
    it(`matches psych::alpha for "${scale}" to 1e-9 relative`, () => {
      const ids = ref.scales[scale].items;
      const res = cronbachAlpha(
        ids,
        ids.map((id) => keyed[id]),
      );
      expect(res.n).toBe(300);
      expect(rel(res.rawAlpha, exp.raw_alpha)).toBeLessThan(1e-9);
      expect(rel(res.stdAlpha, exp.std_alpha)).toBeLessThan(1e-9);
      expect(rel(res.averageR, exp.average_r)).toBeLessThan(1e-9);
      expect(rel(res.mean, exp.scale_mean)).toBeLessThan(1e-9);
      expect(rel(res.sd, exp.scale_sd)).toBeLessThan(1e-9);
      for (const item of res.items) {
        expect(rel(item.alphaIfDeletedRaw, exp.alpha_if_item_deleted_raw[item.id])).toBeLessThan(1e-9);
        expect(rel(item.alphaIfDeletedStd, exp.alpha_if_item_deleted_std[item.id])).toBeLessThan(1e-9);
      }
      // psych::alpha(items as stored, check.keys = FALSE): the same function on unreversed columns.
      const raw = cronbachAlpha(
        ids,
        ids.map((id) => columns[id]),
      );
      expect(rel(raw.rawAlpha, exp.raw_alpha_if_NOT_reverse_keyed)).toBeLessThan(1e-9);
    });
  }

  it('computes item–rest r as the plain Pearson r of the item with the sum of the other items', () => {
    const ids = ref.scales.clarity.items;
    const res = cronbachAlpha(
      ids,
      ids.map((id) => keyed[id]),
    );
    ids.forEach((id, i) => {
      // Independent naive formula: build the rest score and correlate it with the item.
      const x = Array.from(keyed[id]);
      const y = x.map((_, r) => ids.reduce((s, other) => (other === id ? s : s + keyed[other][r]), 0));
      const mx = x.reduce((a, b) => a + b) / x.length,
        my = y.reduce((a, b) => a + b) / y.length;
      let sxy = 0,
        sxx = 0,
        syy = 0;
      x.forEach((v, r) => {
        sxy += (v - mx) * (y[r] - my);
        sxx += (v - mx) ** 2;
        syy += (y[r] - my) ** 2;
      });
      expect(res.items[i].itemRestR).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 12);
    });
  });
});

describe('cronbachAlpha edge cases', () => {
  const col = (...v: number[]) => Float64Array.from(v);
  it('drops incomplete rows listwise (hand-checked two-item case)', () => {
    // complete rows: (1,2), (2,2), (3,4); var 1, 4/3, cov 1 → raw = 2·(1 − (7/3)/(13/3)) = 12/13
    const res = cronbachAlpha(['p', 'q'], [col(1, 2, 3, NaN, 5), col(2, 2, 4, 4, NaN)]);
    expect(res.n).toBe(3);
    expect(res.rawAlpha).toBeCloseTo(12 / 13, 14);
    expect(res.items[0].alphaIfDeletedRaw).toBeNaN();
  });
  it('with missing cells equals alpha of the complete rows alone, as psych::alpha(na.omit(x)) (the stated rule)', () => {
    const a = col(4, 3, NaN, 5, 2, 4, 1, 3, 5, NaN, 2, 4);
    const b = col(5, 3, 4, 4, NaN, 4, 2, 2, 5, 3, 1, 5);
    const c = col(4, NaN, 3, 5, 2, 3, 1, 3, 4, 2, 2, NaN);
    const keep = [0, 3, 5, 6, 7, 8, 10];
    const pick = (x: Float64Array) => Float64Array.from(keep, (r) => x[r]);
    const withGaps = cronbachAlpha(['a', 'b', 'c'], [a, b, c]);
    const complete = cronbachAlpha(['a', 'b', 'c'], [pick(a), pick(b), pick(c)]);
    expect(withGaps).toEqual(complete);
    expect(withGaps.n).toBe(7);
  });
  it('throws on one item, on fewer than 3 complete rows and on a constant item', () => {
    expect(() => cronbachAlpha(['p'], [col(1, 2, 3)])).toThrow(/at least 2 items/);
    expect(() => cronbachAlpha(['p', 'q'], [col(1, 2, NaN), col(1, 2, 3)])).toThrow(
      /at least 3 complete responses, found 2/,
    );
    expect(() => cronbachAlpha(['p', 'q'], [col(3, 3, 3, 3), col(1, 2, 3, 4)])).toThrow(/item "p" is constant/);
  });
});
