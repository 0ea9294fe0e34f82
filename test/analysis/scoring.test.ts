import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { itemColumnsFromRows, keyedItems, scoreScales } from '../../analysis/scales/scoring.js';

// A tiny hand-made instrument: scale "a" has 4 items (a2 reverse-keyed), scale "b" has 3.
const instrument: Instrument = {
  id: 'tiny',
  version: 1,
  title: 'Tiny',
  likert: { min: 1, max: 5, labels: ['1', '2', '3', '4', '5'] },
  scales: [
    {
      id: 'a',
      title: 'A',
      group: 'organizational',
      items: [
        { id: 'a1', text: '', reverse: false },
        { id: 'a2', text: '', reverse: true },
        { id: 'a3', text: '', reverse: false },
        { id: 'a4', text: '', reverse: false },
      ],
    },
    {
      id: 'b',
      title: 'B',
      group: 'outcome',
      items: [
        { id: 'b1', text: '', reverse: false },
        { id: 'b2', text: '', reverse: false },
        { id: 'b3', text: '', reverse: false },
      ],
    },
  ],
  roleLevels: [],
  segments: {
    misaligned: { usageScale: 'a', usageAtLeast: 4, alignmentScale: 'b', alignmentAtMost: 2 },
    highPerformer: { outcomeScale: 'b', atLeast: 4 },
  },
  levers: { decisionRights: 'a', dataAccess: 'a', measurement: 'a' },
};
const ids = ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3'];

describe('scoreScales', () => {
  it('reverse-keys as (min + max) − x and averages the answered items (hand-computed)', () => {
    const rows = [
      { a1: 5, a2: 1, a3: 4, a4: 2, b1: 1, b2: 2, b3: 3 }, // a: (5+5+4+2)/4 = 4; b: 2
      { a1: 3, a2: 5, a3: null, a4: 1, b1: 4, b2: null, b3: 5 }, // a: (3+1+1)/3 = 5/3; b: 4.5
    ];
    const scores = scoreScales(instrument, itemColumnsFromRows(rows, ids));
    expect(Array.from(scores.a)).toEqual([4, 5 / 3]);
    expect(Array.from(scores.b)).toEqual([2, 4.5]);
  });

  it('is missing when fewer than half of the items are answered, present at exactly half', () => {
    const rows = [
      { a1: 2, a2: null, a3: 4, a4: null, b1: 3, b2: null, b3: null }, // a: 2 of 4 → (2+4)/2; b: 1 of 3 → NaN
      { a1: 2, a2: null, a3: null, a4: null, b1: null, b2: null, b3: null }, // a: 1 of 4 → NaN; b: none
    ];
    const scores = scoreScales(instrument, itemColumnsFromRows(rows, ids));
    expect(scores.a[0]).toBe(3);
    expect(scores.b[0]).toBeNaN();
    expect(scores.a[1]).toBeNaN();
    expect(scores.b[1]).toBeNaN();
  });

  it('names the item and row of an out-of-range or non-integer answer', () => {
    const base = { a1: 1, a2: 1, a3: 1, a4: 1, b1: 1, b2: 1, b3: 1 };
    const cols = itemColumnsFromRows([base, { ...base, b2: 6 }], ids);
    expect(() => scoreScales(instrument, cols)).toThrow(/item "b2", row 1: value 6/);
    const frac = itemColumnsFromRows([{ ...base, a3: 2.5 }], ids);
    expect(() => scoreScales(instrument, frac)).toThrow(/item "a3", row 0/);
    const zero = itemColumnsFromRows([{ ...base, a1: 0 }], ids);
    expect(() => keyedItems(instrument, zero)).toThrow(/item "a1", row 0/);
  });

  it('throws when an item column is absent or columns differ in length', () => {
    const cols = itemColumnsFromRows([{ a1: 1 }], ids);
    const { b3: _dropped, ...rest } = cols;
    expect(() => scoreScales(instrument, rest)).toThrow(/item "b3" of scale "b" is missing/);
    expect(() => scoreScales(instrument, { ...cols, b3: new Float64Array(2) })).toThrow(/"b3" has 2 rows, expected 1/);
  });

  it('keeps missing answers missing after reverse keying and leaves the input untouched', () => {
    const cols = itemColumnsFromRows([{ a2: null }, { a2: 2 }], ids);
    const keyed = keyedItems(instrument, cols);
    expect(keyed.a2[0]).toBeNaN();
    expect(keyed.a2[1]).toBe(4);
    expect(cols.a2[1]).toBe(2);
  });
});
