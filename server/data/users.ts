/**
 * Queries on the users table (staff accounts). Dialect note: `lockUsersTable` takes a table lock on
 * PostgreSQL so two transactions cannot both see "no user yet"; SQLite's one connection already runs one
 * writer at a time.
 */
import type { Knex } from 'knex';
import { insertedId, toDate } from './values.js';

export const ROLES = ['admin', 'consultant', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** A users row, password hash included: only services/users.ts reads the hash. */
export interface StoredUser {
  readonly id: number;
  readonly email: string;
  readonly passwordHash: string;
  readonly role: Role;
  /** The analyst's organization; null for admins and consultants. */
  readonly organizationId: number | null;
  /** When an admin deactivated the account; null while it is active. */
  readonly deactivatedAt: Date | null;
}

interface Row {
  id: number;
  email: string;
  password_hash: string;
  role: Role;
  organization_id: number | null;
  deactivated_at: unknown;
}

function fromRow(row: Row): StoredUser {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    role: row.role,
    organizationId: row.organization_id ?? null,
    deactivatedAt: toDate(row.deactivated_at),
  };
}

export async function countUsers(db: Knex): Promise<number> {
  const row = await db('users').count<{ n: number | string }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function findUserById(db: Knex, id: number): Promise<StoredUser | undefined> {
  const row = await db<Row>('users').where({ id }).first();
  return row ? fromRow(row) : undefined;
}

/** The user with exactly this email (callers normalize it first). */
export async function findUserByEmail(db: Knex, email: string): Promise<StoredUser | undefined> {
  const row = await db<Row>('users').where({ email }).first();
  return row ? fromRow(row) : undefined;
}

export async function insertUser(db: Knex, user: Omit<StoredUser, 'id' | 'deactivatedAt'>): Promise<number> {
  const rows = await db('users')
    .insert({ email: user.email, password_hash: user.passwordHash, role: user.role, organization_id: user.organizationId })
    .returning('id');
  return insertedId(rows);
}

export async function updateUserPasswordHash(db: Knex, id: number, passwordHash: string): Promise<void> {
  await db('users').where({ id }).update({ password_hash: passwordHash });
}

/** Sets (a time: deactivated) or clears (null: active again) the account's deactivated_at; false when there is no such user. */
export async function updateUserDeactivatedAt(db: Knex, id: number, at: Date | null): Promise<boolean> {
  return (await db('users').where({ id }).update({ deactivated_at: at ? at.toISOString() : null })) > 0;
}

/** Every user, ordered by email. */
export async function listUsers(db: Knex): Promise<StoredUser[]> {
  const rows = await db<Row>('users').orderBy('email');
  return rows.map(fromRow);
}

/**
 * Locks the users table against other writers until `trx` ends (PostgreSQL: SHARE ROW EXCLUSIVE, which
 * also conflicts with itself, so a second caller waits for the first to commit and then counts its row).
 * A no-op on SQLite, whose one connection runs one transaction at a time.
 */
export async function lockUsersTable(trx: Knex.Transaction): Promise<void> {
  if (trx.client.config.client === 'pg') await trx.raw('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
}
