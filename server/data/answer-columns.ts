/**
 * Stored answers JSON → item columns (one Float64Array per item id, NaN = not answered), without
 * building an object per response. Answers are stored by `JSON.stringify` of a flat
 * `{ "item": number | null }` object; this reads that shape directly and hands any row it does not
 * recognise (whitespace aside: escapes, signs, decimals, exponents, leading zeros, long numbers,
 * other value types) to `JSON.parse`, so every row reads exactly as `JSON.parse` would read it.
 */

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
function readFlat(s: string, codes: readonly Uint16Array[], index: ReadonlyMap<string, number>, cols: Float64Array[], row: number, found: Int32Array, values: Float64Array): boolean {
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
        values[count] = v;
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
  for (let k = 0; k < count; k++) cols[found[k]][row] = values[k];
  return true;
}

/**
 * Item columns for `itemIds` from one answers JSON text per row: an item absent from a row, or
 * null, is NaN; keys that are not item ids are ignored. Throws `UnreadableAnswersError` for a row
 * that is not JSON, and a TypeError naming the item and row when an item's value is present but not
 * a number (as analysis/scoring.ts `itemColumnsFromRows` does).
 */
export function answerColumns(texts: readonly string[], itemIds: readonly string[]): Record<string, Float64Array> {
  const n = texts.length;
  const cols = itemIds.map(() => new Float64Array(n).fill(NaN));
  const index = new Map(itemIds.map((id, c) => [id, c]));
  const codes = itemIds.map((id) => Uint16Array.from({ length: id.length }, (_, t) => id.charCodeAt(t)));
  // Room for a few duplicate keys per row; more than that falls back to JSON.parse.
  const found = new Int32Array(itemIds.length * 2 + 8);
  const values = new Float64Array(found.length);
  for (let r = 0; r < n; r++) {
    const text = texts[r];
    if (readFlat(text, codes, index, cols, r, found, values)) continue;
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
      cols[c][r] = v;
    });
  }
  const out: Record<string, Float64Array> = {};
  itemIds.forEach((id, c) => { out[id] = cols[c]; });
  return out;
}
