/** Queries on the surveys table (one survey = one wave of one instrument in one organization). */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { unitFromRow, type Unit, type UnitKind } from './units.js';
import { insertedId, parseJsonColumn, toDate } from './values.js';

export type SurveyStatus = 'draft' | 'open' | 'closed';
export type SurveyAccess = 'open' | 'invitation';

export interface Survey {
  readonly id: number;
  readonly organizationId: number;
  readonly instrumentId: number;
  /** Public short code: the respondent URL is /s/:code. */
  readonly code: string;
  readonly title: string;
  readonly status: SurveyStatus;
  readonly opensAt: Date | null;
  readonly closesAt: Date | null;
  readonly anonymityThreshold: number;
  readonly commentThreshold: number;
  readonly access: SurveyAccess;
  readonly workflows: readonly string[];
  readonly createdAt: Date;
}

interface Row {
  id: number;
  organization_id: number;
  instrument_id: number;
  code: string;
  title: string;
  status: SurveyStatus;
  opens_at: unknown;
  closes_at: unknown;
  anonymity_threshold: number;
  comment_threshold: number;
  access: SurveyAccess;
  workflows: string;
  created_at: unknown;
}

function fromRow(row: Row): Survey {
  return {
    id: row.id,
    organizationId: row.organization_id,
    instrumentId: row.instrument_id,
    code: row.code,
    title: row.title,
    status: row.status,
    opensAt: toDate(row.opens_at),
    closesAt: toDate(row.closes_at),
    anonymityThreshold: row.anonymity_threshold,
    commentThreshold: row.comment_threshold,
    access: row.access,
    workflows: parseJsonColumn<string[]>(row.workflows, 'surveys.workflows'),
    createdAt: toDate(row.created_at)!,
  };
}

/** A random, URL-safe public code of 10 characters (60 bits). */
export function newSurveyCode(): string {
  return randomBytes(8).toString('base64url').slice(0, 10);
}

export interface NewSurvey {
  organizationId: number;
  instrumentId: number;
  title: string;
  code?: string;
  status?: SurveyStatus;
  opensAt?: Date | null;
  closesAt?: Date | null;
  anonymityThreshold?: number;
  commentThreshold?: number;
  access?: SurveyAccess;
  workflows?: readonly string[];
}

/** Inserts a survey (a fresh random code unless one is given); resolves to its id. */
export async function insertSurvey(db: Knex, survey: NewSurvey): Promise<number> {
  const rows = await db('surveys')
    .insert({
      organization_id: survey.organizationId,
      instrument_id: survey.instrumentId,
      code: survey.code ?? newSurveyCode(),
      title: survey.title,
      status: survey.status ?? 'draft',
      // ISO strings sort and compare the same on both dialects.
      opens_at: survey.opensAt ? survey.opensAt.toISOString() : null,
      closes_at: survey.closesAt ? survey.closesAt.toISOString() : null,
      anonymity_threshold: survey.anonymityThreshold ?? 5,
      comment_threshold: survey.commentThreshold ?? 10,
      access: survey.access ?? 'open',
      workflows: JSON.stringify(survey.workflows ?? []),
    })
    .returning('id');
  return insertedId(rows);
}

export async function findSurveyByCode(db: Knex, code: string): Promise<Survey | undefined> {
  const row = await db<Row>('surveys').where({ code }).first();
  return row ? fromRow(row) : undefined;
}

/**
 * The survey with this code and every unit of its organization (ordered as listUnits orders them), in
 * one query: what the respondent form needs on every request.
 */
export async function findSurveyWithUnitsByCode(db: Knex, code: string): Promise<{ survey: Survey; units: Unit[] } | undefined> {
  const rows: (Row & { u_id: number | null; u_parent_id: number | null; u_name: string; u_kind: UnitKind; u_headcount: number | null; u_archived_at: unknown })[] = await db('surveys')
    .leftJoin('units', 'units.organization_id', 'surveys.organization_id')
    .where('surveys.code', code)
    .orderBy('units.name')
    .orderBy('units.id')
    .select('surveys.*', { u_id: 'units.id', u_parent_id: 'units.parent_id', u_name: 'units.name', u_kind: 'units.kind', u_headcount: 'units.headcount', u_archived_at: 'units.archived_at' });
  if (rows.length === 0) return undefined;
  const survey = fromRow(rows[0]);
  const units = rows
    .filter((row) => row.u_id !== null)
    .map((row): Unit =>
      unitFromRow({ id: row.u_id!, organization_id: survey.organizationId, parent_id: row.u_parent_id, name: row.u_name, kind: row.u_kind, headcount: row.u_headcount, archived_at: row.u_archived_at }),
    );
  return { survey, units };
}

/**
 * The survey row read inside `trx` with a row lock on PostgreSQL (SELECT … FOR UPDATE), held until the
 * transaction ends: a submission and a close of the same survey then run one after the other. SQLite
 * needs no lock: its single connection runs one transaction at a time.
 */
export async function findSurveyForUpdate(trx: Knex.Transaction, id: number): Promise<Survey | undefined> {
  const query = trx<Row>('surveys').where({ id });
  if (trx.client.config.client === 'pg') query.forUpdate();
  const row = await query.first();
  return row ? fromRow(row as Row) : undefined;
}

/**
 * The surveys `ids` under a shared lock (FOR SHARE on PostgreSQL), in one query: id → survey, absent
 * when deleted. Submissions hold it, so they never wait for one another, while opening or closing
 * (FOR UPDATE, findSurveyForUpdate) waits for those in flight and every later submission waits for the close.
 */
export async function findSurveysForShare(trx: Knex.Transaction, ids: readonly number[]): Promise<Map<number, Survey>> {
  const query = trx<Row>('surveys').whereIn('id', [...ids]);
  if (trx.client.config.client === 'pg') query.forShare();
  const rows = (await query) as Row[];
  return new Map(rows.map((row) => [row.id, fromRow(row)]));
}

export async function findSurveyById(db: Knex, id: number): Promise<Survey | undefined> {
  const row = await db<Row>('surveys').where({ id }).first();
  return row ? fromRow(row) : undefined;
}

export async function listSurveys(db: Knex, organizationId: number): Promise<Survey[]> {
  const rows = await db<Row>('surveys').where({ organization_id: organizationId }).orderBy('created_at', 'desc').orderBy('id', 'desc');
  return rows.map(fromRow);
}

export async function updateSurveyStatus(db: Knex, id: number, status: SurveyStatus): Promise<void> {
  await db('surveys').where({ id }).update({ status });
}

/** Opens the organization's survey: status open, with the opening and closing times given (ISO strings, as insertSurvey stores them). */
export async function markSurveyOpen(db: Knex, organizationId: number, id: number, times: { opensAt: Date; closesAt: Date | null }): Promise<void> {
  await db('surveys')
    .where({ id, organization_id: organizationId })
    .update({ status: 'open', opens_at: times.opensAt.toISOString(), closes_at: times.closesAt ? times.closesAt.toISOString() : null });
}

/** Closes the organization's survey: status closed, closes_at = `closesAt`. */
export async function markSurveyClosed(db: Knex, organizationId: number, id: number, closesAt: Date): Promise<void> {
  await db('surveys').where({ id, organization_id: organizationId }).update({ status: 'closed', closes_at: closesAt.toISOString() });
}

/** How many open or closed surveys with at least one response each organization id has (absent: none). */
export async function countSurveysWithResponses(db: Knex, organizationIds: readonly number[]): Promise<Map<number, number>> {
  if (organizationIds.length === 0) return new Map();
  const rows: { organization_id: number | string; n: number | string }[] = await db('surveys')
    .whereIn('organization_id', [...organizationIds])
    .whereIn('status', ['open', 'closed'])
    .whereExists(db('responses').whereRaw('responses.survey_id = surveys.id').select(db.raw('1')))
    .groupBy('organization_id')
    .select('organization_id')
    .count({ n: '*' });
  return new Map(rows.map((r) => [Number(r.organization_id), Number(r.n)]));
}

/**
 * The most recent open or closed survey with at least one response, per organization id (organizations
 * without one are absent), in one query: newest by created_at, then by id.
 */
export async function latestSurveysWithResponses(db: Knex, organizationIds: readonly number[]): Promise<Map<number, Survey>> {
  if (organizationIds.length === 0) return new Map();
  const rows: Row[] = await db<Row>('surveys')
    .whereIn('organization_id', [...organizationIds])
    .whereIn('status', ['open', 'closed'])
    .whereExists(db('responses').whereRaw('responses.survey_id = surveys.id').select(db.raw('1')))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .select('surveys.*');
  const latest = new Map<number, Survey>();
  for (const row of rows) {
    const survey = fromRow(row);
    if (!latest.has(survey.organizationId)) latest.set(survey.organizationId, survey);
  }
  return latest;
}

/** Sets the editable settings of the organization's survey (title, workflows, anonymity threshold). */
export async function updateSurveySettings(
  db: Knex,
  organizationId: number,
  id: number,
  settings: { title: string; workflows: readonly string[]; anonymityThreshold: number },
): Promise<void> {
  await db('surveys')
    .where({ id, organization_id: organizationId })
    .update({ title: settings.title, workflows: JSON.stringify(settings.workflows), anonymity_threshold: settings.anonymityThreshold });
}

/**
 * Deletes the organization's survey with its responses, invitations and report releases (each table
 * by name, then the survey row; tables added later reach it through ON DELETE CASCADE). Run it inside
 * the transaction that locked the survey row.
 */
export async function deleteSurveyWithData(trx: Knex.Transaction, organizationId: number, id: number): Promise<boolean> {
  const survey = await trx('surveys').where({ id, organization_id: organizationId }).first('id');
  if (!survey) return false;
  await trx('responses').where({ survey_id: id }).del();
  await trx('invitations').where({ survey_id: id }).del();
  await trx('report_releases').where({ survey_id: id }).del();
  await trx('surveys').where({ id }).del();
  return true;
}
