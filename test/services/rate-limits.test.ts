/**
 * The database rate-limit counters: hits counted atomically within a window that starts at a key's
 * first hit, a new window from 1 once it ends, hits taken back, ended windows pruned, and who is limited stored
 * only as a keyed hash.
 */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger.js';
import { createRateLimitCounters } from '../../server/services/rate-limits.js';
import { rowCount, testDatabases, type TestDb } from '../helpers/db.js';

const MINUTE = 60_000;

describe.each(testDatabases())('rate-limit counters on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let now: number;
  const counters = (secret = 'secret-one') =>
    createRateLimitCounters({ db, secret, clock: () => new Date(now), logger: silentLogger, pruneEveryMs: MINUTE });
  beforeEach(async () => {
    t = await create();
    db = t.db;
    now = Date.UTC(2026, 11, 2, 9, 30, 15);
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('counts concurrent hits exactly, in a window that starts at the first hit', async () => {
    const submit = counters().counter('submit', MINUTE);
    const counts = await Promise.all(Array.from({ length: 20 }, () => submit.hit('203.0.113.7')));
    expect(counts.map((c) => c.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(counts.map((c) => c.resetAt))).toEqual(new Set([now + MINUTE]));
    expect(await submit.read('203.0.113.7')).toEqual({ hits: 20, resetAt: now + MINUTE });
    expect(await submit.read('203.0.113.8')).toBeNull();
  });

  it('starts again from 1 when the window has ended, and takes hits back only within a running window', async () => {
    const submit = counters().counter('submit', MINUTE);
    await submit.hit('a');
    await submit.hit('a');
    await submit.unhit('a');
    expect((await submit.read('a'))?.hits).toBe(1);
    now += 30_000;
    expect((await submit.hit('a')).hits).toBe(2);
    now += 30_000; // the window's end, a minute after the first hit
    expect(await submit.read('a')).toBeNull();
    await submit.unhit('a');
    expect(await submit.hit('a')).toEqual({ hits: 1, resetAt: now + MINUTE });
  });

  it('keeps scopes apart, resets one key, and prunes ended windows', async () => {
    const shared = counters();
    const submit = shared.counter('submit', MINUTE);
    const signIn = shared.counter('sign-in', 15 * MINUTE);
    await submit.hit('a');
    await signIn.hit('a');
    expect((await signIn.read('a'))?.hits).toBe(1);
    await submit.reset('a');
    expect(await submit.read('a')).toBeNull();
    await submit.hit('b');
    now += 2 * MINUTE; // the submit window ended; the sign-in one runs for 13 minutes more
    await submit.hit('c'); // first prunes b's ended window
    expect(await rowCount(db('rate_limits'))).toBe(2);
  });

  it('stores who is limited only as a hash keyed by the secret', async () => {
    await counters('secret-one').counter('submit', MINUTE).hit('203.0.113.7');
    await counters('secret-two').counter('submit', MINUTE).hit('203.0.113.7');
    const keys: string[] = await db('rate_limits').pluck('key');
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatch(/^submit:[A-Za-z0-9_-]{43}$/);
      expect(key).not.toContain('203.0.113.7');
    }
  });

  it('refuses a scope or window it cannot store', () => {
    expect(() => counters().counter('Submit!', MINUTE)).toThrow('rate-limit scope');
    expect(() => counters().counter('submit', 0)).toThrow('rate-limit window');
  });
});
