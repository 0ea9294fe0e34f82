import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FieldError } from '../../server/errors.js';
import { createOrganizationService } from '../../server/services/organizations.js';
import { createUserService, type UserService } from '../../server/services/users.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

describe.each(testDatabases())('users service on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let users: UserService;
  beforeEach(async () => {
    t = await create();
    db = t.db;
    users = createUserService({ db });
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('creates a user with a lower-cased email and a scrypt hash, never the password', async () => {
    const user = await users.create({ email: ' Ana@Example.COM ', password: 'long enough', role: 'admin' });
    expect(user).toEqual({ id: 1, email: 'ana@example.com', role: 'admin', organizationId: null });
    const [row] = await db('users');
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(row)).not.toContain('long enough');
  });

  it('refuses a duplicate email, a short password, and an analyst without an organization, naming the field', async () => {
    await users.create({ email: 'ana@example.com', password: 'long enough', role: 'admin' });
    const attempts: [Parameters<UserService['create']>[0], string][] = [
      [{ email: 'ANA@example.com', password: 'long enough', role: 'admin' }, 'email'],
      [{ email: 'bo@example.com', password: 'short', role: 'admin' }, 'password'],
      [{ email: 'not-an-email', password: 'long enough', role: 'admin' }, 'email'],
      [{ email: 'cy@example.com', password: 'long enough', role: 'analyst' }, 'organizationId'],
    ];
    for (const [input, field] of attempts) {
      const err = await users.create(input).catch((e: unknown) => e);
      expect(err, input.email).toBeInstanceOf(FieldError);
      expect((err as FieldError).field).toBe(field);
    }
    expect(await users.count()).toBe(1);
  });

  it('verifies credentials case-insensitively on the email; unknown email and wrong password both give null', async () => {
    const org = await createOrganizationService({ db }).create({ name: 'Acme' });
    await users.create({ email: 'ana@example.com', password: 'long enough', role: 'analyst', organizationId: org.id });
    expect(await users.verifyCredentials('ANA@example.com', 'long enough')).toMatchObject({
      email: 'ana@example.com',
      role: 'analyst',
      organizationId: org.id,
    });
    expect(await users.verifyCredentials('ana@example.com', 'wrong')).toBeNull();
    expect(await users.verifyCredentials('nobody@example.com', 'long enough')).toBeNull();
  });

  it('changes a password only with the right current one', async () => {
    const user = await users.create({ email: 'ana@example.com', password: 'long enough', role: 'admin' });
    await expect(users.changePassword(user.id, 'wrong', 'a new password')).rejects.toMatchObject({ field: 'current' });
    await expect(users.changePassword(user.id, 'long enough', 'short')).rejects.toMatchObject({ field: 'next' });
    await users.changePassword(user.id, 'long enough', 'a new password');
    expect(await users.verifyCredentials('ana@example.com', 'long enough')).toBeNull();
    expect(await users.verifyCredentials('ana@example.com', 'a new password')).not.toBeNull();
  });

  it('ensureFirstAdmin creates the configured admin only when there is no user at all', async () => {
    expect(await users.ensureFirstAdmin({})).toBe('not-configured');
    expect(await users.ensureFirstAdmin({ adminEmail: 'root@example.com', adminPassword: 'long enough' })).toBe(
      'created',
    );
    expect(await users.ensureFirstAdmin({ adminEmail: 'other@example.com', adminPassword: 'long enough' })).toBe(
      'exists',
    );
    expect(await db('users').select('email', 'role')).toEqual([{ email: 'root@example.com', role: 'admin' }]);
  });

  it('createFirstAdmin lets only one of two racing calls succeed', async () => {
    const results = await Promise.all([
      users.createFirstAdmin('a@example.com', 'long enough'),
      users.createFirstAdmin('b@example.com', 'long enough'),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await users.count()).toBe(1);
  });
});
