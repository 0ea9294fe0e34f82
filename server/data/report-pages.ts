/**
 * A survey's report rows read a page at a time, each page as one row of a few strings instead of one
 * object per response: the database concatenates the page's fixed-width records in id order
 * (SQLite `group_concat(… ORDER BY id)`, PostgreSQL `string_agg(… ORDER BY id)`), so a million
 * responses cost a few hundred queries and strings, not a million row objects (the driver's row
 * objects, not the query, were most of the time and memory of reading a large survey).
 *
 * A page holds the released responses (flagged ones too, counted) with `after < id ≤ upTo` and release
 * id at most `releaseId`, the first `limit` of them by id: the bound on the release keeps every page
 * of one read in the same release, whatever is released meanwhile, and the bound on the id keeps a
 * page an index range even when PostgreSQL's statistics are stale (after a bulk import, a plan that
 * scans and sorts the rest of the survey looks cheap to it). Records cover the unflagged ones.
 */
import type { Knex } from 'knex';

/** Workflow code of a response without a workflow, and of one whose workflow is not in the list given. */
export const NO_WORKFLOW = 0xfffe;
export const UNLISTED_WORKFLOW = 0xffff;
/** Code characters of a response whose answer codes are missing or malformed: read its answers JSON. */
export const FROM_JSON = '!';
/** Characters after the codes in a record: the unit id (8 hex digits, 0 = none), the workflow code (4). */
export const RECORD_TAIL = 12;
/** Separators of `Page.groups`: between a row's fields (role level, language, demographics JSON), and between rows. */
export const GROUP_FIELD = '\u001e';
export const GROUP_ROW = '\u001f';

export interface PageQuery {
  readonly surveyId: number;
  /** Only responses of this release or an earlier one. */
  readonly releaseId: number;
  /** Only responses with a larger id, up to `upTo`. */
  readonly after: number;
  readonly upTo: number;
  /** Released responses per page, flagged ones included. */
  readonly limit: number;
  /** Items of the instrument: the length of well-formed answer codes. */
  readonly items: number;
  /** Workflows coded by their index here. */
  readonly workflows: readonly string[];
}

export interface Page {
  /** Released responses in the page, flagged ones included; 0 past the last page. */
  readonly seen: number;
  /** The largest id in the page. */
  readonly last: number;
  readonly flagged: number;
  /**
   * One record per unflagged response, in id order: `items` answer code characters
   * (server/data/answer-columns.ts; `FROM_JSON` repeated when the codes are missing or malformed),
   * then the unit id and the workflow code in hex (`RECORD_TAIL`).
   */
  readonly records: string;
  /** The comments of the unflagged responses that have one, in no particular order. */
  readonly comments: string[];
  /**
   * Per unflagged response, in id order, joined by `GROUP_ROW`: its role level, language and
   * demographics JSON ('' for null), joined by `GROUP_FIELD`. Few distinct values: the caller codes them.
   */
  readonly groups: string;
}

const isPostgres = (db: Knex) => db.client.config.client === 'pg';

/** The page's rows: released through `releaseId`, after `after`, by id, at most `limit`. */
function pageRows(db: Knex, q: Pick<PageQuery, 'surveyId' | 'releaseId' | 'after' | 'upTo' | 'limit'>) {
  return db('responses')
    .select('id', 'unit_id', 'workflow', 'answer_codes', 'comment', 'quality_flag', 'role_level', 'language', 'demographics')
    .where({ survey_id: q.surveyId })
    .whereNotNull('release_id')
    .where('release_id', '<=', q.releaseId)
    .where('id', '>', q.after)
    .where('id', '<=', q.upTo)
    // In the order of the index on (survey_id, id), so a page is an index range, not a sort of the survey.
    .orderBy([{ column: 'survey_id' }, { column: 'id' }])
    .limit(q.limit);
}

/** The record of one row (see `Page.records`), in the dialect's SQL, with its bindings. */
function recordSql(db: Knex, q: PageQuery): { sql: string; bindings: (string | number)[] } {
  const pg = isPostgres(db);
  // Codes of exactly `items` bytes: ASCII when they are `items` characters too, so every record has
  // the same width in JavaScript's characters; a character outside the format is caught as the
  // codes are decoded (answer-columns.ts `decodeAnswerCodes`), and that row read from its JSON.
  const wellFormed = pg ? 'octet_length(answer_codes) = ? and length(answer_codes) = ?' : 'length(cast(answer_codes as blob)) = ? and length(answer_codes) = ?';
  const workflow = `case when workflow is null then ${NO_WORKFLOW} ${q.workflows.map((_, i) => `when workflow = ? then ${i}`).join(' ')} else ${UNLISTED_WORKFLOW} end`;
  const tail = pg
    ? `lpad(to_hex(coalesce(unit_id, 0)), 8, '0') || lpad(to_hex(${workflow}), 4, '0')`
    : `printf('%08x%04x', coalesce(unit_id, 0), ${workflow})`;
  return {
    sql: `(case when ${wellFormed} then answer_codes else ? end) || ${tail}`,
    bindings: [q.items, q.items, FROM_JSON.repeat(q.items), ...q.workflows],
  };
}

/** One page (see `Page`); `seen` is 0 past the last page. */
export async function readPage(db: Knex, q: PageQuery): Promise<Page> {
  const record = recordSql(db, q);
  const concat = isPostgres(db) ? 'string_agg' : 'group_concat';
  const jsonArray = isPostgres(db) ? 'json_agg' : 'json_group_array';
  const row = (await db
    .select({
      seen: db.raw('count(*)'),
      last: db.raw('max(id)'),
      flagged: db.raw('count(*) filter (where quality_flag is not null)'),
      records: db.raw(`${concat}(${record.sql}, '' order by id) filter (where quality_flag is null)`, record.bindings),
      comments: db.raw(`${jsonArray}(comment) filter (where quality_flag is null and comment is not null)`),
      groups: db.raw(
        `${concat}(coalesce(role_level, '') || ? || coalesce(language, '') || ? || coalesce(demographics, ''), ? order by id) filter (where quality_flag is null)`,
        [GROUP_FIELD, GROUP_FIELD, GROUP_ROW],
      ),
    })
    .from(pageRows(db, q).as('page'))
    .first()) as { seen: number | string; last: number | string | null; flagged: number | string; records: string | null; comments: string | string[] | null; groups: string | null };
  const comments = typeof row.comments === 'string' ? (JSON.parse(row.comments) as string[]) : (row.comments ?? []);
  return { seen: Number(row.seen), last: Number(row.last ?? 0), flagged: Number(row.flagged), records: row.records ?? '', comments, groups: row.groups ?? '' };
}

/** The distinct workflows (not null) of the page's unflagged responses, for codes `UNLISTED_WORKFLOW`. */
export async function pageWorkflows(db: Knex, q: PageQuery): Promise<string[]> {
  const rows = await db.from(pageRows(db, q).as('page')).whereNull('quality_flag').whereNotNull('workflow').distinct('workflow').orderBy('workflow');
  return rows.map((r: { workflow: string }) => r.workflow);
}

/**
 * The answers JSON of the page's unflagged responses in id order, for the records whose codes say
 * `FROM_JSON`; `last` is the page's last id, so the rows are the page's even if more were released.
 */
export async function pageAnswers(db: Knex, q: PageQuery, last: number): Promise<string[]> {
  return db('responses')
    .where({ survey_id: q.surveyId })
    .whereNotNull('release_id')
    .where('release_id', '<=', q.releaseId)
    .whereNull('quality_flag')
    .where('id', '>', q.after)
    .where('id', '<=', last)
    .orderBy('id')
    .pluck('answers');
}

/** The survey's smallest and largest response ids (0 and 0 for none): the range its pages cover. */
export async function responseIdRange(db: Knex, surveyId: number): Promise<{ first: number; last: number }> {
  const row = (await db('responses').where({ survey_id: surveyId }).min({ first: 'id' }).max({ last: 'id' }).first()) as { first: number | string | null; last: number | string | null } | undefined;
  return { first: Number(row?.first ?? 0), last: Number(row?.last ?? 0) };
}

/** The survey's release to read through (the given one, else the latest; 0 before the first) and how many responses it holds in all. */
export async function releaseBound(db: Knex, surveyId: number, releaseId?: number): Promise<{ id: number; responses: number }> {
  const query = db('report_releases').where({ survey_id: surveyId }).orderBy('id', 'desc').first('id', 'responses');
  if (releaseId !== undefined) query.where('id', '<=', releaseId);
  const row = (await query) as { id: number | string; responses: number | string } | undefined;
  return row ? { id: Number(row.id), responses: Number(row.responses) } : { id: 0, responses: 0 };
}
