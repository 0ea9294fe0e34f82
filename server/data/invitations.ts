/**
 * Queries on the invitations table. Only the sha256 of a token is stored; an invitation is never linked
 * to the response it allowed.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { toBool, toDate } from './values.js';

export interface Invitation {
  readonly id: number;
  readonly surveyId: number;
  readonly unitId: number | null;
  readonly used: boolean;
}

interface Row {
  id: number;
  survey_id: number;
  unit_id: number | null;
  token_hash: string;
  used: unknown;
}

/** sha256 hex of an invitation token: the only form in which a token is stored or looked up. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Stores invitations; `createdAt` (default: the database's now) is stored as an ISO string, like surveys.opens_at. */
export async function insertInvitations(db: Knex, invitations: { surveyId: number; unitId: number | null; tokenHash: string }[], createdAt?: Date): Promise<void> {
  if (invitations.length === 0) return;
  const at = createdAt ? { created_at: createdAt.toISOString() } : {};
  const rows = invitations.map((i) => ({ survey_id: i.surveyId, unit_id: i.unitId, token_hash: i.tokenHash, ...at }));
  await db.batchInsert('invitations', rows, 200);
}

/** The invitation of this survey whose token hashes to `tokenHash`, if any. */
export async function findInvitation(db: Knex, surveyId: number, tokenHash: string): Promise<Invitation | undefined> {
  const row = await db<Row>('invitations').where({ survey_id: surveyId, token_hash: tokenHash }).first();
  return row ? { id: row.id, surveyId: row.survey_id, unitId: row.unit_id, used: toBool(row.used) } : undefined;
}

/** Marks the invitation used if it is not yet; resolves to false when it already was (a reuse). */
export async function markInvitationUsed(db: Knex, id: number): Promise<boolean> {
  const changed = await db('invitations').where('id', id).andWhere('used', false).update({ used: true });
  return changed === 1;
}

/** Invitations sent and used per unit id (null = without a unit). */
export async function invitationCountsByUnit(db: Knex, surveyId: number): Promise<Map<number | null, { sent: number; used: number }>> {
  const rows: { unit_id: number | null; used: unknown; n: number | string }[] = await db('invitations')
    .where({ survey_id: surveyId })
    .groupBy('unit_id', 'used')
    .select('unit_id', 'used')
    .count({ n: '*' });
  const out = new Map<number | null, { sent: number; used: number }>();
  for (const r of rows) {
    const key = r.unit_id === null ? null : Number(r.unit_id);
    const entry = out.get(key) ?? { sent: 0, used: 0 };
    entry.sent += Number(r.n);
    if (toBool(r.used)) entry.used += Number(r.n);
    out.set(key, entry);
  }
  return out;
}

/** How many invitations this survey already has for each of `unitIds` (units without any are absent). */
export async function countInvitationsForUnits(db: Knex, surveyId: number, unitIds: readonly number[]): Promise<Map<number, number>> {
  if (unitIds.length === 0) return new Map();
  const rows: { unit_id: number; n: number | string }[] = await db('invitations')
    .where({ survey_id: surveyId })
    .whereIn('unit_id', [...unitIds])
    .groupBy('unit_id')
    .select('unit_id')
    .count({ n: '*' });
  return new Map(rows.map((r) => [Number(r.unit_id), Number(r.n)]));
}

/**
 * How many of the survey's invitations were created after it first opened (0 for a survey never opened).
 * Links added once answers are coming in are how a small team gets padded past the anonymity threshold,
 * so staff pages and the report show this number. Compared in JavaScript: SQLite may hold a timestamp as
 * ISO text, as 'YYYY-MM-DD HH:MM:SS' (the column default) or as epoch milliseconds.
 */
export async function invitationsAddedAfterOpening(db: Knex, surveyId: number): Promise<number> {
  const survey = await db('surveys').where({ id: surveyId }).first('opens_at');
  const opensAt = toDate(survey?.opens_at);
  if (!opensAt) return 0;
  const created: unknown[] = await db('invitations').where({ survey_id: surveyId }).pluck('created_at');
  return created.filter((value) => toDate(value)!.getTime() > opensAt.getTime()).length;
}

/** The ids of the invitations whose token hashes are `tokenHashes`, by hash (to pair rows inserted in bulk with what they were made for). */
export async function invitationIdsByHash(db: Knex, tokenHashes: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < tokenHashes.length; i += 500) {
    const rows: { id: number; token_hash: string }[] = await db('invitations')
      .whereIn('token_hash', tokenHashes.slice(i, i + 500))
      .select('id', 'token_hash');
    for (const row of rows) out.set(row.token_hash, Number(row.id));
  }
  return out;
}

/**
 * Gives an unused invitation a new token (its hash), so a reminder can carry a working link although
 * the first token was never stored; the earlier link stops working. Resolves to false when the
 * invitation has been used meanwhile (nothing changes then).
 */
export async function replaceInvitationToken(db: Knex, id: number, tokenHash: string): Promise<boolean> {
  const changed = await db('invitations').where({ id, used: false }).update({ token_hash: tokenHash });
  return changed === 1;
}
