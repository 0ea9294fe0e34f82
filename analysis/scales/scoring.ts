/**
 * Item answers → scale scores. Item data are columnar: one typed array per item id, NaN = missing.
 * Reverse-keyed items are scored as (min + max) − answer; a scale score is the mean of the answered
 * items, missing (NaN) when fewer than half of the scale's items are answered.
 */
import type { Instrument } from './instrument.js';

/**
 * One item's answers, NaN = not answered: a Float32Array holds Likert answers (small integers)
 * exactly in half the memory, which matters at a million responses (server/data/report-rows.ts).
 */
export type ItemColumn = Float64Array | Float32Array;

/** Columnar item answers: item id → one value per respondent (NaN = not answered). */
export type ItemColumns = Readonly<Record<string, ItemColumn>>;

/** One respondent's answers as a row object (null / undefined = not answered). */
export type ItemRow = Readonly<Record<string, number | null | undefined>>;

/**
 * Adapter from row objects to columns for the given item ids. An item absent from a row counts as
 * missing. Throws when a present value is not a number (naming the first such item, in `itemIds`
 * order, and its first bad row).
 */
export function itemColumnsFromRows(
  rows: readonly ItemRow[],
  itemIds: readonly string[],
): Record<string, Float64Array> {
  const n = rows.length;
  const cols = itemIds.map(() => new Float64Array(n));
  let bad = false;
  // Row by row: each answers object is read while it is in cache.
  for (let i = 0; i < n && !bad; i++) {
    const row = rows[i];
    for (let c = 0; c < itemIds.length; c++) {
      const v = row[itemIds[c]];
      if (typeof v === 'number') cols[c][i] = v;
      else if (v === null || v === undefined) cols[c][i] = NaN;
      else {
        bad = true;
        break;
      }
    }
  }
  if (bad) throwFirstNonNumber(rows, itemIds);
  const out: Record<string, Float64Array> = {};
  itemIds.forEach((id, c) => {
    out[id] = cols[c];
  });
  return out;
}

/** Throws for the first present non-number, item by item (the order the message promises). */
function throwFirstNonNumber(rows: readonly ItemRow[], itemIds: readonly string[]): never {
  for (const id of itemIds) {
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i][id];
      if (v !== null && v !== undefined && typeof v !== 'number')
        throw new TypeError(`item "${id}", row ${i}: expected a number, got ${typeof v}`);
    }
  }
  throw new Error('internal: a non-number answer was seen but not found again');
}

/** Number of respondents in item columns; throws when the instrument's items are absent or lengths differ. */
export function respondentCount(instrument: Instrument, items: ItemColumns): number {
  let n = -1;
  for (const scale of instrument.scales) {
    for (const item of scale.items) {
      const col = items[item.id];
      if (!col) throw new Error(`item "${item.id}" of scale "${scale.id}" is missing from the item data`);
      if (n === -1) n = col.length;
      else if (col.length !== n) throw new Error(`item "${item.id}" has ${col.length} rows, expected ${n}`);
    }
  }
  return Math.max(n, 0);
}

/**
 * Validated, reverse-keyed item columns for every item of the instrument: reverse items become
 * (min + max) − x (the usual Likert reverse keying, e.g. 6 − x on 1..5), missing stays NaN.
 * Throws with the item id and row index on a non-integer or out-of-range answer.
 */
export function keyedItems(instrument: Instrument, items: ItemColumns): Record<string, ItemColumn> {
  const copies: Record<string, ItemColumn> = {};
  for (const scale of instrument.scales)
    for (const item of scale.items) if (items[item.id]) copies[item.id] = items[item.id].slice();
  return keyInPlace(instrument, copies);
}

/** `keyedItems` that overwrites the given columns (which the caller owns) instead of copying them. */
function keyInPlace(instrument: Instrument, items: Record<string, ItemColumn>): Record<string, ItemColumn> {
  respondentCount(instrument, items);
  const { min, max } = instrument.likert;
  const flip = min + max;
  const out: Record<string, ItemColumn> = {};
  for (const scale of instrument.scales) {
    for (const item of scale.items) {
      const col = items[item.id];
      if (out[item.id] === col) continue; // an id listed twice is keyed once
      const bad = keyColumn(col, min, max, item.reverse, flip);
      if (bad >= 0)
        throw new RangeError(
          `item "${item.id}", row ${bad}: value ${col[bad]} is not an integer from ${min} to ${max}`,
        );
      out[item.id] = col;
    }
  }
  return out;
}

/**
 * Checks one column's answers (integers from min to max, NaN = not answered) and, for a reverse
 * item, keys them as flip − x; returns the first bad row, or −1. A loop of its own, so that V8
 * optimizes it once for every column.
 */
function keyColumn(col: ItemColumn, min: number, max: number, reverse: boolean, flip: number): number {
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v !== v) continue; // NaN: not answered
    if (!Number.isInteger(v) || v < min || v > max) return i;
    if (reverse) col[i] = flip - v;
  }
  return -1;
}

/**
 * Scale scores (the mean-of-answered-items convention, as psych::scoreItems with impute = "none",
 * plus a half-rule): per scale id, one score per respondent, NaN when fewer than half of the
 * scale's items are answered. Validates answers as keyedItems does.
 */
export function scoreScales(instrument: Instrument, items: ItemColumns): Record<string, Float64Array> {
  return scoreKeyed(instrument, keyedItems(instrument, items));
}

/**
 * `scoreScales` from item columns already validated and reverse-keyed by `keyedItems`, so callers
 * that need both the keyed items and the scores key them once.
 */
export function scoreKeyed(instrument: Instrument, keyed: ItemColumns): Record<string, Float64Array> {
  const n = respondentCount(instrument, keyed);
  const scores: Record<string, Float64Array> = {};
  // A block of rows at a time: the running sums stay in cache, and no column-long scratch arrays.
  const sum = new Float64Array(SCORE_BLOCK);
  const answered = new Int32Array(SCORE_BLOCK);
  for (const scale of instrument.scales) {
    const k = scale.items.length;
    const cols = scale.items.map((item) => keyed[item.id]);
    const out = new Float64Array(n);
    for (let b0 = 0; b0 < n; b0 += SCORE_BLOCK) {
      const b1 = Math.min(n, b0 + SCORE_BLOCK);
      sum.fill(0);
      answered.fill(0);
      for (const col of cols) addAnswered(col, b0, b1, sum, answered);
      for (let i = b0; i < b1; i++) {
        const a = answered[i - b0];
        out[i] = a * 2 < k || a === 0 ? NaN : sum[i - b0] / a;
      }
    }
    scores[scale.id] = out;
  }
  return scores;
}

const SCORE_BLOCK = 4096;

/** Adds the answered values of rows [b0, b1) of `col` to `sum` and counts them in `answered` (both indexed from b0). */
function addAnswered(col: ItemColumn, b0: number, b1: number, sum: Float64Array, answered: Int32Array): void {
  for (let i = b0; i < b1; i++) {
    const v = col[i];
    if (v === v) {
      sum[i - b0] += v;
      answered[i - b0]++;
    }
  }
}

/** The keyed item columns and the scale scores of one set of responses, computed once. */
export interface ScoredItems {
  readonly n: number;
  /** Validated, reverse-keyed item columns (as `keyedItems` returns them). */
  readonly keyed: ItemColumns;
  readonly scores: Readonly<Record<string, Float64Array>>;
}

/**
 * Keyed item columns and scale scores of the instrument's items from row objects: the same values
 * as `keyedItems(instrument, itemColumnsFromRows(rows, ids))` and `scoreScales`, with the columns
 * keyed in place (one set of columns instead of two). Throws as those do.
 */
export function scoreRows(instrument: Instrument, rows: readonly ItemRow[]): ScoredItems {
  const itemIds = instrument.scales.flatMap((s) => s.items.map((i) => i.id));
  return scoreColumns(instrument, itemColumnsFromRows(rows, itemIds));
}

/**
 * `scoreRows` from item columns (e.g. read straight from storage). The columns are keyed in place:
 * the caller hands them over and should not read them as raw answers afterwards.
 */
export function scoreColumns(instrument: Instrument, items: Record<string, ItemColumn>): ScoredItems {
  const n = respondentCount(instrument, items);
  const keyed = keyInPlace(instrument, items);
  return { n, keyed, scores: scoreKeyed(instrument, keyed) };
}
