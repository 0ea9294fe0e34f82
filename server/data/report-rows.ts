/**
 * The queries behind a survey report: its data version (one cheap indexed query that any app server
 * answers the same way) and the released response rows the analysis reads.
 */
import type { Knex } from 'knex';
import { columnsById, readAnswersInto, UnreadableAnswersError, type ItemColumn } from './answer-columns.js';
import type { ResponseGroups } from '../../analysis/report/report-responses.js';
import { createReportColumns } from './report-columns.js';
import { createGroupCoder } from './report-groups.js';
import { pageAnswers, pageWorkflows, readPage, RECORD_TAIL, releaseBound, responseIdRange } from './report-pages.js';

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

/** A survey's usable responses for the analysis, as columns (no object per response), in insertion order. */
export interface ReportData {
  readonly n: number;
  /** Item id → one value per response, NaN = not answered or N/A (unless `LoadOptions.notApplicable`) (as analysis/scales/scoring.ts `itemColumnsFromRows`). */
  readonly answers: Record<string, ItemColumn>;
  /** Unit id per response, −1 = none. */
  readonly unitIds: Int32Array;
  /** Workflow per response as an index into `workflows`, −1 = none. */
  readonly workflowCodes: Int32Array;
  readonly workflows: readonly string[];
  /** The comments given (not null), in no particular order. */
  readonly comments: readonly string[];
  /** Released responses left out of the figures for their quality flag. */
  readonly excludedLowQuality: number;
  /** Role level, language and demographic answers per response, as codes (server/data/report-groups.ts). */
  readonly groups: ResponseGroups;
}

export interface LoadOptions {
  /** Read through this release (default the latest). */
  readonly releaseId?: number;
  /**
   * Released responses per page (flagged ones included); default 16,384: records of about 800 KB,
   * decoded in a few milliseconds, and few enough queries (61 for a million responses).
   */
  readonly pageSize?: number;
  /** What an N/A answer (stored 0) becomes: NaN (missing, for every figure) by default; the export keeps 0 to write `NA`. */
  readonly notApplicable?: number;
}

/**
 * The survey's released, unflagged responses (through release `releaseId`, default the latest) with
 * the fields the analysis needs, in insertion order, streamed a page at a time
 * (server/data/report-pages.ts) straight into typed columns (server/data/report-columns.ts): the
 * answers from their answer codes (server/data/answer-columns.ts), or, for a row without usable
 * codes (stored before the column existed, or with an answer that does not fit a digit), from its
 * answers JSON, fetched for that page only. And the count of released responses left out for their
 * quality flag. Throws, naming the response, on answers that are not JSON or not numbers.
 */
export async function loadReportData(db: Knex, surveyId: number, itemIds: readonly string[], { releaseId, pageSize = 16384, notApplicable = NaN }: LoadOptions = {}): Promise<ReportData> {
  const [release, ids] = await Promise.all([releaseBound(db, surveyId, releaseId), responseIdRange(db, surveyId)]);
  const columns = createReportColumns(itemIds.length, release.responses, notApplicable);
  const groups = createGroupCoder(release.responses);
  const workflows: string[] = [];
  const comments: string[] = [];
  let flagged = 0;
  // Pages are id windows of `span` ids, cut at `pageSize` responses: the window grows where the
  // survey's ids are sparse (interleaved with other surveys') and shrinks where a page fills up.
  let span = pageSize;
  for (let after = ids.first - 1; release.id > 0 && after < ids.last; ) {
    const upTo = Math.min(ids.last, after + span);
    const query = { surveyId, releaseId: release.id, after, upTo, limit: pageSize, items: itemIds.length, workflows };
    let page = await readPage(db, query);
    let read = columns.append(page.records);
    if (read.unlisted) {
      // A workflow not seen before: add the page's workflows to the list and read the page again.
      for (const w of await pageWorkflows(db, query)) if (!workflows.includes(w)) workflows.push(w);
      page = await readPage(db, query);
      read = columns.append(page.records);
      if (read.unlisted) throw new Error(`Survey ${surveyId} changed while its report was read; load the report again.`);
    }
    const start = columns.n - page.records.length / (itemIds.length + RECORD_TAIL);
    groups.append(page.groups, columns.n - start);
    if (read.fromJson.length > 0) {
      const texts = await pageAnswers(db, query, page.last);
      if (start + texts.length !== columns.n) throw new Error(`Survey ${surveyId} changed while its report was read; load the report again.`);
      try {
        readAnswersInto(read.fromJson.map((i) => texts[i]), itemIds, columns.items, read.fromJson.map((i) => start + i), notApplicable);
      } catch (error) {
        if (error instanceof UnreadableAnswersError) throw new Error(`Response ${error.row + 1} of survey ${surveyId} has unreadable answers JSON; fix or delete that row.`);
        throw error;
      }
    }
    for (const c of page.comments) comments.push(c);
    flagged += page.flagged;
    if (page.seen === pageSize) {
      after = page.last;
      span = Math.max(pageSize, Math.floor(span / 2));
    } else {
      after = upTo;
      if (page.seen < pageSize / 2) span *= 2;
    }
  }
  const read = columns.finish();
  return { n: read.n, answers: columnsById(itemIds, read.items), unitIds: read.unitIds, workflowCodes: read.workflows, workflows, comments, excludedLowQuality: flagged, groups: groups.finish() };
}

/**
 * One small object per response (its unit id and workflow, '' for none) for the surfaces that walk the
 * released rows themselves (the export, the trend, a plan's effect); the report itself reads the columns.
 */
export function responseRows(data: ReportData): { readonly unitId: number | null; readonly workflow: string }[] {
  return Array.from({ length: data.n }, (_, r) => {
    const u = data.unitIds[r];
    const w = data.workflowCodes[r];
    return { unitId: u < 0 ? null : u, workflow: w < 0 ? '' : data.workflows[w] };
  });
}
