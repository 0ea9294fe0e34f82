/** Reads chosen numeric columns out of CSV text for the analysis layer. */
import { parseCsvRecords } from './csv-records.js';

/** Cells read as missing, case aside (listwise deletion then drops the row): `NA` is also the item CSV's "does not apply" (docs/item-csv.md). */
const MISSING = new Set(['', 'na', 'n/a', 'nan', '.']);
const isMissing = (cell: string) => MISSING.has(cell.trim().toLowerCase());

export interface CsvColumns {
  /** Every header of the file, in file order. */
  readonly header: readonly string[];
  /** The requested columns, in the requested order. */
  readonly columns: readonly string[];
  /** One row per data line: numbers, or null for a missing cell. */
  readonly rows: (number | null)[][];
  /** The `textColumns` asked for, as raw strings per data line (null for a missing cell). */
  readonly text: Readonly<Record<string, (string | null)[]>>;
}

/**
 * Parses CSV text with a header line and converts only the `wanted` columns to numbers
 * (other columns may hold free text), and keeps `textColumns` as strings (e.g. a unit label).
 * Throws a RangeError naming the data row, line and column of a cell that is not a number, or
 * listing the headers when a wanted column is absent; a CsvFileError (a RangeError) for a malformed
 * file or a header that names a column twice (./csv-records.ts).
 */
export function readCsvColumns(
  text: string,
  wanted: (header: readonly string[]) => readonly string[],
  textColumns: readonly string[] = [],
): CsvColumns {
  const [header, ...body] = parseCsvRecords(text);
  if (!header || header.length === 0)
    throw new RangeError('the CSV file is empty; it needs a header line and data lines');
  const columns = wanted(header);
  const find = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new RangeError(`column "${name}" is not in the CSV header (${header.join(', ')})`);
    return i;
  };
  const indices = columns.map(find);
  const textIndices = textColumns.map(find);
  const rows = body.map((record, r) =>
    indices.map((i, c) => {
      const cell = record[i];
      if (isMissing(cell)) return null;
      const value = Number(cell);
      if (!Number.isFinite(value))
        throw new RangeError(`row ${r + 1} (line ${r + 2}), column "${columns[c]}": "${cell}" is not a number`);
      return value;
    }),
  );
  const textOut = Object.fromEntries(
    textColumns.map((name, t) => [
      name,
      body.map((record) => (isMissing(record[textIndices[t]]) ? null : record[textIndices[t]])),
    ]),
  );
  return { header, columns, rows, text: textOut };
}
