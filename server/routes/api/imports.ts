/**
 * API operations on imports of another survey tool's export into a survey (services/survey-import.ts,
 * the same service as the import pages and `readiness import`): check a file against a mapping, import
 * it all or nothing, and list the survey's imports. The file travels in the JSON body (`content`,
 * UTF-8 text for CSV or base64 for XLSX, up to the API's 2 MB body); larger files go through the
 * import page or the command line, which stream them. Row errors come back as a 422 naming each row
 * and column; a file already imported into the survey is a 409.
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { mappingSchema } from '../../services/import-mapping.js';
import type { RowError } from '../../services/import-rows.js';
import type { Services } from '../../services/index.js';
import { ImportRowsError, type ImportFile } from '../../services/survey-import.js';
import { visibleSurvey } from './lookup.js';
import { defineOperation, type ApiOperation } from './operation.js';
import { pageOf, pageQuery, paginate } from './pagination.js';
import { UnprocessableError } from './problem.js';
import { surveyParams } from './schemas.js';

const importRequestSchema = z
  .object({
    file_name: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(/\.(csv|txt|tsv|xlsx)$/i, 'Name the file with its extension: .csv, .tsv, .txt or .xlsx.')
      .meta({ description: 'The export’s file name; its extension says CSV or XLSX.' }),
    content: z.string().min(1).meta({ description: 'The file: its text for CSV, base64 for XLSX.' }),
    encoding: z.enum(['utf8', 'base64']).default('utf8'),
    mapping: mappingSchema.meta({
      id: 'ImportMapping',
      description: 'Columns to items, unit, workflow, role level and demographics, and the recoding (docs/imports.md).',
    }),
  })
  .meta({ id: 'ImportRequest' });

const rowErrorSchema = z
  .object({ row: z.number().int(), column: z.string(), value: z.string(), why: z.string() })
  .meta({ id: 'ImportRowError' });

const importCheckSchema = z
  .object({
    rows: z.number().int(),
    valid: z.number().int(),
    error_count: z.number().int(),
    errors: z.array(rowErrorSchema).meta({ description: 'The first 1,000 row errors, in file order.' }),
    already_imported: z
      .boolean()
      .meta({ description: 'True when this same file was imported into the survey before.' }),
  })
  .meta({ id: 'ImportCheck' });

const importSchema = z
  .object({
    id: z.number().int(),
    survey_id: z.number().int(),
    file_name: z.string(),
    rows: z.number().int().meta({ description: 'Responses stored from the file.' }),
    content_sha256: z.string(),
    created_at: z.string(),
  })
  .meta({ id: 'Import' });

/** One import as the service lists it. */
type ResponseImport = Awaited<ReturnType<Services['imports']['list']>>[number];

function importJson(i: ResponseImport): z.infer<typeof importSchema> {
  return {
    id: i.id,
    survey_id: i.surveyId,
    file_name: i.fileName,
    rows: i.rows,
    content_sha256: i.contentHash,
    created_at: i.createdAt.toISOString(),
  };
}

const rowErrorJson = (e: RowError) => ({ row: e.row, column: e.column, value: e.value, why: e.why });

export function importOperations({
  organizations,
  surveys,
  imports,
  importUploads,
}: Pick<Services, 'organizations' | 'surveys' | 'imports' | 'importUploads'>): ApiOperation[] {
  const tag = 'Imports';

  /** Writes the body's file to the uploads folder, runs `use` on it, and removes it whatever happens. */
  async function withFile<T>(body: z.output<typeof importRequestSchema>, use: (file: ImportFile) => Promise<T>) {
    const path = importUploads.incomingPath();
    writeFileSync(path, Buffer.from(body.content, body.encoding));
    try {
      return await use({ path, fileName: body.file_name });
    } finally {
      importUploads.discard(path);
    }
  }

  return [
    defineOperation({
      method: 'get',
      path: '/organizations/{org}/surveys/{survey}/imports',
      operationId: 'listImports',
      tag,
      summary: 'The files imported into a survey, oldest first',
      description: 'Admins and consultants of the organization.',
      params: surveyParams,
      query: pageQuery,
      success: { status: 200, description: 'A page of imports.', schema: pageOf(importSchema) },
      failures: [404],
      handle: async ({ user, params, query }) => {
        const { survey } = await visibleSurvey(organizations, surveys, user, params);
        const page = paginate((await imports.list(user, survey.id)).reverse(), (i) => i.id, query);
        return { ...page, data: page.data.map(importJson) };
      },
    }),
    defineOperation({
      method: 'post',
      path: '/organizations/{org}/surveys/{survey}/imports/check',
      operationId: 'checkImport',
      tag,
      summary: 'Check a file against a mapping; nothing is stored',
      description: 'Every row is mapped; the answer lists the row errors (row, column, value, why).',
      params: surveyParams,
      body: importRequestSchema,
      success: { status: 200, description: 'What an import of the file would do.', schema: importCheckSchema },
      failures: [400, 404],
      handle: async ({ user, params, body }) => {
        const { survey } = await visibleSurvey(organizations, surveys, user, params);
        const preview = await withFile(body, (file) => imports.preview(user, survey.id, file, body.mapping));
        return {
          rows: preview.rows,
          valid: preview.valid,
          error_count: preview.errorCount,
          errors: preview.errors.map(rowErrorJson),
          already_imported: preview.duplicate !== null,
        };
      },
    }),
    defineOperation({
      method: 'post',
      path: '/organizations/{org}/surveys/{survey}/imports',
      operationId: 'createImport',
      tag,
      summary: 'Import a file, all or nothing',
      description:
        'Stores one response per row, as submissions are, under the survey’s release rule. Any row error stores nothing (422, each row named); the same file twice is a 409.',
      params: surveyParams,
      body: importRequestSchema,
      success: { status: 201, description: 'The import.', schema: importSchema },
      failures: [400, 404, 409],
      handle: async ({ user, params, body }) => {
        const { survey } = await visibleSurvey(organizations, surveys, user, params);
        try {
          const result = await withFile(body, (file) => imports.run(user, survey.id, file, body.mapping));
          const stored = (await imports.list(user, survey.id)).find((i) => i.id === result.importId)!;
          return importJson(stored);
        } catch (error) {
          if (!(error instanceof ImportRowsError)) throw error;
          throw new UnprocessableError(
            error.message,
            error.preview.errors.map((e) => ({
              in: 'body' as const,
              name: `content.row ${e.row}.${e.column}`,
              message: `${JSON.stringify(e.value)}: ${e.why}`,
            })),
          );
        }
      },
    }),
  ];
}
