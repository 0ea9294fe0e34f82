import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/auth/password.js';

// Small cost parameters keep these tests fast; the format and comparison are the same at any cost.
const CHEAP = { N: 1024, r: 8, p: 1 };

describe('scrypt password hashes', () => {
  it('stores scrypt$N$r$p$salt$hash with a random salt, so one password never hashes the same twice', async () => {
    const a = await hashPassword('correct horse', CHEAP);
    const b = await hashPassword('correct horse', CHEAP);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse', CHEAP);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsE', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('reads the cost from the stored hash (a hash made with other parameters still verifies)', async () => {
    const stored = await hashPassword('pw', { N: 2048, r: 4, p: 2 });
    expect(stored.startsWith('scrypt$2048$4$2$')).toBe(true);
    expect(await verifyPassword('pw', stored)).toBe(true);
  });

  it('treats a malformed or absurd stored hash as a mismatch instead of throwing', async () => {
    const stored = await hashPassword('pw', CHEAP);
    const parts = stored.split('$');
    for (const bad of [
      '',
      'plain',
      'bcrypt$2b$10$abc',
      ['scrypt', '1000', ...parts.slice(2)].join('$'),
      ['scrypt', String(2 ** 30), ...parts.slice(2)].join('$'),
      parts.slice(0, 5).join('$') + '$',
    ]) {
      expect(await verifyPassword('pw', bad), bad).toBe(false);
    }
  });
});
