/**
 * Importing responses from another survey tool's export (CSV or XLSX) into a survey, all or nothing:
 * - `inspect` reads the header rows and a few data rows, for the mapping screen;
 * - `preview` maps every row in a streaming pass and lists the row errors (row, column, value, why),
 *   writing nothing;
 * - `run` refuses a file already imported into the survey (SHA-256 of its bytes), checks every row in a
 *   streaming pass, then reads the file again inside one transaction, inserting in batches: an error
 *   anywhere stores nothing. Memory stays bounded by a batch, whatever the file's size.
 * Imported responses are stored as submissions are (answers, unit, workflow, role level,
 * demographics, day, quality flag; nothing else from the file) and wait for the same release rule.
 * Admins and consultants of the survey's organization only; `actor` null is the command line.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { findInstrumentById } from '../data/instruments.js';
import {
  findResponseImport,
  insertResponseImport,
  listResponseImports,
  type ResponseImport,
} from '../data/response-imports.js';
import { insertResponses, type NewResponse } from '../data/responses.js';
import { findSurveyById, type Survey } from '../data/surveys.js';
import { listUnits } from '../data/units.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { ImportMapping } from './import-mapping.js';
import { compileMapping, type CompiledMapping, type MappedRow, type RowError } from './import-rows.js';
import { columnNames, formatOf, sourceRecords, type SourceFormat } from './import-source.js';
import { dayOf } from './responses.js';
import type { StaffUser } from './users.js';
import { visibleOrganizationIds } from './viewer.js';

/** A file to import: where it is on disk and the name it had (its extension picks CSV or XLSX). */
export interface ImportFile {
  readonly path: string;
  readonly fileName: string;
  readonly format?: SourceFormat;
}

export interface ImportPreview {
  /** Data rows in the file. */
  readonly rows: number;
  /** Rows that map to a response. */
  readonly valid: number;
  /** The first MAX_ERRORS errors, in file order; `errorCount` counts them all. */
  readonly errors: readonly RowError[];
  readonly errorCount: number;
  /** The first mapped rows, as they would be stored. */
  readonly sample: readonly MappedRow[];
  /** The earlier import of this same file into the survey, if any (it would be refused). */
  readonly duplicate: ResponseImport | null;
}

export type ImportPhase = 'checking' | 'importing';
export type ImportProgress = (phase: ImportPhase, done: number, total: number | null) => void;

export interface ImportResult {
  readonly importId: number;
  readonly surveyId: number;
  readonly responses: number;
}

/** Thrown by `run` when rows have errors: nothing was stored; `preview` carries the list. */
export class ImportRowsError extends ValidationError {
  constructor(readonly preview: ImportPreview) {
    super(`The file has ${preview.errorCount} error(s): nothing was imported. Check the file to see them.`);
  }
}

export const MAX_ERRORS = 1000;
const SAMPLE_ROWS = 5;
const BATCH_ROWS = 1000;
const PROGRESS_EVERY = 5000;

export function duplicateMessage(earlier: ResponseImport): string {
  return `This file was already imported into this survey on ${dayOf(earlier.createdAt)} (${earlier.rows} responses, as “${earlier.fileName}”): nothing was imported again.`;
}

/** SHA-256 of the file's bytes, streamed. */
export async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function createSurveyImportService({ db, clock }: { db: Knex; clock: Clock }) {
  /** The survey if the actor may import into it (admins, consultants of its organization, the CLI); 404 otherwise. */
  async function importableSurvey(actor: StaffUser | null, surveyId: number): Promise<Survey> {
    const survey = await findSurveyById(db, surveyId);
    const visible = actor === null ? 'all' : await visibleOrganizationIds(db, actor);
    if (!survey || (visible !== 'all' && !visible.includes(survey.organizationId)) || actor?.role === 'analyst')
      throw new NotFoundError('There is no survey with this id that you may import into.');
    return survey;
  }

  async function compile(survey: Survey, file: ImportFile, mapping: ImportMapping) {
    const [stored, units] = await Promise.all([
      findInstrumentById(db, survey.instrumentId),
      listUnits(db, survey.organizationId),
    ]);
    if (!stored) throw new Error(`Survey ${survey.id} has no instrument`);
    const { columns } = await inspectFile(file, mapping.headerRows, 0);
    const context = { instrument: stored.instrument, workflows: survey.workflows, units, today: dayOf(clock()) };
    return { compiled: compileMapping(mapping, columns, context), columnCount: columns.length };
  }

  /** The data rows of the file with their row number and cells, after the header rows. */
  async function* dataRows(file: ImportFile, headerRows: number) {
    for await (const record of sourceRecords(file.path, file.format ?? formatOf(file.fileName)))
      if (record.row > headerRows) yield record;
  }

  /** Maps every row without writing: counts, the first errors, the first mapped rows. */
  async function check(
    file: ImportFile,
    mapping: ImportMapping,
    compiled: CompiledMapping,
    columnCount: number,
    onProgress?: ImportProgress,
  ) {
    const errors: RowError[] = [...compiled.problems];
    let errorCount = errors.length;
    let rows = 0;
    let valid = 0;
    const sample: MappedRow[] = [];
    if (compiled.problems.length === 0) {
      const csv = (file.format ?? formatOf(file.fileName)) === 'csv';
      for await (const { row, cells } of dataRows(file, mapping.headerRows)) {
        rows += 1;
        const result =
          csv && cells.length !== columnCount
            ? {
                ok: false as const,
                errors: [
                  { row, column: '', value: '', why: `${cells.length} fields where the header has ${columnCount}.` },
                ],
              }
            : compiled.mapRow(cells, row);
        if (result.ok) {
          valid += 1;
          if (sample.length < SAMPLE_ROWS) sample.push(result.response);
        } else {
          errorCount += result.errors.length;
          for (const e of result.errors) if (errors.length < MAX_ERRORS) errors.push(e);
        }
        if (rows % PROGRESS_EVERY === 0) onProgress?.('checking', rows, null);
      }
      if (rows === 0) {
        errors.push({ row: 0, column: '', value: '', why: 'The file has no data rows after its header.' });
        errorCount += 1;
      }
    }
    onProgress?.('checking', rows, rows);
    return { rows, valid, errors, errorCount, sample };
  }

  /** The column names, the extra header rows (e.g. Qualtrics's question texts) and the first `sampleRows` data rows. */
  async function inspectFile(file: ImportFile, headerRows: number, sampleRows = SAMPLE_ROWS) {
    let columns: string[] = [];
    const headers: string[][] = [];
    const sample: string[][] = [];
    for await (const { row, cells } of sourceRecords(file.path, file.format ?? formatOf(file.fileName))) {
      if (row === 1) columns = columnNames(cells);
      else if (row <= headerRows) headers.push(cells);
      else if (sample.length < sampleRows) sample.push(cells);
      if (row >= headerRows && sample.length >= sampleRows) break;
    }
    if (columns.length === 0) throw new ValidationError('The file is empty: export the responses with a header row.');
    return { columns, headers, sample };
  }

  /** What the mapping screen shows of a file: its columns, extra header rows and first data rows. */
  async function inspect(actor: StaffUser | null, surveyId: number, file: ImportFile, headerRows = 1) {
    await importableSurvey(actor, surveyId);
    return inspectFile(file, headerRows);
  }

  /** What a mapping maps onto: the survey's instrument, its workflows and the organization's units. */
  async function target(actor: StaffUser | null, surveyId: number) {
    const survey = await importableSurvey(actor, surveyId);
    const [stored, units] = await Promise.all([
      findInstrumentById(db, survey.instrumentId),
      listUnits(db, survey.organizationId),
    ]);
    if (!stored) throw new Error(`Survey ${survey.id} has no instrument`);
    return { survey, instrument: stored.instrument, units };
  }

  /** Maps every row of the file and lists the errors; writes nothing. */
  async function preview(
    actor: StaffUser | null,
    surveyId: number,
    file: ImportFile,
    mapping: ImportMapping,
  ): Promise<ImportPreview> {
    const survey = await importableSurvey(actor, surveyId);
    const { compiled, columnCount } = await compile(survey, file, mapping);
    const checked = await check(file, mapping, compiled, columnCount);
    const duplicate = (await findResponseImport(db, survey.id, await fileHash(file.path))) ?? null;
    return { ...checked, duplicate };
  }

  /**
   * Imports the file into the survey, all or nothing. Throws ConflictError for a file already imported
   * into it, ImportRowsError when any row has an error (nothing stored), NotFoundError when the actor
   * may not import into the survey. `onProgress` hears each phase's rows as they pass.
   */
  async function run(
    actor: StaffUser | null,
    surveyId: number,
    file: ImportFile,
    mapping: ImportMapping,
    onProgress?: ImportProgress,
  ): Promise<ImportResult> {
    const survey = await importableSurvey(actor, surveyId);
    const contentHash = await fileHash(file.path);
    const earlier = await findResponseImport(db, survey.id, contentHash);
    if (earlier) throw new ConflictError(duplicateMessage(earlier), 'Already imported');
    const { compiled, columnCount } = await compile(survey, file, mapping);
    const checked = await check(file, mapping, compiled, columnCount, onProgress);
    if (checked.errorCount > 0) throw new ImportRowsError({ ...checked, duplicate: null });
    try {
      return await db.transaction(async (trx) => {
        const importId = await insertResponseImport(trx, {
          organizationId: survey.organizationId,
          surveyId: survey.id,
          userId: actor?.id ?? null,
          contentHash,
          fileName: file.fileName,
          rows: checked.valid,
          createdAt: clock(),
        });
        let stored = 0;
        let batch: NewResponse[] = [];
        const flush = async () => {
          await insertResponses(trx, batch, compiled.itemIds);
          stored += batch.length;
          batch = [];
          onProgress?.('importing', stored, checked.valid);
        };
        for await (const { row, cells } of dataRows(file, mapping.headerRows)) {
          const result = compiled.mapRow(cells, row);
          if (!result.ok) throw new ValidationError(`Row ${row} changed while it was imported: nothing was imported.`);
          batch.push({ ...result.response, surveyId: survey.id });
          if (batch.length >= BATCH_ROWS) await flush();
        }
        await flush();
        if (stored !== checked.valid)
          throw new ValidationError('The file changed while it was imported: nothing was imported.');
        return { importId, surveyId: survey.id, responses: stored };
      });
    } catch (error) {
      // Two imports of one file at once: the second fails on the unique (survey, hash) index.
      const winner = await findResponseImport(db, survey.id, contentHash);
      if (winner) throw new ConflictError(duplicateMessage(winner), 'Already imported');
      throw error;
    }
  }

  /** The survey's imports, newest first. */
  async function list(actor: StaffUser | null, surveyId: number): Promise<ResponseImport[]> {
    const survey = await importableSurvey(actor, surveyId);
    return listResponseImports(db, survey.id);
  }

  return { inspect, target, preview, run, list };
}

export type SurveyImportService = ReturnType<typeof createSurveyImportService>;
