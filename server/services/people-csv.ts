/**
 * Reads a people CSV (one person per line: email, unit path such as `Sales/EMEA/Team 3`, and optionally
 * manager_email, location, role_level, language) into checked rows, and every problem as a row error
 * naming the line, the column, the value and why, so the whole file can be corrected before anything
 * is written. No database here: services/people-import.ts plans and applies the import.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';

export interface PersonRow {
  /** The line of the file the person is on (the header is line 1). */
  readonly line: number;
  readonly email: string;
  /** The unit path's names, top level first. */
  readonly unitPath: readonly string[];
  readonly managerEmail: string | null;
  readonly location: string | null;
  readonly roleLevel: string | null;
  readonly language: string | null;
}

export interface RowError {
  /** The line of the file (0: the file as a whole). */
  readonly line: number;
  readonly column: string;
  readonly value: string;
  readonly why: string;
}

export interface PeopleCsv {
  readonly rows: PersonRow[];
  readonly errors: RowError[];
  /** Columns of the header that the import does not read. */
  readonly ignoredColumns: string[];
}

export const MAX_PEOPLE = 50_000;
export const MAX_UNIT_DEPTH = 8;
const MAX_NAME = 120;

const COLUMNS = ['email', 'unit', 'manager_email', 'location', 'role_level', 'language'] as const;
type Column = (typeof COLUMNS)[number];
const ALIASES: Record<string, Column> = { unit_path: 'unit', manager: 'manager_email', role: 'role_level' };

const emailSchema = z.email();
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

/** "Manager Email" → "manager_email". */
function columnName(header: string): string {
  const name = header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return ALIASES[name] ?? name;
}

const fileError = (why: string, line = 0): PeopleCsv => ({
  rows: [],
  errors: [{ line, column: '', value: '', why }],
  ignoredColumns: [],
});

/** Parses and checks the text of a people CSV. */
export function readPeopleCsv(text: string): PeopleCsv {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = (err as CsvError & { lines?: number }).lines ?? 0;
    return fileError(`The file is not a readable CSV here: ${err.message.replace(/\s*\n[\s\S]*/, '')}`, line);
  }
  if (records.length === 0)
    return fileError('The file is empty: it needs a header line (email,unit,…) and one line per person.');
  const header = records[0].record.map(columnName);
  const position = new Map<string, number>();
  header.forEach((name, i) => {
    if (!position.has(name)) position.set(name, i);
  });
  const missing = (['email', 'unit'] as const).filter((c) => !position.has(c));
  if (missing.length > 0)
    return fileError(
      `The header line must name the columns ${missing.map((c) => `"${c}"`).join(' and ')} (found: ${header.join(', ') || 'nothing'}).`,
      1,
    );
  const repeated = header.filter((name, i) => header.indexOf(name) !== i);
  if (repeated.length > 0)
    return fileError(`The header names ${[...new Set(repeated)].map((c) => `"${c}"`).join(', ')} more than once.`, 1);
  if (records.length - 1 > MAX_PEOPLE)
    return fileError(`The file lists ${records.length - 1} people; at most ${MAX_PEOPLE} can be imported at once.`);

  const rows: PersonRow[] = [];
  const errors: RowError[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const cell = (column: Column) => {
      const at = position.get(column);
      return at === undefined ? '' : (record[at] ?? '');
    };
    const problem = (column: string, value: string, why: string) => errors.push({ line, column, value, why });
    if (record.length !== header.length) {
      problem(
        '',
        '',
        `This line has ${record.length} fields where the header has ${header.length} (quote a value that contains a comma).`,
      );
      continue;
    }
    const before = errors.length;
    const email = cell('email').toLowerCase();
    if (!email) problem('email', '', 'An email address is needed.');
    else if (email.length > 254 || !emailSchema.safeParse(email).success)
      problem('email', cell('email'), 'This is not an email address.');
    else if (firstLineOf.has(email))
      problem('email', cell('email'), `This person is already on line ${firstLineOf.get(email)}.`);
    else firstLineOf.set(email, line);

    const unitPath = cell('unit')
      .split('/')
      .map((name) => name.trim());
    if (cell('unit') === '') problem('unit', '', 'A unit is needed, as a path such as Sales/EMEA/Team 3.');
    else if (unitPath.some((name) => name === ''))
      problem('unit', cell('unit'), 'A unit name in this path is empty (two slashes in a row, or one at an end).');
    else if (unitPath.length > MAX_UNIT_DEPTH)
      problem('unit', cell('unit'), `A path may have at most ${MAX_UNIT_DEPTH} levels.`);
    else if (unitPath.some((name) => name.length > MAX_NAME))
      problem('unit', cell('unit'), `A unit name may have at most ${MAX_NAME} characters.`);

    const manager = cell('manager_email').toLowerCase();
    if (manager && (manager.length > 254 || !emailSchema.safeParse(manager).success))
      problem('manager_email', cell('manager_email'), 'This is not an email address (leave it empty when unknown).');
    for (const column of ['location', 'role_level'] as const) {
      if (cell(column).length > MAX_NAME) problem(column, cell(column), `Use at most ${MAX_NAME} characters.`);
    }
    const language = cell('language');
    if (language && !LANGUAGE.test(language))
      problem('language', language, 'Use a language code such as en, de or fr-CH.');

    if (errors.length === before) {
      rows.push({
        line,
        email,
        unitPath,
        managerEmail: manager || null,
        location: cell('location') || null,
        roleLevel: cell('role_level') || null,
        language: language || null,
      });
    }
  }
  if (rows.length === 0 && errors.length === 0)
    return fileError('The file lists nobody: add one line per person below the header.');
  const ignoredColumns = records[0].record.filter((_, i) => !(COLUMNS as readonly string[]).includes(header[i]));
  return { rows, errors, ignoredColumns };
}
