/**
 * Queries on password_resets: single-use, expiring tokens, stored as sha256 hashes only. Spending a
 * token is one conditional UPDATE (unused and not expired), so a link works once even when two
 * requests race. Times are ISO strings.
 */
import type { Knex } from 'knex';

export async function insertPasswordReset(db: Knex, reset: { userId: number; tokenHash: string; expiresAt: Date }, at: Date): Promise<void> {
  await db('password_resets').insert({
    user_id: reset.userId,
    token_hash: reset.tokenHash,
    expires_at: reset.expiresAt.toISOString(),
    created_at: at.toISOString(),
  });
}

/** How many reset links the user was sent since `since`. */
export async function countPasswordResetsSince(db: Knex, userId: number, since: Date): Promise<number> {
  const row = await db('password_resets')
    .where({ user_id: userId })
    .where('created_at', '>', since.toISOString())
    .count<{ n: number | string }[]>({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

/** The user id of an unused, unexpired token, if any (to show the form; spending it is `spendPasswordReset`). */
export async function findUsablePasswordReset(db: Knex, tokenHash: string, now: Date): Promise<{ id: number; userId: number } | undefined> {
  const row: { id: number; user_id: number } | undefined = await db('password_resets')
    .where({ token_hash: tokenHash })
    .whereNull('used_at')
    .where('expires_at', '>', now.toISOString())
    .first('id', 'user_id');
  return row ? { id: Number(row.id), userId: Number(row.user_id) } : undefined;
}

/** Marks the token used if it still is usable; resolves to its user id for the one caller that spends it. */
export async function spendPasswordReset(db: Knex, tokenHash: string, now: Date): Promise<number | undefined> {
  const rows: { user_id: number }[] = await db('password_resets')
    .where({ token_hash: tokenHash })
    .whereNull('used_at')
    .where('expires_at', '>', now.toISOString())
    .update({ used_at: now.toISOString() })
    .returning('user_id');
  return rows.length === 1 ? Number(rows[0].user_id) : undefined;
}

/** Spends every other token of the user (a password just set makes them moot). */
export async function spendPasswordResetsOfUser(db: Knex, userId: number, now: Date): Promise<void> {
  await db('password_resets').where({ user_id: userId }).whereNull('used_at').update({ used_at: now.toISOString() });
}
