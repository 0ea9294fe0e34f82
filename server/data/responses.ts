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
}

/** Stores a response: its answers JSON and their answer codes for `itemIds`, the survey instrument's items in order. */
export async function insertResponse(db: Knex, response: NewResponse, itemIds: readonly string[]): Promise<number> {
  const rows = await db('responses')
    .insert({
      survey_id: response.surveyId,
      unit_id: response.unitId,
      workflow: response.workflow,
      role_level: response.roleLevel,
      submitted_on: response.submittedOn,
      answers: JSON.stringify(response.answers),
      answer_codes: answerCodes(itemIds, response.answers),
      comment: response.comment,
      quality_flag: response.qualityFlag ?? null,
    })
    .returning('id');
  return insertedId(rows);
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
  }));
}
