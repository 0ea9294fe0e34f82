/**
 * Queries on api_tokens: bearer tokens of the JSON API, stored as sha256 hashes only, with a short
 * visible prefix. A token is read with its owner in one query (the API checks it on every request).
 * Times are ISO strings.
 */
import type { Knex } from 'knex';
import type { Role } from './users.js';
import { insertedId, toDate } from './values.js';

export interface ApiToken {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

/** A token found by its hash, with what the API needs of its owner. */
export interface ApiTokenWithOwner extends ApiToken {
  readonly owner: {
    readonly email: string;
    readonly role: Role;
    readonly organizationId: number | null;
    readonly deactivatedAt: Date | null;
  };
}

interface Row {
  id: number;
  user_id: number;
  name: string;
  prefix: string;
  created_at: unknown;
  expires_at: unknown;
  last_used_at: unknown;
  revoked_at: unknown;
}

function fromRow(row: Row): ApiToken {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    name: row.name,
    prefix: row.prefix,
    createdAt: toDate(row.created_at)!,
    expiresAt: toDate(row.expires_at)!,
    lastUsedAt: toDate(row.last_used_at),
    revokedAt: toDate(row.revoked_at),
  };
}

const COLUMNS = ['id', 'user_id', 'name', 'prefix', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'];

export async function insertApiToken(
  db: Knex,
  token: { userId: number; name: string; prefix: string; tokenHash: string; expiresAt: Date },
  at: Date,
): Promise<number> {
  const rows = await db('api_tokens')
    .insert({
      user_id: token.userId,
      name: token.name,
      prefix: token.prefix,
      token_hash: token.tokenHash,
      created_at: at.toISOString(),
      expires_at: token.expiresAt.toISOString(),
    })
    .returning('id');
  return insertedId(rows);
}

/** The user's tokens, newest first. */
export async function listApiTokensOfUser(db: Knex, userId: number): Promise<ApiToken[]> {
  const rows: Row[] = await db('api_tokens').where({ user_id: userId }).orderBy('id', 'desc').select(COLUMNS);
  return rows.map(fromRow);
}

/** The token with this hash and its owner, whatever its state (the service says why it is refused). */
export async function findApiTokenByHash(db: Knex, tokenHash: string): Promise<ApiTokenWithOwner | undefined> {
  const row = (await db('api_tokens')
    .join('users', 'users.id', 'api_tokens.user_id')
    .where('api_tokens.token_hash', tokenHash)
    .first(
      ...COLUMNS.map((c) => `api_tokens.${c}`),
      'users.email as owner_email',
      'users.role as owner_role',
      'users.organization_id as owner_organization_id',
      'users.deactivated_at as owner_deactivated_at',
    )) as
    | (Row & { owner_email: string; owner_role: Role; owner_organization_id: number | null; owner_deactivated_at: unknown })
    | undefined;
  if (!row) return undefined;
  return {
    ...fromRow(row),
    owner: {
      email: row.owner_email,
      role: row.owner_role,
      organizationId: row.owner_organization_id === null ? null : Number(row.owner_organization_id),
      deactivatedAt: toDate(row.owner_deactivated_at),
    },
  };
}

/** Marks the user's token revoked (once); false when the user has no such unrevoked token. */
export async function revokeApiToken(db: Knex, userId: number, id: number, at: Date): Promise<boolean> {
  const changed = await db('api_tokens')
    .where({ id, user_id: userId })
    .whereNull('revoked_at')
    .update({ revoked_at: at.toISOString() });
  return changed > 0;
}

/** Records a use of the token. */
export async function touchApiToken(db: Knex, id: number, at: Date): Promise<void> {
  await db('api_tokens').where({ id }).update({ last_used_at: at.toISOString() });
}
