/**
 * The queries behind a survey report: its data version (one cheap indexed query that any app server
 * answers the same way), the response rows the analysis reads, and invitation counts per unit.
 */
import type { Knex } from 'knex';
import { columnsById, readAnswerCodes, readAnswersInto, UnreadableAnswersError } from './answer-columns.js';

/**
 * Changes whenever a response or an invitation of the survey is added, used or removed: counts and
 * max ids of both tables, plus the number of used invitations. Read through the survey_id indexes.
 */
export interface SurveyDataVersion {
  readonly responses: number;
  readonly maxResponseId: number;
  readonly invitations: number;
  readonly maxInvitationId: number;
  readonly invitationsUsed: number;
}

/** The survey's data version in one round trip (subqueries on the indexed survey_id columns). */
export async function surveyDataVersion(db: Knex, surveyId: number): Promise<SurveyDataVersion> {
  const responses = db('responses').where({ survey_id: surveyId });
  const invitations = db('invitations').where({ survey_id: surveyId });
  const row = (await db
    .select({
      responses: responses.clone().count('*'),
      maxResponseId: responses.clone().max('id'),
      invitations: invitations.clone().count('*'),
      maxInvitationId: invitations.clone().max('id'),
      invitationsUsed: invitations.clone().where({ used: true }).count('*'),
    })
    .first()) as Record<keyof SurveyDataVersion, number | string | null> | undefined;
  const num = (v: number | string | null | undefined) => Number(v ?? 0);
  return {
    responses: num(row?.responses),
    maxResponseId: num(row?.maxResponseId),
    invitations: num(row?.invitations),
    maxInvitationId: num(row?.maxInvitationId),
    invitationsUsed: num(row?.invitationsUsed),
  };
}

export interface ReportRow {
  readonly unitId: number | null;
  readonly workflow: string | null;
  readonly comment: string | null;
}

/** A survey's responses for the analysis: the rows, their answers as item columns, and the latest day. */
export interface ReportData {
  /** In insertion order. */
  readonly rows: readonly ReportRow[];
  /** Item id → one value per row, NaN = not answered (as analysis/scoring.ts `itemColumnsFromRows`). */
  readonly answers: Record<string, Float64Array>;
  /** 'YYYY-MM-DD' of the latest response; null without responses. */
  readonly lastSubmissionDay: string | null;
}

interface RawRow {
  unit_id: number | string | null;
  workflow: string | null;
  answer_codes: string | null;
  comment: string | null;
}

/**
 * Every response of the survey with the fields the analysis needs, in insertion order, the answers
 * read straight into columns for `itemIds` from the answer codes (server/data/answer-columns.ts);
 * rows without usable codes (stored before the column existed, or with an answer that does not fit a
 * digit) are read from the answers JSON, fetched only when some row needs it. And the latest
 * submission day from the database. Throws, naming the response, on answers that are not JSON or
 * not numbers.
 */
export async function loadReportData(db: Knex, surveyId: number, itemIds: readonly string[]): Promise<ReportData> {
  const [raw, last] = await Promise.all([
    db('responses').where({ survey_id: surveyId }).orderBy('id').select('unit_id', 'workflow', 'answer_codes', 'comment') as Promise<RawRow[]>,
    db('responses').where({ survey_id: surveyId }).max({ day: 'submitted_on' }).first() as Promise<{ day: string | null } | undefined>,
  ]);
  const n = raw.length;
  const cols = itemIds.map(() => new Float64Array(n).fill(NaN));
  const fromJson: number[] = [];
  for (let r = 0; r < n; r++) if (!readAnswerCodes(raw[r].answer_codes, cols, r)) fromJson.push(r);
  if (fromJson.length > 0) {
    // The same rows in the same order (one more query, only for surveys with rows lacking codes).
    const texts: string[] = await db('responses').where({ survey_id: surveyId }).orderBy('id').pluck('answers');
    if (texts.length !== n) throw new Error(`Survey ${surveyId} received or lost responses while its report was read; load the report again.`);
    try {
      readAnswersInto(fromJson.map((r) => texts[r]), itemIds, cols, fromJson);
    } catch (error) {
      if (error instanceof UnreadableAnswersError) throw new Error(`Response ${error.row + 1} of survey ${surveyId} has unreadable answers JSON; fix or delete that row.`);
      throw error;
    }
  }
  const rows = raw.map((r) => ({ unitId: r.unit_id === null ? null : Number(r.unit_id), workflow: r.workflow, comment: r.comment }));
  return { rows, answers: columnsById(itemIds, cols), lastSubmissionDay: last?.day ?? null };
}
