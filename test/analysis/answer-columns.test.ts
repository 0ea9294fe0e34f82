/**
 * server/data/answer-columns.ts reads stored answers JSON straight into item columns; it must read
 * every text exactly as JSON.parse followed by analysis/scales/scoring.ts `itemColumnsFromRows` would
 * (the reference here), including the rows it hands on to JSON.parse, with one rule on top: 0 is
 * "does not apply" (N/A), read as missing (NaN) like every reader of stored answers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemColumnsFromRows } from '../../analysis/scales/scoring.js';
import { answerColumns, UnreadableAnswersError } from '../../server/data/answer-columns.js';

const ids = ['dr1', 'dr2', 'wo1', 'x_9'];

function reference(texts: readonly string[]): Record<string, Float64Array> {
  const cols = itemColumnsFromRows(
    texts.map((t) => JSON.parse(t) as Record<string, number | null>),
    ids,
  );
  for (const id of ids) cols[id] = cols[id].map((v) => (v === 0 ? NaN : v));
  return cols;
}

function expectSame(texts: readonly string[]): void {
  const fast = answerColumns(texts, ids);
  const ref = reference(texts);
  for (const id of ids) expect(Array.from(fast[id])).toEqual(Array.from(ref[id]));
}

describe('answerColumns', () => {
  it('reads JSON.stringify output of flat answers (any key order, nulls, absent and extra keys) as JSON.parse does', () => {
    const value = fc.oneof(
      fc.integer({ min: 0, max: 9 }),
      fc.constant(null),
      fc.integer({ min: -3, max: 1e7 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    const key = fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(key, value), { maxLength: 8 }), { maxLength: 20 }),
        fc.boolean(),
        (rows, pretty) => {
          const texts = rows.map((entries) =>
            JSON.stringify(Object.fromEntries(entries), null, pretty ? 2 : undefined),
          );
          expectSame(texts);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads hand-written variants exactly as JSON.parse: whitespace, duplicates, escapes, exponents, leading zeros', () => {
    expectSame([
      ' { "dr1" : 3 ,\n"dr2":null\t} ',
      '{"dr1":1,"dr1":4}',
      '{"d\\u0072\\u0031":2,"wo1":5}',
      '{"dr1":1e0,"dr2":2.0,"wo1":-0}',
      '{"x_9":12345678901234567890}',
      '{}',
      '{"zz":[1,{"a":2}],"wo1":3}',
    ]);
  });

  it('rejects leading zeros and trailing text as JSON.parse does, naming the row', () => {
    for (const bad of ['{"dr1":03}', '{"dr1":3}x', '{"dr1":3,}', '{"dr1":3']) {
      expect(() => answerColumns(['{"dr1":1}', bad], ids)).toThrow(UnreadableAnswersError);
      try {
        answerColumns(['{"dr1":1}', bad], ids);
      } catch (error) {
        expect((error as UnreadableAnswersError).row).toBe(1);
      }
    }
  });

  it('names the item and row of an answer that is not a number', () => {
    expect(() => answerColumns(['{"dr1":1}', '{"wo1":"4"}'], ids)).toThrow(
      /item "wo1", row 1: expected a number, got string/,
    );
  });
});

describe('"does not apply" (stored 0)', () => {
  it('reads an N/A answer as missing by default, and as 0 when the caller keeps it (the export)', () => {
    const texts = ['{"dr1":0,"dr2":4}', '{ "dr1" : 0 , "dr2" : null }'];
    expect(Array.from(answerColumns(texts, ['dr1', 'dr2']).dr1)).toEqual([NaN, NaN]);
    expect(Array.from(answerColumns(texts, ['dr1', 'dr2'], 0).dr1)).toEqual([0, 0]);
    expect(Array.from(answerColumns(texts, ['dr1', 'dr2'], 0).dr2)).toEqual([4, NaN]);
  });
});
