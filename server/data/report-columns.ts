/**
 * Typed columns that the report's pages (server/data/report-pages.ts) are decoded into: one
 * Float32Array per item (NaN = not answered or N/A; answer codes are small integers, exact in half the
 * memory of a Float64Array; answers-columns.ts widens a column a JSON answer needs), the unit ids
 * and workflow codes as Int32Arrays. They
 * start at the size the release announces and grow by doubling if more rows come; `finish` trims
 * them to the rows read.
 */
import type { ItemColumn } from './answer-columns.js';
import { NO_WORKFLOW, RECORD_TAIL, UNLISTED_WORKFLOW } from './report-pages.js';

export interface ColumnsRead {
  readonly n: number;
  readonly items: ItemColumn[];
  /** Unit id per row, −1 = none. */
  readonly unitIds: Int32Array;
  /** Workflow per row as an index into the workflows list, −1 = none. */
  readonly workflows: Int32Array;
}

/** A record's hex field (lower-case digits, as the pages write them) at [at, at + width). */
function hexAt(s: string, at: number, width: number): number {
  let v = 0;
  for (let i = at; i < at + width; i++) {
    const ch = s.charCodeAt(i);
    v = v * 16 + (ch <= 57 ? ch - 48 : ch - 87);
  }
  return v;
}

/**
 * Column c of `rows` records of `width` characters into col[from…]: digit → its value, except '0'
 * (N/A) → `na`; '.' → NaN, anything else marks the row bad.
 */
function decodeColumn(records: string, c: number, width: number, rows: number, col: ItemColumn, from: number, bad: Uint8Array, na: number): void {
  for (let i = 0, at = c; i < rows; i++, at += width) {
    const ch = records.charCodeAt(at);
    if (ch === 48) col[from + i] = na;
    else if (ch > 48 && ch <= 57) col[from + i] = ch - 48;
    else if (ch === 46) col[from + i] = NaN;
    else bad[i] = 1;
  }
}

/** `notApplicable`: what an N/A answer (code '0') becomes, NaN (missing) unless a surface shows N/A (the export). */
export function createReportColumns(items: number, capacity: number, notApplicable = NaN) {
  let size = Math.max(capacity, 16);
  let cols: ItemColumn[] = Array.from({ length: items }, () => new Float32Array(size));
  let unitIds = new Int32Array(size);
  let workflows = new Int32Array(size);
  let n = 0;

  function grow(need: number): void {
    if (need <= size) return;
    while (size < need) size *= 2;
    const larger = <T extends ItemColumn | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (length: number) => T)(size);
      b.set(a);
      return b;
    };
    cols = cols.map(larger);
    unitIds = larger(unitIds);
    workflows = larger(workflows);
  }

  return {
    get n() {
      return n;
    },
    /**
     * Appends the rows of one page's records (report-pages.ts `Page.records`). Returns the positions
     * in the page of rows whose codes do not decode (`FROM_JSON`: left NaN, for their JSON) and
     * whether a workflow code was `UNLISTED_WORKFLOW` (then nothing was appended: learn the page's
     * workflows and read it again). Throws when the records do not split into whole rows.
     */
    append(records: string): { fromJson: number[]; unlisted: boolean } {
      const width = items + RECORD_TAIL;
      const rows = records.length / width;
      if (!Number.isInteger(rows)) throw new Error(`report page of ${records.length} characters is not whole records of ${width}`);
      for (let i = 0; i < rows; i++)
        if (hexAt(records, i * width + items + 8, 4) === UNLISTED_WORKFLOW) return { fromJson: [], unlisted: true };
      grow(n + rows);
      // Column by column (each column written in order); a row with a character outside the format
      // (FROM_JSON among them) is marked, then left NaN in every column, to be read from its JSON.
      const bad = new Uint8Array(rows);
      for (let c = 0; c < items; c++) decodeColumn(records, c, width, rows, cols[c], n, bad, notApplicable);
      const fromJson: number[] = [];
      for (let i = 0; i < rows; i++) {
        const at = i * width;
        if (bad[i]) {
          for (let c = 0; c < items; c++) cols[c][n + i] = NaN;
          fromJson.push(i);
        }
        const unit = hexAt(records, at + items, 8);
        unitIds[n + i] = unit === 0 ? -1 : unit;
        const workflow = hexAt(records, at + items + 8, 4);
        workflows[n + i] = workflow === NO_WORKFLOW ? -1 : workflow;
      }
      n += rows;
      return { fromJson, unlisted: false };
    },
    /** The columns of the rows appended, trimmed to them (a copy only when much room is left over). */
    finish(): ColumnsRead {
      const trim = <T extends ItemColumn | Int32Array>(a: T): T => (size - n > size / 8 ? (a.slice(0, n) as T) : (a.subarray(0, n) as T));
      return { n, items: cols.map(trim), unitIds: trim(unitIds), workflows: trim(workflows) };
    },
    /** The item columns as they are being filled (row `n` onwards is unwritten). */
    get items(): ItemColumn[] {
      return cols;
    },
  };
}
