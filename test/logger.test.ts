import { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLogger, logFormat } from '../server/logger.js';
import { captureLogs } from './helpers/log-capture.js';

/** A destination that keeps what it is given. */
function memory() {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { destination, text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('censors passwords, hashes, tokens, answers, comments, emails and credential headers, at the top level and one object down', () => {
    const { logger, text, entries } = captureLogs();
    logger.info(
      {
        password: 'hunter2-password',
        passwordHash: 'scrypt$abc',
        token: 'invite-token-123',
        answers: { dr1: 5 },
        comment: 'my manager is awful',
        email: 'someone@example.com',
        body: { password: 'nested-password', password_hash: 'scrypt$def', _csrf: 'csrf-value' },
        req: { headers: { cookie: 'readiness.sid=s%3Asecret', authorization: 'Basic c2VjcmV0' } },
        surveyId: 7,
      },
      'something happened',
    );
    const [entry] = entries();
    expect(entry).toMatchObject({
      msg: 'something happened',
      surveyId: 7,
      password: '[redacted]',
      answers: '[redacted]',
      body: { password: '[redacted]', _csrf: '[redacted]' },
    });
    for (const secret of [
      'hunter2-password',
      'scrypt$',
      'invite-token-123',
      'dr1',
      'my manager is awful',
      'someone@example.com',
      'nested-password',
      'csrf-value',
      'readiness.sid',
      'Basic c2VjcmV0',
    ]) {
      expect(text()).not.toContain(secret);
    }
  });

  it('logs an Error in `err` as the safe summary, without the values a failed query was run with', () => {
    const { logger, text, entries } = captureLogs();
    const failed = Object.assign(
      new Error(
        `insert into "users" ("email", "password_hash") values ('new@example.com', 'scrypt$xyz') - SQLITE_CONSTRAINT: UNIQUE constraint failed: users.email`,
      ),
      { code: 'SQLITE_CONSTRAINT' },
    );
    logger.error({ err: failed }, 'insert failed');
    expect(entries()[0].err).toBe('database error SQLITE_CONSTRAINT (UNIQUE constraint failed: users.email)');
    expect(text()).not.toContain('new@example.com');
    expect(text()).not.toContain('scrypt$');
  });

  it('writes one JSON object per line in production, even to a terminal', () => {
    const { destination, text } = memory();
    const logger = createLogger({ logLevel: 'info', production: true }, { destination, isTTY: true });
    logger.info({ surveyId: 3 }, 'report built');
    const entry = JSON.parse(text().trim()) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 30, msg: 'report built', surveyId: 3, service: 'readiness' });
    expect(typeof entry.time).toBe('number');
  });

  it('writes readable lines, not JSON, when the format is pretty', async () => {
    const { destination, text } = memory();
    const logger = createLogger(
      { logLevel: 'info', logFormat: 'pretty', production: false },
      { destination, isTTY: false },
    );
    logger.info({ surveyId: 3 }, 'report built');
    await nextTurn(); // pino-pretty passes the line on through a stream
    expect(text()).toMatch(/INFO.*: report built\n\s+surveyId: 3/);
    expect(() => JSON.parse(text())).toThrow();
  });

  it('chooses the format from LOG_FORMAT first, else pretty only on a terminal outside production', () => {
    expect(logFormat({ logLevel: 'info', production: false }, true)).toBe('pretty');
    expect(logFormat({ logLevel: 'info', production: false }, false)).toBe('json');
    expect(logFormat({ logLevel: 'info', production: true }, true)).toBe('json');
    expect(logFormat({ logLevel: 'info', logFormat: 'json', production: false }, true)).toBe('json');
    expect(logFormat({ logLevel: 'info', logFormat: 'pretty', production: true }, false)).toBe('pretty');
  });

  it('drops lines below LOG_LEVEL and writes nothing when silent', () => {
    const warnOnly = captureLogs('warn');
    warnOnly.logger.info('routine');
    warnOnly.logger.warn('unusual');
    expect(warnOnly.entries().map((e) => e.msg)).toEqual(['unusual']);
    const silent = captureLogs('silent');
    silent.logger.error('anything');
    expect(silent.text()).toBe('');
  });
});
