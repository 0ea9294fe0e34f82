/**
 * Deactivating and reactivating staff accounts (admins only). A deactivated account keeps its row, so the
 * audit log still names who did what, but it cannot sign in (services/users.ts verifyCredentials) and
 * every session it has is deleted at once, so it is signed out everywhere on its next request. No one
 * deactivates their own account: there is then always an admin left to reactivate others. Both are
 * recorded in the account events of the audit log (organization null).
 */
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { insertAuditEvent } from '../data/audit-events.js';
import { deleteOtherSessionsOfUser } from '../data/sessions.js';
import { findUserById, updateUserDeactivatedAt } from '../data/users.js';
import { ConflictError, ForbiddenError } from '../errors.js';
import type { StaffUser } from './users.js';

export function createAccountStatusService({ db, clock }: { db: Knex; clock: Clock }) {
  function assertAdmin(actor: StaffUser): void {
    if (actor.role !== 'admin') throw new ForbiddenError('Only an admin can deactivate or reactivate an account.');
  }

  /** Deactivates the account and deletes its sessions; false when there is no such user. */
  async function deactivate(actor: StaffUser, userId: number): Promise<boolean> {
    assertAdmin(actor);
    if (userId === actor.id)
      throw new ConflictError('You cannot deactivate your own account: ask another admin.', 'Not deactivated');
    return db.transaction(async (trx) => {
      const user = await findUserById(trx, userId);
      if (!user) return false;
      if (user.deactivatedAt) return true;
      const now = clock();
      await updateUserDeactivatedAt(trx, userId, now);
      // An empty id to keep: every session of the account ends.
      const sessions = await deleteOtherSessionsOfUser(trx, userId, '');
      await insertAuditEvent(trx, {
        organizationId: null,
        userId: actor.id,
        surveyId: null,
        action: 'user.deactivate',
        detail: { targetId: userId, email: user.email, sessions },
        at: now,
      });
      return true;
    });
  }

  /** Lets a deactivated account sign in again (with its old password); false when there is no such user. */
  async function reactivate(actor: StaffUser, userId: number): Promise<boolean> {
    assertAdmin(actor);
    return db.transaction(async (trx) => {
      const user = await findUserById(trx, userId);
      if (!user) return false;
      if (!user.deactivatedAt) return true;
      const now = clock();
      await updateUserDeactivatedAt(trx, userId, null);
      await insertAuditEvent(trx, {
        organizationId: null,
        userId: actor.id,
        surveyId: null,
        action: 'user.reactivate',
        detail: { targetId: userId, email: user.email },
        at: now,
      });
      return true;
    });
  }

  return { deactivate, reactivate };
}

export type AccountStatusService = ReturnType<typeof createAccountStatusService>;
