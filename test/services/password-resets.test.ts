import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createServices, type Services } from '../../server/services/index.js';
import { MAX_RESETS_PER_HOUR, RESET_MINUTES } from '../../server/services/password-resets.js';
import { rowCount, testDatabases, type TestDb } from '../helpers/db.js';

const config = loadConfig({ SESSION_SECRET: 'reset-test-secret-0123456789', BASE_URL: 'http://readiness.test' });
const T0 = new Date('2026-12-01T09:00:00.000Z');

describe.each(testDatabases())('password resets on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let now: Date;
  let services: Services;
  beforeEach(async () => {
    t = await create();
    db = t.db;
    now = T0;
    services = createServices({ db, config, clock: () => now });
    await services.users.create({ email: 'ana@acme.test', password: 'old password', role: 'admin' });
  });
  afterEach(async () => {
    await t.destroy();
  });

  async function linkSent(): Promise<string> {
    const row = await db('outbox')
      .where({ kind: 'password-reset' })
      .orderBy('id', 'desc')
      .first('text_body', 'recipient');
    expect(row.recipient).toBe('ana@acme.test');
    return /\/password-reset\/new\?t=([A-Za-z0-9_-]+)/.exec(row.text_body)![1];
  }

  it('mails a link that sets a new password once, signs the account out everywhere, and stores only a hash', async () => {
    await services.passwordResets.request(' Ana@Acme.test ');
    const token = await linkSent();
    expect(await rowCount(db('password_resets').where({ token_hash: token }))).toBe(0);
    await db('sessions').insert({
      sid: 's1',
      sess: JSON.stringify({ userId: 1 }),
      expired: new Date(T0.getTime() + 3_600_000).toISOString(),
    });

    expect(await services.passwordResets.usable(token)).toBe(true);
    expect(await services.passwordResets.reset(token, 'new password')).toBe(true);
    expect(await services.users.verifyCredentials('ana@acme.test', 'new password')).not.toBeNull();
    expect(await services.users.verifyCredentials('ana@acme.test', 'old password')).toBeNull();
    expect(await rowCount(db('sessions'))).toBe(0);

    expect(await services.passwordResets.usable(token)).toBe(false);
    expect(await services.passwordResets.reset(token, 'third password')).toBe(false);
    expect(await services.users.verifyCredentials('ana@acme.test', 'third password')).toBeNull();
  });

  it('expires a link after RESET_MINUTES, and spends the other links of the account when one is used', async () => {
    await services.passwordResets.request('ana@acme.test');
    const first = await linkSent();
    await services.passwordResets.request('ana@acme.test');
    const second = await linkSent();
    now = new Date(T0.getTime() + RESET_MINUTES * 60_000);
    expect(await services.passwordResets.reset(first, 'new password')).toBe(false);
    now = T0;
    expect(await services.passwordResets.reset(first, 'new password')).toBe(true);
    expect(await services.passwordResets.reset(second, 'other password')).toBe(false);
  });

  it('sends nothing for an unknown address, and at most MAX_RESETS_PER_HOUR links an hour to one account', async () => {
    await services.passwordResets.request('nobody@acme.test');
    expect(await rowCount(db('outbox'))).toBe(0);
    for (let i = 0; i < MAX_RESETS_PER_HOUR + 2; i++) await services.passwordResets.request('ana@acme.test');
    expect(await rowCount(db('outbox'))).toBe(MAX_RESETS_PER_HOUR);
    now = new Date(T0.getTime() + 3_600_001);
    await services.passwordResets.request('ana@acme.test');
    expect(await rowCount(db('outbox'))).toBe(MAX_RESETS_PER_HOUR + 1);
  });

  it('answers two requests spending one link at once with one success', async () => {
    await services.passwordResets.request('ana@acme.test');
    const token = await linkSent();
    const results = await Promise.all([
      services.passwordResets.reset(token, 'first choice'),
      services.passwordResets.reset(token, 'second choice'),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
