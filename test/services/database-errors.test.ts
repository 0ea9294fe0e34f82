import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loggableError } from '../../server/log-safe-error.js';
import { databaseProblem } from '../../server/middleware/database-errors.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

const HASH = 'scrypt$32768$8$1$c2VjcmV0LXNhbHQ$c2VjcmV0LWtleS1ub3QtdG8tYmUtbG9nZ2Vk';

/** The error a query rejects with. */
async function failureOf(query: PromiseLike<unknown>): Promise<unknown> {
  try {
    await query;
  } catch (err) {
    return err;
  }
  throw new Error('the query did not fail');
}

describe.each(testDatabases())('database errors on $name', ({ name, create }) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('summarizes a failed insert of a password hash with its code and placeholders, without any bound value', async () => {
    await t.db('users').insert({ email: 'first@example.com', password_hash: HASH, role: 'admin' });
    const err = await failureOf(
      t.db('users').insert({ email: 'first@example.com', password_hash: HASH, role: 'admin' }),
    );
    const summary = loggableError(err);
    expect(summary).toContain(name === 'postgres' ? 'database error 23505' : 'database error SQLITE_CONSTRAINT');
    expect(summary).toMatch(
      /sql: insert into .users. \(.email., .password_hash., .role.\) values \((\?|\$1), (\?|\$2), (\?|\$3)\)/,
    );
    expect(summary).not.toContain('first@example.com');
    expect(summary).not.toContain('c2VjcmV0');
  });

  it('translates a duplicate into 409 and a missing foreign row into 400', async () => {
    await t.db('users').insert({ email: 'first@example.com', password_hash: HASH, role: 'admin' });
    const duplicate = await failureOf(
      t.db('users').insert({ email: 'first@example.com', password_hash: HASH, role: 'admin' }),
    );
    expect(databaseProblem(duplicate)?.status).toBe(409);
    const missing = await failureOf(t.db('units').insert({ organization_id: 999, name: 'Claims', kind: 'team' }));
    expect(databaseProblem(missing)?.status).toBe(400);
    expect(databaseProblem(new Error('not from a database'))).toBeNull();
  });

  it.runIf(name === 'postgres')('translates a value too long, malformed or out of range into 400', async () => {
    for (const query of [
      t.db('users').insert({ email: 'x'.repeat(300), password_hash: HASH, role: 'admin' }),
      t.db('users').where({ id: 'abc' }),
      t.db('users').where({ id: 2 ** 31 }),
      t.db('users').where({ email: 'a\u0000b' }),
    ]) {
      expect(databaseProblem(await failureOf(query))?.status).toBe(400);
    }
  });
});

describe('loggableError for other errors', () => {
  it('keeps name, message and stack frames, and leaves out a SyntaxError message that may quote input', () => {
    const summary = loggableError(new TypeError('x is not a function', { cause: new Error('inner') }));
    expect(summary).toMatch(/^TypeError: x is not a function\n\s+at /);
    expect(summary).toContain('caused by Error: inner');
    let parseError: unknown;
    try {
      JSON.parse('hunter2');
    } catch (err) {
      parseError = err;
    }
    expect(loggableError(parseError)).not.toContain('hunter2');
  });
});
