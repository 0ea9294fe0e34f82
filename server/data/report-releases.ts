/**
 * Queries behind report releases (analysis/anonymity/release-rule.ts): the responses still waiting for a
 * release, the latest release, and cutting a new one. The service locks the survey row first
 * (data/surveys.ts findSurveyForUpdate) so two app servers cannot cut the same release.
 */
import type { Knex } from 'knex';
import { insertedId } from './values.js';

export interface Release {
  readonly id: number;
  /** 'YYYY-MM-DD' */
  readonly releasedOn: string;
  /** Responses released so far, this release included (flagged ones too). */
  readonly responses: number;
}

export interface WaitingRow {
  readonly id: number;
  readonly unitId: number | null;
  readonly workflow: string | null;
  readonly flagged: boolean;
  /** The cut answers as stored (demographics as its JSON text). */
  readonly roleLevel: string | null;
  readonly language: string | null;
  readonly demographics: string | null;
}

/** Ids per UPDATE … WHERE id IN (…): below SQLite's 999 bound parameters. */
const CHUNK = 500;

/** The survey's newest release, or null before the first. */
export async function latestRelease(db: Knex, surveyId: number): Promise<Release | null> {
  const row = (await db('report_releases').where({ survey_id: surveyId }).orderBy('id', 'desc').first('id', 'released_on', 'responses')) as
    | { id: number | string; released_on: string; responses: number | string }
    | undefined;
  return row ? { id: Number(row.id), releasedOn: row.released_on, responses: Number(row.responses) } : null;
}

/** Released responses that enter the figures (no quality flag). */
export async function countUsableReleased(db: Knex, surveyId: number): Promise<number> {
  const row = (await db('responses').where({ survey_id: surveyId }).whereNotNull('release_id').whereNull('quality_flag').count({ n: '*' }).first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}

/** Responses not yet in any release, in insertion order. */
export async function waitingResponses(db: Knex, surveyId: number): Promise<WaitingRow[]> {
  const rows: {
    id: number | string;
    unit_id: number | string | null;
    workflow: string | null;
    quality_flag: string | null;
    role_level: string | null;
    language: string | null;
    demographics: string | null;
  }[] = await db('responses')
    .where({ survey_id: surveyId })
    .whereNull('release_id')
    .orderBy('id')
    .select('id', 'unit_id', 'workflow', 'quality_flag', 'role_level', 'language', 'demographics');
  return rows.map((r) => ({
    id: Number(r.id),
    unitId: r.unit_id === null ? null : Number(r.unit_id),
    workflow: r.workflow,
    flagged: r.quality_flag !== null,
    roleLevel: r.role_level,
    language: r.language,
    demographics: r.demographics,
  }));
}

/** Records a release of `ids` (waiting responses of the survey) and returns it. */
export async function cutRelease(trx: Knex, surveyId: number, ids: readonly number[], releasedOn: string): Promise<Release> {
  const before = await latestRelease(trx, surveyId);
  const responses = (before?.responses ?? 0) + ids.length;
  const id = insertedId(await trx('report_releases').insert({ survey_id: surveyId, released_on: releasedOn, responses }).returning('id'));
  for (let i = 0; i < ids.length; i += CHUNK) {
    await trx('responses').where({ survey_id: surveyId }).whereNull('release_id').whereIn('id', ids.slice(i, i + CHUNK)).update({ release_id: id });
  }
  return { id, releasedOn, responses };
}
