/**
 * `readiness import FILE --survey ID --mapping FILE`: imports another survey tool's export (CSV or
 * XLSX) into a survey of the database that DATABASE_URL names, with a mapping JSON file (the same
 * shape the mapping screen saves; docs/imports.md). All or nothing, as the pages do it (one service:
 * services/survey-import.ts): every row error is printed and nothing stored, and a file already
 * imported into the survey is refused. Exit 0 imported (or checked, with --check), 1 refused or
 * failed, 2 bad usage, an invalid mapping or row errors.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createDb } from '../db.js';
import { ConflictError, HttpError, ValidationError } from '../errors.js';
import { safeMessage } from '../log-safe-error.js';
import { migrate } from '../migrations-source.js';
import { parseMappingJson } from '../services/import-mapping.js';
import type { RowError } from '../services/import-rows.js';
import { createSurveyImportService, ImportRowsError, type ImportPreview } from '../services/survey-import.js';
import { commandArgs } from './command-args.js';
import { cliConfig } from './config.js';
import type { CliIO } from './io.js';
import { progressBar } from './progress.js';

const HELP = `Usage: readiness import FILE --survey ID --mapping FILE [--check]

Imports the responses of FILE (a CSV or .xlsx export from Qualtrics, Culture Amp, Glint, LimeSurvey,
Microsoft Forms, Google Forms or another tool) into survey ID of the database named by DATABASE_URL,
mapping its columns with the mapping JSON file (see docs/imports.md). All or nothing: any row error
stores nothing, and a file already imported into the survey is refused.

Options:
  --survey <ID>     the survey to import into (its id, as in /orgs/…/surveys/ID)
  --mapping <FILE>  the mapping JSON file
  --check           check every row and print the errors; store nothing
  -h, --help        show this help
`;

const SHOWN_ERRORS = 50;

function printErrors(io: CliIO, preview: Pick<ImportPreview, 'errors' | 'errorCount'>): void {
  const line = (e: RowError) =>
    `  row ${e.row || '-'}  ${e.column || '(row)'}  ${e.value ? `"${e.value}"` : ''}  ${e.why}\n`;
  io.err(`${preview.errorCount} error(s): nothing was imported.\n`);
  for (const e of preview.errors.slice(0, SHOWN_ERRORS)) io.err(line(e));
  if (preview.errorCount > SHOWN_ERRORS) io.err(`  … and ${preview.errorCount - SHOWN_ERRORS} more.\n`);
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = commandArgs(io, 'import', HELP, args, {
    survey: { type: 'string' },
    mapping: { type: 'string' },
    check: { type: 'boolean', default: false },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [path] = positionals;
  if (!path || positionals.length > 1 || !values.survey || !values.mapping) {
    io.err(`readiness import: give one FILE, --survey and --mapping\n\n${HELP}`);
    return 2;
  }
  if (!/^\d+$/.test(values.survey)) {
    io.err(`readiness import: --survey takes the survey's id, a whole number (got "${values.survey}")\n`);
    return 2;
  }
  let mapping;
  try {
    mapping = parseMappingJson(await readFile(values.mapping, 'utf8'));
  } catch (error) {
    io.err(
      `readiness import: ${values.mapping}: ${error instanceof ValidationError ? error.message : safeMessage(error)}\n`,
    );
    return 2;
  }
  const config = cliConfig(io, 'import');
  if (!config) return 2;
  const db = createDb(config.databaseUrl);
  try {
    await migrate(db);
    const imports = createSurveyImportService({ db, clock: () => new Date() });
    const file = { path, fileName: basename(path) };
    const surveyId = Number(values.survey);
    if (values.check) {
      const preview = await imports.preview(null, surveyId, file, mapping);
      if (preview.duplicate) io.err(`Note: this file was already imported into survey ${surveyId}.\n`);
      if (preview.errorCount > 0) {
        printErrors(io, preview);
        return 2;
      }
      io.out(`Checked ${preview.rows} rows: all map to responses. Nothing was stored (--check).\n`);
      return 0;
    }
    const checking = progressBar(io, 'Checking ');
    const importing = progressBar(io, 'Importing');
    const result = await imports.run(null, surveyId, file, mapping, (phase, done, total) => {
      if (phase === 'importing') importing?.(done, total ?? done);
      else if (total !== null) checking?.(done, total);
    });
    io.out(
      `Imported ${result.responses} responses into survey ${result.surveyId} (import ${result.importId}). ` +
        'They join the report under the release rule, as submissions do.\n',
    );
    return 0;
  } catch (error) {
    if (error instanceof ImportRowsError) {
      printErrors(io, error.preview);
      return 2;
    }
    if (error instanceof ConflictError) {
      io.err(`readiness import: ${error.message}\n`);
      return 1;
    }
    io.err(`readiness import: ${error instanceof HttpError ? error.message : safeMessage(error)}\n`);
    return error instanceof ValidationError ? 2 : 1;
  } finally {
    await db.destroy();
  }
}
