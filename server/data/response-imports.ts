/**
 * Queries on response_imports: the files imported into a survey from other survey tools, one row each,
 * unique per survey and content hash (a second import of the same file fails on the index).
 */
import type { Knex } from 'knex';
import { insertedId, toDate } from './values.js';

export interface ResponseImport {
  readonly id: number;
  readonly organizationId: number;
  readonly surveyId: number;
  readonly userId: number | null;
  readonly contentHash: string;
  readonly fileName: string;
  readonly rows: number;
  readonly createdAt: Date;
}

interface Row {
  id: number;
  organization_id: number;
  survey_id: number;
  user_id: number | null;
  content_hash: string;
  file_name: string;
  rows: number;
  created_at: unknown;
}

function fromRow(row: Row): ResponseImport {
  return {
    id: row.id,
    organizationId: row.organization_id,
    surveyId: row.survey_id,
    userId: row.user_id,
    contentHash: row.content_hash,
    fileName: row.file_name,
    rows: Number(row.rows),
    createdAt: toDate(row.created_at)!,
  };
}

export async function insertResponseImport(
  db: Knex,
  record: Omit<ResponseImport, 'id' | 'createdAt'> & { createdAt: Date },
): Promise<number> {
  const rows = await db('response_imports')
    .insert({
      organization_id: record.organizationId,
      survey_id: record.surveyId,
      user_id: record.userId,
      content_hash: record.contentHash,
      file_name: record.fileName.slice(0, 255),
      rows: record.rows,
      created_at: record.createdAt,
    })
    .returning('id');
  return insertedId(rows);
}

/** The import of this file (by hash) into the survey, if there was one. */
export async function findResponseImport(db: Knex, surveyId: number, contentHash: string): Promise<ResponseImport | undefined> {
  const row = await db<Row>('response_imports').where({ survey_id: surveyId, content_hash: contentHash }).first();
  return row ? fromRow(row) : undefined;
}

/** The survey's imports, newest first. */
export async function listResponseImports(db: Knex, surveyId: number): Promise<ResponseImport[]> {
  const rows = await db<Row>('response_imports').where({ survey_id: surveyId }).orderBy('id', 'desc');
  return rows.map(fromRow);
}
