/**
 * Queries on the responses table. A response holds the answers and the segment fields only: no IP
 * address, user agent, email, invitation id, or time finer than the day.
 */
import type { Knex } from 'knex';
import { answerCodes } from './answer-columns.js';
import { insertedId, parseJsonColumn } from './values.js';

export interface NewResponse {
  readonly surveyId: number;
  readonly unitId: number | null;
  readonly workflow: string | null;
  readonly roleLevel: string | null;
  /** 'YYYY-MM-DD' */
  readonly submittedOn: string;
  /** item id → answer on the instrument's Likert range */
  readonly answers: Readonly<Record<string, number>>;
  readonly comment: string | null;
  /** The data-quality verdict (analysis/scales/quality-flags.ts), null for none; only the verdict, never a time. */
  readonly qualityFlag?: string | null;
  /** BCP 47 tag of the language answered in; null or absent for the instrument's own language before languages existed. */
  readonly language?: string | null;
  /** Demographic answers (question id → option text in the instrument's own language); absent or empty for none. */
  readonly demographics?: Readonly<Record<string, string>> | null;
}

export interface StoredResponse extends NewResponse {
  readonly id: number;
}

interface Row {
  id: number;
  survey_id: number;
  unit_id: number | null;
  workflow: string | null;
  role_level: string | null;
  submitted_on: string;
  answers: string;
  comment: string | null;
  language: string | null;
  demographics: string | null;
}

function toRow(response: NewResponse, itemIds: readonly string[]) {
  return {
    survey_id: response.surveyId,
    unit_id: response.unitId,
    workflow: response.workflow,
    role_level: response.roleLevel,
    submitted_on: response.submittedOn,
    answers: JSON.stringify(response.answers),
    answer_codes: answerCodes(itemIds, response.answers),
    comment: response.comment,
    quality_flag: response.qualityFlag ?? null,
    language: response.language ?? null,
    demographics:
      response.demographics && Object.keys(response.demographics).length > 0 ? JSON.stringify(response.demographics) : null,
  };
}

/** Stores a response: its answers JSON and their answer codes for `itemIds`, the survey instrument's items in order. */
export async function insertResponse(db: Knex, response: NewResponse, itemIds: readonly string[]): Promise<number> {
  const rows = await db('responses').insert(toRow(response, itemIds)).returning('id');
  return insertedId(rows);
}

/** Rows per INSERT in insertResponses: 11 columns × 80 rows stays below SQLite's 999 bound parameters. */
const BATCH_SIZE = 80;

/** Stores many responses (as insertResponse does one), a batch of rows per INSERT; pass a transaction to store all or none. */
export async function insertResponses(db: Knex, responses: readonly NewResponse[], itemIds: readonly string[]): Promise<void> {
  for (let start = 0; start < responses.length; start += BATCH_SIZE) {
    await db('responses').insert(responses.slice(start, start + BATCH_SIZE).map((r) => toRow(r, itemIds)));
  }
}

/** Stores responses of possibly different surveys, each with its instrument's item ids, a batch of rows per INSERT. */
export async function insertResponsesOf(
  db: Knex,
  entries: readonly { readonly response: NewResponse; readonly itemIds: readonly string[] }[],
): Promise<void> {
  for (let start = 0; start < entries.length; start += BATCH_SIZE) {
    await db('responses').insert(entries.slice(start, start + BATCH_SIZE).map((e) => toRow(e.response, e.itemIds)));
  }
}

/** How many responses the survey holds (released or not, flagged or not). */
export async function countResponses(db: Knex, surveyId: number): Promise<number> {
  const row = await db('responses').where({ survey_id: surveyId }).count<{ n: number | string }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Every response of a survey, in insertion order. */
export async function listResponses(db: Knex, surveyId: number): Promise<StoredResponse[]> {
  const rows = await db<Row>('responses').where({ survey_id: surveyId }).orderBy('id');
  return rows.map((row) => ({
    id: row.id,
    surveyId: row.survey_id,
    unitId: row.unit_id,
    workflow: row.workflow,
    roleLevel: row.role_level,
    submittedOn: row.submitted_on,
    answers: parseJsonColumn<Record<string, number>>(row.answers, 'responses.answers'),
    comment: row.comment,
    language: row.language,
    demographics: row.demographics === null ? null : parseJsonColumn<Record<string, string>>(row.demographics, 'responses.demographics'),
  }));
}
