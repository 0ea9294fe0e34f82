import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentFlags, segmentShares } from '../../analysis/action/segments.js';
import type { SegmentRules } from '../../analysis/scales/instrument.js';

const rules: SegmentRules = {
  misaligned: { usageScale: 'usage', usageAtLeast: 4, alignmentScale: 'align', alignmentAtMost: 2.5 },
  highPerformer: { outcomeScale: 'outcome', atLeast: 4 },
};
const f64 = (...v: number[]) => Float64Array.from(v);

describe('segmentFlags', () => {
  it('applies inclusive thresholds and marks respondents with a missing score as unknown', () => {
    const scores = { usage: f64(4, 5, 3.9, NaN), align: f64(2.5, 2.6, 1, 1), outcome: f64(4, 3.99, NaN, 5) };
    const f = segmentFlags(rules, scores);
    expect(Array.from(f.misaligned)).toEqual([1, 0, 0, -1]);
    expect(Array.from(f.high_performer)).toEqual([1, 0, -1, 1]);
  });
  it('names a rule whose scale has no scores', () => {
    expect(() => segmentFlags(rules, { usage: f64(1), align: f64(1) })).toThrow(
      /"highPerformer" names scale "outcome"/,
    );
  });
});

describe('segmentShares', () => {
  it('reports shares with n per unit and suppresses a small unit plus the next smallest (hand-checked)', () => {
    // A: 6 respondents (3 misaligned, 2 high), B: 7 (1 misaligned, 7 high), C: 2 → C primary, A by the guard.
    const unit = [...'AAAAAA', ...'BBBBBBB', 'C', 'C'];
    const usage = f64(5, 5, 5, 1, 1, 1, 5, 1, 1, 1, 1, 1, 1, 5, 5);
    const align = f64(1, 1, 1, 1, 1, 1, 2, 5, 5, 5, 5, 5, 5, 1, 1);
    const outcome = f64(5, 5, 1, 1, 1, 1, 4, 4, 4, 4, 4, 4, 4, 1, 1);
    const r = segmentShares(rules, { usage, align, outcome }, unit, 5);
    expect(r.overall.misaligned).toEqual({ suppressed: false, n: 15, value: 6 / 15 });
    expect(r.overall.high_performer).toEqual({ suppressed: false, n: 15, value: 9 / 15 });
    expect(r.units.map((u) => u.unit)).toEqual(['A', 'B', 'C']);
    expect(r.units[0].shares.misaligned).toEqual({ suppressed: true, n_below: 5 });
    expect(r.units[1].shares).toEqual({
      misaligned: { suppressed: false, n: 7, value: 1 / 7 },
      high_performer: { suppressed: false, n: 7, value: 1 },
    });
    expect(r.units[2].shares.high_performer).toEqual({ suppressed: true, n_below: 5 });
  });
  it('uses respondents with the needed scores as the denominator and ignores rows without a unit', () => {
    const r = segmentShares(
      rules,
      { usage: f64(5, NaN, 5, 5, 5, 5), align: f64(1, 1, 1, 1, 1, 5), outcome: f64(4, 4, 4, 4, 4, 1) },
      ['X', 'X', 'X', 'X', 'X', null],
      2,
    );
    expect(r.overall.misaligned).toEqual({ suppressed: false, n: 5, value: 4 / 5 });
    expect(r.units[0].shares.misaligned).toEqual({ suppressed: false, n: 4, value: 1 });
    expect(r.units[0].shares.high_performer).toEqual({ suppressed: false, n: 5, value: 1 });
  });

  it('keeps shown shares in [0, 1] with n ≥ K, and never leaves exactly one unit suppressed under a shown overall (property)', () => {
    const respondent = fc.record({
      usage: fc.integer({ min: 0, max: 9 }),
      align: fc.integer({ min: 0, max: 9 }),
      outcome: fc.integer({ min: 0, max: 9 }),
      unit: fc.integer({ min: -1, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(respondent, { maxLength: 80 }), fc.integer({ min: 1, max: 8 }), (rows, k) => {
        const score = (v: number) => (v === 0 ? NaN : 1 + (v - 1) / 2); // 0 → missing, else 1 … 5
        const r = segmentShares(
          rules,
          {
            usage: Float64Array.from(rows, (x) => score(x.usage)),
            align: Float64Array.from(rows, (x) => score(x.align)),
            outcome: Float64Array.from(rows, (x) => score(x.outcome)),
          },
          Int32Array.from(rows, (x) => x.unit),
          k,
        );
        const cells = [r.overall, ...r.units.map((u) => u.shares)].flatMap((s) => [s.misaligned, s.high_performer]);
        for (const c of cells) {
          if (c.suppressed) {
            expect(Object.keys(c).sort()).toEqual(['n_below', 'suppressed']);
            continue;
          }
          expect(c.n === 0 || c.n >= k).toBe(true);
          if (c.n > 0) {
            expect(c.value).toBeGreaterThanOrEqual(0);
            expect(c.value).toBeLessThanOrEqual(1);
          }
        }
        for (const seg of ['misaligned', 'high_performer'] as const) {
          if (r.overall[seg].suppressed) continue;
          const hiddenUnits = r.units.filter((u) => u.shares[seg].suppressed).length;
          expect(hiddenUnits === 0 || hiddenUnits >= 2).toBe(true);
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
