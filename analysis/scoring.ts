/**
 * Item answers → scale scores. Item data are columnar: one Float64Array per item id, NaN = missing.
 * Reverse-keyed items are scored as (min + max) − answer; a scale score is the mean of the answered
 * items, missing (NaN) when fewer than half of the scale's items are answered.
 */
import type { Instrument, LikertRange } from './instrument.js';

/** Columnar item answers: item id → one value per respondent (NaN = not answered). */
export type ItemColumns = Readonly<Record<string, Float64Array>>;

/** One respondent's answers as a row object (null / undefined = not answered). */
export type ItemRow = Readonly<Record<string, number | null | undefined>>;

/**
 * Adapter from row objects to columns for the given item ids. An item absent from a row counts as
 * missing. Throws when a present value is not a number.
 */
export function itemColumnsFromRows(rows: readonly ItemRow[], itemIds: readonly string[]): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const id of itemIds) {
    const col = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i][id];
      if (v === null || v === undefined) col[i] = NaN;
      else if (typeof v !== 'number') throw new TypeError(`item "${id}", row ${i}: expected a number, got ${typeof v}`);
      else col[i] = v;
    }
    out[id] = col;
  }
  return out;
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

/** Throws unless every answered value in `col` is an integer within the Likert range. */
function validateItem(id: string, col: Float64Array, likert: LikertRange): void {
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v) || v < likert.min || v > likert.max) {
      throw new RangeError(`item "${id}", row ${i}: value ${v} is not an integer from ${likert.min} to ${likert.max}`);
    }
  }
}

/**
 * Validated, reverse-keyed item columns for every item of the instrument: reverse items become
 * (min + max) − x (the usual Likert reverse keying, e.g. 6 − x on 1..5), missing stays NaN.
 * Throws with the item id and row index on a non-integer or out-of-range answer.
 */
export function keyedItems(instrument: Instrument, items: ItemColumns): Record<string, Float64Array> {
  respondentCount(instrument, items);
  const { likert } = instrument;
  const flip = likert.min + likert.max;
  const out: Record<string, Float64Array> = {};
  for (const scale of instrument.scales) {
    for (const item of scale.items) {
      const col = items[item.id];
      validateItem(item.id, col, likert);
      out[item.id] = item.reverse ? col.map((v) => flip - v) : Float64Array.from(col);
    }
  }
  return out;
}

/**
 * Scale scores (the mean-of-answered-items convention, as psych::scoreItems with impute = "none",
 * plus a half-rule): per scale id, one score per respondent, NaN when fewer than half of the
 * scale's items are answered. Validates answers as keyedItems does.
 */
export function scoreScales(instrument: Instrument, items: ItemColumns): Record<string, Float64Array> {
  const keyed = keyedItems(instrument, items);
  const n = respondentCount(instrument, items);
  const scores: Record<string, Float64Array> = {};
  for (const scale of instrument.scales) {
    const k = scale.items.length;
    const sum = new Float64Array(n);
    const answered = new Int32Array(n);
    for (const item of scale.items) {
      const col = keyed[item.id];
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if (!Number.isNaN(v)) { sum[i] += v; answered[i]++; }
      }
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = answered[i] * 2 < k || answered[i] === 0 ? NaN : sum[i] / answered[i];
    scores[scale.id] = out;
  }
  return scores;
}
