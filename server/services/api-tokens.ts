/**
 * API tokens: a staff member's bearer tokens for the JSON API (/api/v1). A token is a visible prefix
 * (`rdy_` and 8 random characters, shown in lists so its owner can tell tokens apart) and 32 random
 * bytes; only its sha256 is stored, so the token exists only in the one answer that creates it. A
 * token acts as its owner, with the owner's role and organizations as they are at each request; it
 * stops working when it expires, when it is revoked and when its owner is deactivated.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import {
  findApiTokenByHash,
  insertApiToken,
  listApiTokensOfUser,
  revokeApiToken,
  touchApiToken,
  type ApiToken,
} from '../data/api-tokens.js';
import { findUserByEmail } from '../data/users.js';
import { FieldError } from '../errors.js';
import { normalizeEmail, type StaffUser } from './users.js';

export type { ApiToken } from '../data/api-tokens.js';

export const MAX_TOKEN_DAYS = 365;
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_NAME = 100;
/** `last_used_at` is written at most this often per token, so a busy client costs no write per request. */
export const TOUCH_EVERY_MS = 60_000;

const TOKEN_SHAPE = /^rdy_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/;

export interface NewApiToken {
  readonly name: string;
  readonly expiresInDays: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly user: StaffUser; readonly token: ApiToken }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknown' | 'expired' | 'revoked' | 'deactivated' };

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): { token: string; prefix: string } {
  const prefix = `rdy_${randomBytes(6).toString('base64url')}`;
  return { token: `${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

function checkInput(input: NewApiToken): NewApiToken {
  const name = input.name.trim();
  if (!name) throw new FieldError('name', 'Name the token after where it is used, e.g. “Reporting script”.');
  if (name.length > MAX_TOKEN_NAME) throw new FieldError('name', `Use at most ${MAX_TOKEN_NAME} characters.`);
  if (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > MAX_TOKEN_DAYS)
    throw new FieldError('expiresInDays', `Enter a whole number of days from 1 to ${MAX_TOKEN_DAYS}.`);
  return { name, expiresInDays: input.expiresInDays };
}

export function createApiTokenService({ db, clock }: { db: Knex; clock: Clock }) {
  /** Creates a token for `user`; the returned `secret` is the only copy. FieldError for a bad name or lifetime. */
  async function create(user: Pick<StaffUser, 'id'>, input: NewApiToken): Promise<{ secret: string; token: ApiToken }> {
    const { name, expiresInDays } = checkInput(input);
    const { token, prefix } = newToken();
    const now = clock();
    const expiresAt = new Date(now.getTime() + expiresInDays * 86_400_000);
    const id = await insertApiToken(
      db,
      { userId: user.id, name, prefix, tokenHash: hashApiToken(token), expiresAt },
      now,
    );
    return {
      secret: token,
      token: { id, userId: user.id, name, prefix, createdAt: now, expiresAt, lastUsedAt: null, revokedAt: null },
    };
  }

  /** `create` for the active account with this email (the command line); FieldError('email') when there is none. */
  async function createForEmail(email: string, input: NewApiToken) {
    const row = await findUserByEmail(db, normalizeEmail(email));
    if (!row) throw new FieldError('email', `There is no account with the email ${normalizeEmail(email)}.`);
    if (row.deactivatedAt) throw new FieldError('email', `The account ${row.email} is deactivated.`);
    return { ...(await create(row, input)), user: { id: row.id, email: row.email, role: row.role } };
  }

  function list(user: Pick<StaffUser, 'id'>): Promise<ApiToken[]> {
    return listApiTokensOfUser(db, user.id);
  }

  /** Revokes one of the user's own tokens; false when it is not theirs or already revoked. */
  function revoke(user: Pick<StaffUser, 'id'>, id: number): Promise<boolean> {
    return revokeApiToken(db, user.id, id, clock());
  }

  /** Who a bearer token acts for now, or why it does not. */
  async function authenticate(secret: string): Promise<TokenCheck> {
    if (!TOKEN_SHAPE.test(secret)) return { ok: false, reason: 'malformed' };
    const found = await findApiTokenByHash(db, hashApiToken(secret));
    if (!found) return { ok: false, reason: 'unknown' };
    const now = clock();
    if (found.revokedAt) return { ok: false, reason: 'revoked' };
    if (found.expiresAt <= now) return { ok: false, reason: 'expired' };
    if (found.owner.deactivatedAt) return { ok: false, reason: 'deactivated' };
    if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() >= TOUCH_EVERY_MS)
      await touchApiToken(db, found.id, now);
    const { owner, ...token } = found;
    const user: StaffUser = {
      id: token.userId,
      email: owner.email,
      role: owner.role,
      organizationId: owner.organizationId,
    };
    return { ok: true, user, token };
  }

  return { create, createForEmail, list, revoke, authenticate };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
