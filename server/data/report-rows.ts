/**
 * The queries behind a survey report: its data version (one cheap indexed query that any app server
 * answers the same way) and the released response rows the analysis reads.
 */
import type { Knex } from 'knex';
import { columnsById, readAnswerCodes, readAnswersInto, UnreadableAnswersError } from './answer-columns.js';

/**
 * What a cached report depends on besides the survey's settings: its latest release and the
 * invitations sent (their count and max id). Responses waiting for a release do not change it.
 */
export interface SurveyDataVersion {
  /** The latest report release's id (0 before the first). */
  readonly releaseId: number;
  readonly invitations: number;
  readonly maxInvitationId: number;
}

/** The survey's data version in one round trip (subqueries on the indexed survey_id columns). */
export async function surveyDataVersion(db: Knex, surveyId: number): Promise<SurveyDataVersion> {
  const invitations = db('invitations').where({ survey_id: surveyId });
  const row = (await db
    .select({
      releaseId: db('report_releases').where({ survey_id: surveyId }).max('id'),
      invitations: invitations.clone().count('*'),
      maxInvitationId: invitations.clone().max('id'),
    })
    .first()) as Record<keyof SurveyDataVersion, number | string | null> | undefined;
  const num = (v: number | string | null | undefined) => Number(v ?? 0);
  return { releaseId: num(row?.releaseId), invitations: num(row?.invitations), maxInvitationId: num(row?.maxInvitationId) };
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
  /** Item id → one value per row, NaN = not answered (as analysis/scales/scoring.ts `itemColumnsFromRows`). */
  readonly answers: Record<string, Float64Array>;
  /** Released responses left out of the figures for their quality flag. */
  readonly excludedLowQuality: number;
}

interface RawRow {
  unit_id: number | string | null;
  workflow: string | null;
  answer_codes: string | null;
  comment: string | null;
}

/** The survey's released responses that enter the figures: released, no quality flag. */
function usableRows(db: Knex, surveyId: number) {
  return db('responses').where({ survey_id: surveyId }).whereNotNull('release_id').whereNull('quality_flag');
}

/**
 * The survey's released, unflagged responses with the fields the analysis needs, in insertion order,
 * the answers read straight into columns for `itemIds` from the answer codes
 * (server/data/answer-columns.ts); rows without usable codes (stored before the column existed, or
 * with an answer that does not fit a digit) are read from the answers JSON, fetched only when some
 * row needs it. And the count of released responses left out for their quality flag. Throws, naming
 * the response, on answers that are not JSON or not numbers.
 */
export async function loadReportData(db: Knex, surveyId: number, itemIds: readonly string[]): Promise<ReportData> {
  const [raw, flagged] = await Promise.all([
    usableRows(db, surveyId).orderBy('id').select('unit_id', 'workflow', 'answer_codes', 'comment') as Promise<RawRow[]>,
    db('responses').where({ survey_id: surveyId }).whereNotNull('release_id').whereNotNull('quality_flag').count({ n: '*' }).first() as Promise<{ n: number | string } | undefined>,
  ]);
  const n = raw.length;
  const cols = itemIds.map(() => new Float64Array(n).fill(NaN));
  const fromJson: number[] = [];
  for (let r = 0; r < n; r++) if (!readAnswerCodes(raw[r].answer_codes, cols, r)) fromJson.push(r);
  if (fromJson.length > 0) {
    // The same rows in the same order (one more query, only for surveys with rows lacking codes).
    const texts: string[] = await usableRows(db, surveyId).orderBy('id').pluck('answers');
    if (texts.length !== n) throw new Error(`Survey ${surveyId} was released again while its report was read; load the report again.`);
    try {
      readAnswersInto(fromJson.map((r) => texts[r]), itemIds, cols, fromJson);
    } catch (error) {
      if (error instanceof UnreadableAnswersError) throw new Error(`Response ${error.row + 1} of survey ${surveyId} has unreadable answers JSON; fix or delete that row.`);
      throw error;
    }
  }
  const rows = raw.map((r) => ({ unitId: r.unit_id === null ? null : Number(r.unit_id), workflow: r.workflow, comment: r.comment }));
  return { rows, answers: columnsById(itemIds, cols), excludedLowQuality: Number(flagged?.n ?? 0) };
}
