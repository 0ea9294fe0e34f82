/**
 * Stored answers JSON → item columns (one typed array per item id, NaN = not answered), without
 * building an object per response. Answers are stored by `JSON.stringify` of a flat
 * `{ "item": number | null }` object; this reads that shape directly and hands any row it does not
 * recognise (whitespace aside: escapes, signs, decimals, exponents, leading zeros, long numbers,
 * other value types) to `JSON.parse`, so every row reads exactly as `JSON.parse` would read it.
 * Also the answer codes (`answerCodes`, format below): the compact copy a report reads instead.
 */

/**
 * The stored answer of "Does not apply" (N/A): 0, free because Likert points start at 1. Readers
 * turn it into NaN (missing) for the analysis unless told to keep it (the export writes it `NA`).
 */
export const NOT_APPLICABLE = 0;

/**
 * One item's answers, NaN = not answered: a Float32Array holds answer codes (integers 0–9) exactly
 * in half the memory of a Float64Array (analysis/scales/scoring.ts `ItemColumn`, the same type).
 */
export type ItemColumn = Float32Array | Float64Array;

/** Thrown for a row whose answers are not JSON; `row` is its 0-based position. */
export class UnreadableAnswersError extends Error {
  constructor(readonly row: number) {
    super(`row ${row}: answers are not valid JSON`);
  }
}

const enum Ch { Space = 32, Tab = 9, Lf = 10, Cr = 13, Quote = 34, Comma = 44, Zero = 48, Nine = 57, Colon = 58, BraceOpen = 123, BraceClose = 125, Backslash = 92, N = 110 }

/** The index of the first non-whitespace character at or after i (JSON whitespace). */
function skipSpace(s: string, i: number): number {
  for (let ch = s.charCodeAt(i); ch === Ch.Space || ch === Ch.Tab || ch === Ch.Lf || ch === Ch.Cr; ch = s.charCodeAt(++i));
  return i;
}

/** skipSpace, with the common case (no whitespace: JSON.stringify's output) checked inline first. */
function next(s: string, i: number): number {
  const ch = s.charCodeAt(i);
  return ch > Ch.Space ? i : skipSpace(s, i);
}

/**
 * Reads one flat answers object into `cols[·][row]`, or returns false when the text is outside the
 * fast path. Values are written only once the whole row has been read, so a row handed on to
 * `JSON.parse` starts clean.
 */
function readFlat(s: string, codes: readonly Uint16Array[], index: ReadonlyMap<string, number>, cols: ItemColumn[], row: number, found: Int32Array, values: Float64Array, na: number): boolean {
  let i = next(s, 0);
  if (s.charCodeAt(i) !== Ch.BraceOpen) return false;
  i = next(s, i + 1);
  let count = 0;
  let guess = 0;
  if (s.charCodeAt(i) !== Ch.BraceClose) {
    for (;;) {
      if (s.charCodeAt(i) !== Ch.Quote) return false;
      // Keys are usually stored in the instrument's order: try the next expected id before a lookup.
      let c: number | undefined;
      let end = -1;
      if (guess < codes.length) {
        const key = codes[guess];
        let t = 0;
        while (t < key.length && s.charCodeAt(i + 1 + t) === key[t]) t++;
        if (t === key.length && s.charCodeAt(i + 1 + t) === Ch.Quote) { c = guess; end = i + 1 + t; }
      }
      if (end < 0) {
        end = s.indexOf('"', i + 1);
        if (end < 0) return false;
        const key = s.slice(i + 1, end);
        if (key.includes('\\')) return false;
        c = index.get(key);
      }
      i = next(s, end + 1);
      if (s.charCodeAt(i) !== Ch.Colon) return false;
      i = next(s, i + 1);
      let ch = s.charCodeAt(i);
      let v: number;
      if (ch >= Ch.Zero && ch <= Ch.Nine) {
        const start = i;
        v = 0;
        while (ch >= Ch.Zero && ch <= Ch.Nine) {
          v = v * 10 + (ch - Ch.Zero);
          ch = s.charCodeAt(++i);
        }
        // Leading zeros, fractions, exponents and numbers too long to be exact go to JSON.parse.
        if ((s.charCodeAt(start) === Ch.Zero && i - start > 1) || i - start > 15 || ch === 46 || ch === 101 || ch === 69) return false;
      } else if (ch === Ch.N && s.startsWith('null', i)) {
        v = NaN;
        i += 4;
      } else return false;
      if (c !== undefined) {
        if (count === found.length) return false;
        found[count] = c;
        values[count] = v === NOT_APPLICABLE ? na : v;
        count++;
        guess = c + 1;
      }
      i = next(s, i);
      ch = s.charCodeAt(i);
      if (ch === Ch.Comma) { i = next(s, i + 1); continue; }
      if (ch === Ch.BraceClose) break;
      return false;
    }
  }
  if (next(s, i + 1) !== s.length) return false;
  // Later duplicates win, as in JSON.parse.
  for (let k = 0; k < count; k++) put(cols, found[k], row, values[k]);
  return true;
}

/**
 * Item columns for `itemIds` from one answers JSON text per row: an item absent from a row, or
 * null, is NaN, and so is N/A (0) unless `notApplicable` says what it becomes; keys that are not item ids are ignored. Throws `UnreadableAnswersError` for a row
 * that is not JSON, and a TypeError naming the item and row when an item's value is present but not
 * a number (as analysis/scales/scoring.ts `itemColumnsFromRows` does).
 */
export function answerColumns(texts: readonly string[], itemIds: readonly string[], notApplicable = NaN): Record<string, Float64Array> {
  const cols = itemIds.map(() => new Float64Array(texts.length).fill(NaN));
  readAnswersInto(texts, itemIds, cols, undefined, notApplicable);
  return columnsById(itemIds, cols);
}

/**
 * As `answerColumns`, into existing columns (NaN-filled at the rows written): text k goes to row
 * `rows[k]` (k itself without `rows`), and errors name that row. An N/A answer (0) becomes
 * `notApplicable` (NaN: missing).
 */
export function readAnswersInto(texts: readonly string[], itemIds: readonly string[], cols: ItemColumn[], rows?: readonly number[], notApplicable = NaN): void {
  const index = new Map(itemIds.map((id, c) => [id, c]));
  const codes = itemIds.map((id) => Uint16Array.from({ length: id.length }, (_, t) => id.charCodeAt(t)));
  // Room for a few duplicate keys per row; more than that falls back to JSON.parse.
  const found = new Int32Array(itemIds.length * 2 + 8);
  const values = new Float64Array(found.length);
  for (let k = 0; k < texts.length; k++) {
    const text = texts[k];
    const r = rows ? rows[k] : k;
    if (readFlat(text, codes, index, cols, r, found, values, notApplicable)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new UnreadableAnswersError(r);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new TypeError(`row ${r}: answers are not an object of item → answer`);
    const answers = parsed as Record<string, unknown>;
    itemIds.forEach((id, c) => {
      const v = Object.prototype.hasOwnProperty.call(answers, id) ? answers[id] : undefined;
      if (v === null || v === undefined) return;
      if (typeof v !== 'number') throw new TypeError(`item "${id}", row ${r}: expected a number, got ${typeof v}`);
      put(cols, c, r, v === NOT_APPLICABLE ? notApplicable : v);
    });
  }
}

/**
 * Writes `v` to `cols[c][row]`. A Float32Array column holds answer codes (integers 0–9) exactly; a
 * JSON answer it would not hold exactly (a fraction, a huge number) first widens the column to a
 * Float64Array, so the value reaches the analysis as stored (which then refuses it, naming it).
 */
function put(cols: ItemColumn[], c: number, row: number, v: number): void {
  if (cols[c] instanceof Float32Array && Math.fround(v) !== v && v === v) cols[c] = Float64Array.from(cols[c]);
  cols[c][row] = v;
}

/** Item id → its column. */
export function columnsById<T extends ItemColumn>(itemIds: readonly string[], cols: readonly T[]): Record<string, T> {
  const out: Record<string, T> = {};
  itemIds.forEach((id, c) => { out[id] = cols[c]; });
  return out;
}

/*
 * Answer codes: `responses.answer_codes`, a compact copy of a response's answers kept beside the
 * answers JSON (which stays the record of truth), so a report reads a short string per response
 * instead of parsing JSON. The format, defined here only:
 *
 *   one character per item of the survey's instrument, in instrument order (scales, then items);
 *   '0'..'9' = the answer (an integer 0–9: Likert points are at most 7), '0' being "does not apply"
 *   (N/A, NOT_APPLICABLE), '.' = not answered (absent or null).
 *
 * A response whose answers do not all fit (a value that is not an integer 0–9, or not a number) gets
 * no codes (null) and is read from its JSON, as is a row stored before the column existed.
 */

const enum Code { NotAnswered = 46, Zero = 48, Nine = 57 }

/**
 * The answer codes of one response (format above) for `itemIds` in instrument order; null when an
 * answer does not fit one digit, so the row is read from its JSON instead. Keys that are not item
 * ids are ignored, as the JSON reader ignores them.
 */
export function answerCodes(itemIds: readonly string[], answers: Readonly<Record<string, unknown>>): string | null {
  let out = '';
  for (const id of itemIds) {
    const v = Object.prototype.hasOwnProperty.call(answers, id) ? answers[id] : undefined;
    if (v === null || v === undefined) out += '.';
    else if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 9 && !Object.is(v, -0)) out += String(v);
    else return null;
  }
  return out;
}

/**
 * Decodes answer codes (format above) into `cols[·][row]`, one charCodeAt per item, N/A ('0') as
 * `notApplicable` (NaN: missing). Returns false,
 * leaving the row's values NaN, for codes that are null, of another length than `cols`, or hold a
 * character outside the format: read that row from its JSON.
 */
export function readAnswerCodes(codes: string | null, cols: ItemColumn[], row: number, notApplicable = NaN): boolean {
  if (codes === null || codes.length !== cols.length) return false;
  return decodeAnswerCodes(codes, 0, cols, row, notApplicable);
}

/**
 * `readAnswerCodes` of the `cols.length` characters of `text` from `at` (codes inside a longer
 * string, e.g. a page of records): true when they all fit the format; otherwise every column of the
 * row is set to NaN and false returned.
 */
export function decodeAnswerCodes(text: string, at: number, cols: ItemColumn[], row: number, notApplicable = NaN): boolean {
  for (let c = 0; c < cols.length; c++) {
    const ch = text.charCodeAt(at + c);
    if (ch === Code.Zero) cols[c][row] = notApplicable;
    else if (ch > Code.Zero && ch <= Code.Nine) cols[c][row] = ch - Code.Zero;
    else if (ch === Code.NotAnswered) cols[c][row] = NaN;
    else {
      for (let u = 0; u < cols.length; u++) cols[u][row] = NaN;
      return false;
    }
  }
  return true;
}
