/**
 * Password reset by email. `request` queues a link for a staff account's address, and behaves the same
 * whether or not the address has an account (the route answers with one sentence either way); a link
 * is a random token whose sha256 alone is stored, valid for RESET_MINUTES and once. At most
 * MAX_RESETS_PER_HOUR links per account per hour are sent, however many servers take the requests
 * (counted in the database). Setting the new password spends every link of the account and signs it out
 * everywhere.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hashPassword } from '../auth/password.js';
import {
  countPasswordResetsSince,
  findUsablePasswordReset,
  insertPasswordReset,
  spendPasswordReset,
  spendPasswordResetsOfUser,
} from '../data/password-resets.js';
import { deleteOtherSessionsOfUser } from '../data/sessions.js';
import { findUserByEmail, updateUserPasswordHash } from '../data/users.js';
import { FieldError } from '../errors.js';
import type { MailingDeps } from './outbox.js';
import { MIN_PASSWORD_LENGTH, normalizeEmail } from './users.js';

export const RESET_MINUTES = 60;
export const MAX_RESETS_PER_HOUR = 3;

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export function createPasswordResetService({ db, clock, baseUrl, outbox }: MailingDeps) {
  /** Queues a reset link for the account with this email, if there is one and it has not had too many lately. */
  async function request(email: string): Promise<void> {
    const user = await findUserByEmail(db, normalizeEmail(email));
    if (!user) return;
    const now = clock();
    await db.transaction(async (trx) => {
      if ((await countPasswordResetsSince(trx, user.id, new Date(now.getTime() - 3_600_000))) >= MAX_RESETS_PER_HOUR)
        return;
      const token = randomBytes(32).toString('base64url');
      await insertPasswordReset(
        trx,
        { userId: user.id, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + RESET_MINUTES * 60_000) },
        now,
      );
      await outbox.queue(trx, [
        {
          kind: 'password-reset',
          organizationId: null,
          surveyId: null,
          to: user.email,
          locals: { link: `${baseUrl}/password-reset/new?t=${token}`, minutes: RESET_MINUTES },
        },
      ]);
    });
  }

  /** Whether `token` is a link that can still be used. */
  async function usable(token: string): Promise<boolean> {
    return (await findUsablePasswordReset(db, sha256(token), clock())) !== undefined;
  }

  /**
   * Sets the password of the token's account, spending the token; resolves to false when the link is
   * unknown, used or expired (nothing changes). Throws FieldError('password') for a password too short.
   */
  async function reset(token: string, password: string): Promise<boolean> {
    if (password.length < MIN_PASSWORD_LENGTH)
      throw new FieldError('password', `Use at least ${MIN_PASSWORD_LENGTH} characters.`);
    const passwordHash = await hashPassword(password);
    return db.transaction(async (trx) => {
      const now = clock();
      const userId = await spendPasswordReset(trx, sha256(token), now);
      if (userId === undefined) return false;
      await updateUserPasswordHash(trx, userId, passwordHash);
      await spendPasswordResetsOfUser(trx, userId, now);
      await deleteOtherSessionsOfUser(trx, userId, '');
      return true;
    });
  }

  return { request, usable, reset };
}

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
