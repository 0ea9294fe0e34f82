/**
 * `readiness token create` runs in-process against a database named by DATABASE_URL (a temporary SQLite
 * file, and a fresh PostgreSQL schema when TEST_DATABASE_URL is set): the token is printed once on
 * stdout, stored only as its hash, and works on the API as its account.
 */
import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { main } from '../../server/cli.js';
import { loadConfig } from '../../server/config.js';
import { createDb } from '../../server/db.js';
import { migrate } from '../../server/migrations-source.js';
import { createServices } from '../../server/services/index.js';
import { captureIO } from '../helpers/cli-io.js';
import { emptyTestDatabases, type EmptyTestDatabase } from '../helpers/db.js';

describe.each(emptyTestDatabases())('readiness token create on $name', ({ create }) => {
  let database: EmptyTestDatabase;
  beforeEach(async () => {
    database = await create();
    const db = createDb(database.url);
    try {
      await migrate(db);
      const config = loadConfig({ DATABASE_URL: database.url });
      await createServices({ db, config }).users.create({
        email: 'lead@example.com',
        password: 'correct horse battery',
        role: 'admin',
      });
    } finally {
      await db.destroy();
    }
  });
  afterEach(async () => {
    await database.destroy();
  });

  const run = async (args: string[]) => {
    const io = captureIO();
    Object.assign(io.env, { DATABASE_URL: database.url });
    const code = await main(['token', ...args], io);
    return { code, stdout: io.stdout, stderr: io.stderr };
  };

  it('prints the token once on stdout, stores its hash, and the token works on the API', async () => {
    const { code, stdout, stderr } = await run([
      'create',
      '--email',
      'Lead@Example.com',
      '--name',
      'Nightly export',
      '--expires-in-days',
      '7',
    ]);
    expect(stderr).toMatch(/Created API token "Nightly export" for lead@example.com \(admin\)/);
    expect(code).toBe(0);
    const token = stdout.trim();
    expect(token).toMatch(/^rdy_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/);

    const db = createDb(database.url);
    try {
      const row = await db('api_tokens').first();
      expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(row.name).toBe('Nightly export');
      const days = (new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()) / 86_400_000;
      expect(days).toBe(7);
      const config = loadConfig({ DATABASE_URL: database.url, API_RATE_LIMIT: '0' });
      const app = createApp({ services: createServices({ db, config }), config });
      await request(app).get('/api/v1/organizations').set('Authorization', `Bearer ${token}`).expect(200);
    } finally {
      await db.destroy();
    }
  });

  it('exits 2 naming the problem for an unknown account, a missing option or a bad lifetime, and stores nothing', async () => {
    expect(await run(['create', '--email', 'nobody@example.com', '--name', 'x'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('There is no account with the email nobody@example.com'),
    });
    expect(await run(['create', '--email', 'lead@example.com'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--email and --name are required'),
    });
    expect(
      await run(['create', '--email', 'lead@example.com', '--name', 'x', '--expires-in-days', '400']),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('from 1 to 365'),
    });
    const db = createDb(database.url);
    try {
      expect(Number((await db('api_tokens').count({ n: '*' }).first())?.n)).toBe(0);
    } finally {
      await db.destroy();
    }
  });
});
