/**
 * Queries on the instruments table for owned, versioned instruments: who owns a row (an organization,
 * a consultant, or nobody for the shipped default), whether it is a draft, and whether a survey that
 * opened uses it (then it is frozen: a change is a new row with the same key and version + 1).
 */
import type { Knex } from 'knex';
import { insertedId, parseJsonColumn, toBool, toDate } from './values.js';

export type InstrumentStatus = 'draft' | 'published';

export interface InstrumentSummary {
  readonly id: number;
  readonly key: string;
  readonly version: number;
  readonly title: string;
  readonly status: InstrumentStatus;
  /** Both null: the shipped default. */
  readonly organizationId: number | null;
  readonly ownerUserId: number | null;
  /** A consultant's instrument offered to every organization the consultant is assigned to. */
  readonly shared: boolean;
  readonly createdAt: Date;
}

export interface InstrumentRecord extends InstrumentSummary {
  readonly definition: string;
  /** Translations (by tag) a change made incomplete, kept out of `definition` until completed. */
  readonly pendingTranslations: Readonly<Record<string, unknown>>;
}

/** Who may see rows: everything, or the default, a user's own and those of (and shared with) some organizations. */
export type InstrumentScope = 'all' | { readonly userId: number | null; readonly organizationIds: readonly number[] };

const columns = ['id', 'key', 'version', 'title', 'status', 'organization_id', 'owner_user_id', 'shared', 'created_at'];

function toSummary(row: Record<string, unknown>): InstrumentSummary {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(row.id),
    key: String(row.key),
    version: Number(row.version),
    title: String(row.title),
    status: row.status === 'draft' ? 'draft' : 'published',
    organizationId: n(row.organization_id),
    ownerUserId: n(row.owner_user_id),
    shared: toBool(row.shared),
    createdAt: toDate(row.created_at) ?? new Date(0),
  };
}

function scoped(db: Knex, scope: InstrumentScope) {
  const q = db('instruments');
  if (scope === 'all') return q;
  const { userId, organizationIds } = scope;
  return q.where((w) => {
    w.where((d) => d.whereNull('organization_id').whereNull('owner_user_id'))
      .orWhereIn('organization_id', [...organizationIds])
      .orWhere((s) =>
        s
          .where({ shared: true, status: 'published' })
          .whereIn(
            'owner_user_id',
            db('user_organizations').whereIn('organization_id', [...organizationIds]).select('user_id'),
          ),
      );
    if (userId !== null) w.orWhere('owner_user_id', userId);
  });
}

/** Every row the scope may see, by key then version. */
export async function listInstrumentSummaries(db: Knex, scope: InstrumentScope): Promise<InstrumentSummary[]> {
  const rows = (await scoped(db, scope).select(columns).orderBy(['key', 'version'])) as Record<string, unknown>[];
  return rows.map(toSummary);
}

/** The row with its definition, when the scope may see it. */
export async function findInstrumentRecord(
  db: Knex,
  scope: InstrumentScope,
  id: number,
): Promise<InstrumentRecord | undefined> {
  const row = (await scoped(db, scope).where({ id }).first([...columns, 'definition', 'pending_translations'])) as
    | Record<string, unknown>
    | undefined;
  if (!row) return undefined;
  const pending = row.pending_translations ? parseJsonColumn<Record<string, unknown>>(row.pending_translations, 'instruments.pending_translations') : {};
  return { ...toSummary(row), definition: String(row.definition), pendingTranslations: pending };
}

export interface NewInstrumentRow {
  key: string;
  version: number;
  title: string;
  definition: string;
  status: InstrumentStatus;
  organizationId: number | null;
  ownerUserId: number | null;
  shared: boolean;
}

export async function insertInstrumentRow(db: Knex, row: NewInstrumentRow): Promise<number> {
  const { organizationId, ownerUserId, ...rest } = row;
  const ids = await db('instruments')
    .insert({ ...rest, organization_id: organizationId, owner_user_id: ownerUserId })
    .returning('id');
  return insertedId(ids);
}

/** Stores a changed definition and the translations it leaves pending (none: null). */
export async function updateInstrumentDefinition(
  db: Knex,
  id: number,
  title: string,
  definition: string,
  pendingTranslations: Readonly<Record<string, unknown>> = {},
) {
  const pending = Object.keys(pendingTranslations).length > 0 ? JSON.stringify(pendingTranslations) : null;
  await db('instruments').where({ id }).update({ title, definition, pending_translations: pending });
}

export async function markInstrumentPublished(db: Knex, id: number) {
  await db('instruments').where({ id }).update({ status: 'published' });
}

/** Shares (or stops sharing) every version of a consultant's instrument. */
export async function setInstrumentShared(db: Knex, key: string, ownerUserId: number, shared: boolean) {
  await db('instruments').where({ key, owner_user_id: ownerUserId }).update({ shared });
}

export async function keyInUse(db: Knex, key: string): Promise<boolean> {
  return (await db('instruments').where({ key }).first('id')) !== undefined;
}

export async function latestVersionOfKey(db: Knex, key: string): Promise<number> {
  const row = (await db('instruments').where({ key }).max({ v: 'version' }).first()) as { v: unknown } | undefined;
  return Number(row?.v ?? 0);
}

export async function findDraftOfKey(db: Knex, key: string): Promise<number | undefined> {
  const row = (await db('instruments').where({ key, status: 'draft' }).first('id')) as { id: unknown } | undefined;
  return row ? Number(row.id) : undefined;
}

/** True when a survey that has opened (open or closed) uses this row: it must never change again. */
export async function instrumentIsFrozen(db: Knex, id: number): Promise<boolean> {
  const row = await db('surveys').where({ instrument_id: id }).whereNot({ status: 'draft' }).first('id');
  return row !== undefined;
}
