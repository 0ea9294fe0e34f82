/**
 * Staff accounts: creation, credential checks, password changes and the first admin.
 * No HTTP here; routes call these and decide what to render.
 */
import type { Knex } from 'knex';
import { decoyHash, hashPassword, verifyPassword } from '../auth/password.js';
import { deleteOtherSessionsOfUser } from '../data/sessions.js';
import { insertAssignment, listAssignments } from '../data/user-organizations.js';
import {
  countUsers,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsers,
  lockUsersTable,
  updateUserPasswordHash,
  type Role,
  type StoredUser,
} from '../data/users.js';
import { FieldError } from '../errors.js';

export { ROLES, type Role } from '../data/users.js';

/** A signed-in staff member as the rest of the server sees them (never the password hash). */
export interface StaffUser {
  readonly id: number;
  readonly email: string;
  readonly role: Role;
  /** The analyst's organization; null for admins and consultants. */
  readonly organizationId: number | null;
}

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  organizationId?: number | null;
}

/** The users.email column's length (RFC 5321's limit for a forward path). */
export const MAX_EMAIL_LENGTH = 254;

/** Passwords shorter than this are refused everywhere (setup, user creation, password change); matches ADMIN_PASSWORD in server/config.ts. */
export const MIN_PASSWORD_LENGTH = 8;

const toUser = (row: StoredUser): StaffUser => ({
  id: row.id,
  email: row.email,
  role: row.role,
  organizationId: row.organizationId,
});

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export function createUserService({ db }: { db: Knex }) {
  function count(): Promise<number> {
    return countUsers(db);
  }

  /** The active account with this id; null when there is none or it is deactivated (its session then signs no one in). */
  async function findById(id: number): Promise<StaffUser | null> {
    const row = await findUserById(db, id);
    return row && !row.deactivatedAt ? toUser(row) : null;
  }

  async function create(input: NewUser, trx: Knex = db): Promise<StaffUser> {
    const email = normalizeEmail(input.email);
    if (email.length > MAX_EMAIL_LENGTH) throw new FieldError('email', `Use at most ${MAX_EMAIL_LENGTH} characters.`);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      throw new FieldError('email', 'Enter an email address such as name@example.com.');
    if (input.password.length < MIN_PASSWORD_LENGTH)
      throw new FieldError('password', `Use at least ${MIN_PASSWORD_LENGTH} characters.`);
    const organizationId = input.role === 'analyst' ? (input.organizationId ?? null) : null;
    if (input.role === 'analyst' && organizationId === null)
      throw new FieldError('organizationId', 'An analyst belongs to one organization: choose it.');
    const existing = await findUserByEmail(trx, email);
    if (existing) throw new FieldError('email', 'A user with this email already exists.');
    const passwordHash = await hashPassword(input.password);
    const id = await insertUser(trx, { email, passwordHash, role: input.role, organizationId });
    return { id, email, role: input.role, organizationId };
  }

  /** Returns the user when email and password match, else null. An unknown email costs one scrypt
   * evaluation as well, so response time does not reveal which emails exist. Throws FieldError('form')
   * for the right password of a deactivated account (said only to someone who knows the password). */
  async function verifyCredentials(email: string, password: string): Promise<StaffUser | null> {
    const row = await findUserByEmail(db, normalizeEmail(email));
    if (!row) {
      await verifyPassword(password, await decoyHash());
      return null;
    }
    if (!(await verifyPassword(password, row.passwordHash))) return null;
    if (row.deactivatedAt)
      throw new FieldError('form', 'This account has been deactivated. Ask an admin to reactivate it.');
    return toUser(row);
  }

  /** Changes a password after checking the current one; throws FieldError naming the field at fault. */
  async function changePassword(userId: number, current: string, next: string): Promise<void> {
    const row = await findUserById(db, userId);
    if (!row || !(await verifyPassword(current, row.passwordHash)))
      throw new FieldError('current', 'The current password is incorrect.');
    if (next.length < MIN_PASSWORD_LENGTH)
      throw new FieldError('next', `Use at least ${MIN_PASSWORD_LENGTH} characters.`);
    await updateUserPasswordHash(db, userId, await hashPassword(next));
  }

  /** Signs the user out everywhere except the session `keepSid` (after a password change); resolves to how many sessions ended. */
  function signOutOtherSessions(userId: number, keepSid: string): Promise<number> {
    return deleteOtherSessionsOfUser(db, userId, keepSid);
  }

  /**
   * Creates the first admin when no user exists at all (the `/setup` page and ADMIN_EMAIL/ADMIN_PASSWORD
   * both go through here). Runs in a transaction (with a table lock on PostgreSQL) so two racing calls cannot both succeed.
   * Resolves to the new admin, or null when a user already exists.
   */
  async function createFirstAdmin(email: string, password: string): Promise<StaffUser | null> {
    return db.transaction(async (trx) => {
      // Two racing transactions could both count zero users, so the table is locked against other
      // writers until this one commits (see data/users.ts lockUsersTable).
      await lockUsersTable(trx);
      if ((await countUsers(trx)) > 0) return null;
      return create({ email, password, role: 'admin' }, trx);
    });
  }

  /**
   * Called by server/main.ts at start-up: when ADMIN_EMAIL and ADMIN_PASSWORD are both set and there is
   * no user yet, creates that admin. Resolves to what happened, for the start-up log.
   */
  async function ensureFirstAdmin(config: {
    adminEmail?: string;
    adminPassword?: string;
  }): Promise<'created' | 'exists' | 'not-configured'> {
    if (!config.adminEmail || !config.adminPassword) return 'not-configured';
    return (await createFirstAdmin(config.adminEmail, config.adminPassword)) ? 'created' : 'exists';
  }

  /** Every user by email, with the organizations each may see (analyst: theirs; consultant: assigned). */
  async function listWithOrganizations(): Promise<
    (StaffUser & { organizationIds: number[]; deactivatedAt: Date | null })[]
  > {
    const rows = await listUsers(db);
    const assignments = await listAssignments(db);
    return rows.map((row) => {
      const user = toUser(row);
      const assigned = assignments.filter((a) => a.userId === user.id).map((a) => a.organizationId);
      return {
        ...user,
        organizationIds: user.organizationId !== null ? [user.organizationId] : assigned,
        deactivatedAt: row.deactivatedAt,
      };
    });
  }

  /** Lets a consultant see an organization (see services/viewer.ts). */
  async function assignOrganization(userId: number, organizationId: number): Promise<void> {
    await insertAssignment(db, userId, organizationId);
  }

  return {
    count,
    findById,
    listWithOrganizations,
    create,
    verifyCredentials,
    changePassword,
    signOutOtherSessions,
    createFirstAdmin,
    ensureFirstAdmin,
    assignOrganization,
  };
}

export type UserService = ReturnType<typeof createUserService>;
