/**
 * The one place the CLI parses CSV text (csv-parse): records as strings, with a malformed file
 * (a ragged row, an unclosed or stray quote) and a header that names a column twice reported as a
 * one-line `CsvFileError` naming the line where the defect starts.
 */
import { CsvError, parse } from 'csv-parse/sync';

/** A CSV file the CLI cannot read as a table; a RangeError, so the commands answer it with exit code 2. */
export class CsvFileError extends RangeError {}

/**
 * Parses CSV text with a header line (BOM, blank lines and spaces around fields tolerated) into
 * records of strings, header first. Throws a CsvFileError naming the line where a malformed record
 * starts (for an unclosed quote, the line where the quote opens) or the columns a header repeats.
 */
export function parseCsvRecords(text: string): string[][] {
  // Line on which the last well-formed record ended; the defective one starts after it.
  let lastEnd = 0;
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
      on_record: (record: string[], context) => {
        lastEnd = context.lines;
        return record;
      },
    }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) throw csvFileError(error, text, lastEnd);
    throw error;
  }
  if (records.length > 0) checkHeader(records[0]);
  return records;
}

function csvFileError(error: CsvError, text: string, lastEnd: number): CsvFileError {
  const lines = text.split(/\r\n|\r|\n/);
  // csv-parse skips lines that are empty once trimmed between records.
  let start = lastEnd + 1;
  while (start <= lines.length && lines[start - 1].trim() === '') start++;
  const info = error as CsvError & { lines?: number };
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const counts = /expect (\d+), got (\d+)/.exec(error.message);
      const fields = counts
        ? `${counts[2]} fields where the header has ${counts[1]}`
        : 'not as many fields as the header';
      return new CsvFileError(
        `line ${start}: ${fields}; every row needs one field per column (quote a field that contains a comma)`,
      );
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvFileError(
        `line ${openingQuoteLine(lines, start)}: a quote opens a field here and is never closed (a quote inside a quoted field is written twice: "")`,
      );
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new CsvFileError(
        `line ${info.lines ?? start}: a stray quote; quotes may only enclose a whole field, and a quote inside a quoted field is written twice ("")`,
      );
    default:
      return new CsvFileError(`line ${info.lines ?? start}: ${error.message.replace(/\s*\n[\s\S]*/, '')}`);
  }
}

/**
 * The line (1-based) where the quote that is never closed opens, scanning the record that starts
 * on line `start` as csv-parse reads it (comma-separated, spaces before a quote allowed, "" an
 * escaped quote). Falls back to `start` should the scan end outside a quote.
 */
function openingQuoteLine(lines: readonly string[], start: number): number {
  let quotedSince = 0;
  for (let l = start; l <= lines.length; l++) {
    const line = lines[l - 1];
    let fieldStart = quotedSince === 0;
    for (let c = 0; c < line.length; c++) {
      const ch = line[c];
      if (quotedSince > 0) {
        if (ch !== '"') continue;
        if (line[c + 1] === '"') c++;
        else quotedSince = 0;
      } else if (ch === ',') fieldStart = true;
      else if (fieldStart && ch === '"') quotedSince = l;
      else if (ch !== ' ' && ch !== '\t') fieldStart = false;
    }
    if (quotedSince === 0) break;
  }
  return quotedSince || start;
}

/** Throws a CsvFileError when the header names a column more than once. */
function checkHeader(header: readonly string[]): void {
  const positions = new Map<string, number[]>();
  header.forEach((name, i) => positions.set(name, [...(positions.get(name) ?? []), i + 1]));
  const repeated = [...positions].filter(([, at]) => at.length > 1);
  if (repeated.length === 0) return;
  const list = repeated.map(([name, at]) => `"${name}" (columns ${at.slice(0, -1).join(', ')} and ${at.at(-1)})`);
  throw new CsvFileError(`the CSV header repeats ${list.join(', ')}; give every column its own name`);
}
