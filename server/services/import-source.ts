/**
 * Reads an export file one record at a time, never the whole file: CSV through csv-parse's stream
 * (UTF-8, a byte-order mark skipped, the delimiter , ; or tab sniffed from the first line) and XLSX
 * through exceljs's streaming WorkbookReader (the first worksheet; shared strings and styles are cached, so
 * dates read as dates; hyperlinks ignored). Every cell comes out as text, as the tool wrote it.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { ValidationError } from '../errors.js';

export type SourceFormat = 'csv' | 'xlsx';

export interface SourceRecord {
  /** 1-based: the row of the file (for a CSV, the record; a quoted line break does not count). */
  readonly row: number;
  readonly cells: string[];
}

/** The format by the file name's extension (.xlsx, else CSV). */
export function formatOf(fileName: string): SourceFormat {
  return /\.xlsx$/i.test(fileName) ? 'xlsx' : 'csv';
}

async function sniffDelimiter(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(65_536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const firstLine = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .split(/\r?\n/, 1)[0]
      .replace(/"[^"]*"/g, '');
    const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
    return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
  } finally {
    await handle.close();
  }
}

async function* csvRecords(path: string): AsyncGenerator<SourceRecord> {
  const delimiter = await sniffDelimiter(path);
  const stream = createReadStream(path);
  const parser = stream.pipe(parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true }));
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield { row: ++row, cells: record };
  } finally {
    parser.destroy();
    stream.destroy();
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().replace('T00:00:00.000Z', '');
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

async function* xlsxRecords(path: string): AsyncGenerator<SourceRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      const cells = Array.from(values, (v) => cellText(v));
      if (cells.every((c) => c.trim() === '')) continue;
      yield { row: row.number, cells };
    }
    return; // the first worksheet only
  }
}

/**
 * The file's records in order, read as they are needed; stop early with `return` (closes the file).
 * A file the parser cannot read (an unclosed quote, a workbook that is not one) throws ValidationError
 * saying where.
 */
export async function* sourceRecords(path: string, format: SourceFormat): AsyncGenerator<SourceRecord> {
  let row = 0;
  try {
    for await (const record of format === 'xlsx' ? xlsxRecords(path) : csvRecords(path)) {
      row = record.row;
      yield record;
    }
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    const what = format === 'xlsx' ? 'an Excel workbook (.xlsx)' : 'CSV';
    const detail = error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : String(error);
    throw new ValidationError(
      `The file could not be read as ${what} after row ${row}: ${detail}. Export it again, or save it as CSV UTF-8.`,
    );
  }
}

/** Column names from the header record: blank ones named by position, repeats numbered. */
export function columnNames(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, i) => {
    const name = raw.trim() || `Column ${i + 1}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}
