/**
 * Queries behind the stored report snapshots (services/report-snapshots.ts): one row per survey and
 * version key, first a claim with a lease, then the built view. Only one server wins a claim: the
 * insert of the primary key (ON CONFLICT DO NOTHING), or the take-over of a claim whose lease has
 * expired (an UPDATE whose WHERE names the expiry), both atomic on SQLite and PostgreSQL alike. Times
 * are epoch milliseconds from the app's clock.
 */
import type { Knex } from 'knex';

const TABLE = 'report_snapshots';
const KEY = ['survey_id', 'version_key'];

export interface SnapshotRow {
  readonly versionKey: string;
  readonly state: 'building' | 'ready';
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: number | null;
  /** The view as stored (services/snapshot-json.ts); null while building. */
  readonly view: string | null;
  readonly builtAt: number | null;
  readonly buildMs: number | null;
  /** How many times this version was built (1 unless a builder died or lost its lease). */
  readonly builds: number;
}

interface RawRow {
  version_key: string;
  state: string;
  lease_owner: string | null;
  lease_expires_at: number | string | null;
  view?: string | null;
  built_at: number | string | null;
  build_ms: number | null;
  builds: number | string;
}

const nullableNumber = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

function toRow(r: RawRow): SnapshotRow {
  return {
    versionKey: r.version_key,
    state: r.state === 'ready' ? 'ready' : 'building',
    leaseOwner: r.lease_owner,
    leaseExpiresAt: nullableNumber(r.lease_expires_at),
    view: r.view ?? null,
    builtAt: nullableNumber(r.built_at),
    buildMs: nullableNumber(r.build_ms),
    builds: Number(r.builds),
  };
}

const one = (db: Knex, surveyId: number, versionKey: string) =>
  db(TABLE).where({ survey_id: surveyId, version_key: versionKey });

/** The survey's row for this version, or null when nobody has claimed it. */
export async function findSnapshot(db: Knex, surveyId: number, versionKey: string): Promise<SnapshotRow | null> {
  const row = (await one(db, surveyId, versionKey).first()) as RawRow | undefined;
  return row ? toRow(row) : null;
}

/** Every row of the survey without the views (newest build first), for the cluster benchmark and tests. */
export async function listSnapshots(db: Knex, surveyId: number): Promise<SnapshotRow[]> {
  const rows = (await db(TABLE)
    .where({ survey_id: surveyId })
    .orderBy([{ column: 'built_at', order: 'desc', nulls: 'last' }, 'version_key'])
    .select('version_key', 'state', 'lease_owner', 'lease_expires_at', 'built_at', 'build_ms', 'builds')) as RawRow[];
  return rows.map(toRow);
}

/** Claims the build of a version nobody has claimed; true when this insert made the row (one server wins). */
export async function insertClaim(
  db: Knex,
  claim: { surveyId: number; versionKey: string; owner: string; leaseExpiresAt: number },
): Promise<boolean> {
  const inserted = await db(TABLE)
    .insert({
      survey_id: claim.surveyId,
      version_key: claim.versionKey,
      state: 'building',
      lease_owner: claim.owner,
      lease_expires_at: claim.leaseExpiresAt,
      builds: 0,
    })
    .onConflict(KEY)
    .ignore()
    .returning('version_key');
  return inserted.length === 1;
}

/** Takes over a claim whose lease expired before `now` (its builder died); true when `owner` now holds it. */
export async function takeOverClaim(
  db: Knex,
  claim: { surveyId: number; versionKey: string; owner: string; leaseExpiresAt: number },
  now: number,
): Promise<boolean> {
  const updated = await one(db, claim.surveyId, claim.versionKey)
    .where({ state: 'building' })
    .where('lease_expires_at', '<', now)
    .update({ lease_owner: claim.owner, lease_expires_at: claim.leaseExpiresAt });
  return updated === 1;
}

/** Extends `owner`'s lease while it builds; false when it no longer holds the claim. */
export async function renewClaim(
  db: Knex,
  claim: { surveyId: number; versionKey: string; owner: string; leaseExpiresAt: number },
): Promise<boolean> {
  const updated = await one(db, claim.surveyId, claim.versionKey)
    .where({ state: 'building', lease_owner: claim.owner })
    .update({ lease_expires_at: claim.leaseExpiresAt });
  return updated === 1;
}

/** Gives up `owner`'s claim (its build failed), so the next request claims the version again. */
export async function dropClaim(db: Knex, surveyId: number, versionKey: string, owner: string): Promise<void> {
  await one(db, surveyId, versionKey).where({ state: 'building', lease_owner: owner }).del();
}

/** Removes one row (a stored view that can no longer be read), so the version is built again. */
export async function deleteSnapshot(db: Knex, surveyId: number, versionKey: string): Promise<void> {
  await one(db, surveyId, versionKey).del();
}

/** Stores the built view: the row becomes ready, the lease is cleared and the build is counted. */
export async function storeSnapshot(
  db: Knex,
  snapshot: { surveyId: number; versionKey: string; view: string; builtAt: number; buildMs: number },
): Promise<void> {
  const ready = {
    state: 'ready',
    lease_owner: null,
    lease_expires_at: null,
    view: snapshot.view,
    built_at: snapshot.builtAt,
    build_ms: Math.round(snapshot.buildMs),
  };
  await db(TABLE)
    .insert({ survey_id: snapshot.surveyId, version_key: snapshot.versionKey, ...ready, builds: 1 })
    .onConflict(KEY)
    .merge({ ...ready, builds: db.raw('??.?? + 1', [TABLE, 'builds']) });
}

/**
 * Removes the survey's older snapshots: ready ones beyond the `keep` most recently built, and claims
 * whose lease expired before `now` (their builder is gone). Returns how many rows went.
 */
export async function pruneSnapshots(db: Knex, surveyId: number, keep: number, now: number): Promise<number> {
  const kept: string[] = await db(TABLE)
    .where({ survey_id: surveyId, state: 'ready' })
    .orderBy([{ column: 'built_at', order: 'desc' }, 'version_key'])
    .limit(keep)
    .pluck('version_key');
  return db(TABLE)
    .where({ survey_id: surveyId })
    .where((q) =>
      q
        .where((ready) => ready.where({ state: 'ready' }).whereNotIn('version_key', kept))
        .orWhere((stale) => stale.where({ state: 'building' }).where('lease_expires_at', '<', now)),
    )
    .del();
}
