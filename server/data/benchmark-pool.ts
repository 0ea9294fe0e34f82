/**
 * Queries on benchmark_pool_members: which organizations consent to the benchmark pool, who gave and
 * who withdrew each consent, and when. A consent stands while its withdrawn_at is null; at most one
 * stands per organization (joining locks the organization's row on PostgreSQL; SQLite has one writer).
 */
import type { Knex } from 'knex';
import { insertedId, toDate } from './values.js';

export interface PoolConsent {
  readonly id: number;
  readonly organizationId: number;
  readonly joinedBy: string;
  readonly joinedAt: Date;
  readonly withdrawnBy: string | null;
  readonly withdrawnAt: Date | null;
}

interface Row {
  id: number;
  organization_id: number;
  joined_by_email: string;
  joined_at: unknown;
  withdrawn_by_email: string | null;
  withdrawn_at: unknown;
}

const fromRow = (r: Row): PoolConsent => ({
  id: r.id,
  organizationId: r.organization_id,
  joinedBy: r.joined_by_email,
  joinedAt: toDate(r.joined_at)!,
  withdrawnBy: r.withdrawn_by_email,
  withdrawnAt: toDate(r.withdrawn_at),
});

function consents(db: Knex | Knex.Transaction) {
  return db('benchmark_pool_members as m')
    .join('users as j', 'j.id', 'm.joined_by')
    .leftJoin('users as w', 'w.id', 'm.withdrawn_by')
    .select(
      'm.id',
      'm.organization_id',
      'j.email as joined_by_email',
      'm.joined_at',
      'w.email as withdrawn_by_email',
      'm.withdrawn_at',
    );
}

/** Every consent of the organization, newest first (the standing one, if any, is first). */
export async function poolConsentHistory(db: Knex, organizationId: number): Promise<PoolConsent[]> {
  const rows: Row[] = await consents(db)
    .where('m.organization_id', organizationId)
    .orderBy('m.joined_at', 'desc')
    .orderBy('m.id', 'desc');
  return rows.map(fromRow);
}

/** The ids of the organizations whose consent stands. */
export async function poolMemberIds(db: Knex): Promise<Set<number>> {
  const ids: unknown[] = await db('benchmark_pool_members').whereNull('withdrawn_at').distinct().pluck('organization_id');
  return new Set(ids.map(Number));
}

/** Records a consent unless one stands already; true when it was recorded. */
export async function insertPoolConsent(db: Knex, organizationId: number, userId: number, at: Date): Promise<boolean> {
  return db.transaction(async (trx) => {
    const org = trx('organizations').where({ id: organizationId }).first('id');
    if (trx.client.config.client === 'pg') org.forUpdate();
    if (!(await org)) return false;
    const standing = await trx('benchmark_pool_members')
      .where({ organization_id: organizationId })
      .whereNull('withdrawn_at')
      .first('id');
    if (standing) return false;
    insertedId(
      await trx('benchmark_pool_members')
        .insert({ organization_id: organizationId, joined_by: userId, joined_at: at })
        .returning('id'),
    );
    return true;
  });
}

/** Withdraws the standing consent; true when there was one. */
export async function withdrawPoolConsent(db: Knex, organizationId: number, userId: number, at: Date): Promise<boolean> {
  const changed = await db('benchmark_pool_members')
    .where({ organization_id: organizationId })
    .whereNull('withdrawn_at')
    .update({ withdrawn_by: userId, withdrawn_at: at });
  return changed > 0;
}

/**
 * Per organization, the id of its most recent open or closed survey of the instrument version that
 * has responses (the pool member's wave compared with a client on that instrument).
 */
export async function latestSurveyIdsOnInstrument(
  db: Knex,
  organizationIds: readonly number[],
  instrumentId: number,
): Promise<Map<number, number>> {
  if (organizationIds.length === 0) return new Map();
  const rows: { id: number; organization_id: number }[] = await db('surveys')
    .whereIn('organization_id', [...organizationIds])
    .where('instrument_id', instrumentId)
    .whereIn('status', ['open', 'closed'])
    .whereExists(db('responses').whereRaw('responses.survey_id = surveys.id').select(db.raw('1')))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .select('id', 'organization_id');
  const latest = new Map<number, number>();
  for (const r of rows) if (!latest.has(Number(r.organization_id))) latest.set(Number(r.organization_id), Number(r.id));
  return latest;
}
