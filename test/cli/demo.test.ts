/**
 * `readiness demo` and `readiness migrate` run in-process against an empty database named by DATABASE_URL:
 * a temporary SQLite file, and a fresh PostgreSQL schema when TEST_DATABASE_URL is set.
 */
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { main } from '../../server/cli.js';
import type { CliIO } from '../../server/cli/io.js';
import { createDb } from '../../server/db.js';
import { DEMO_SURVEY } from '../../server/demo/demo-organization.js';
import { emptyTestDatabases, type EmptyTestDatabase } from '../helpers/db.js';

function capture(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => void out.push(t), err: (t) => void err.push(t), stderrIsTTY: false, env };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

async function responseCount(url: string): Promise<number> {
  const db = createDb(url);
  try {
    return Number((await db('responses').count({ n: '*' }).first())?.n);
  } finally {
    await db.destroy();
  }
}

describe.each(emptyTestDatabases())('readiness demo and migrate on $name', ({ create }) => {
  let database: EmptyTestDatabase;
  let file: string;
  beforeEach(async () => {
    database = await create();
    file = database.url;
  });
  afterEach(async () => {
    await database.destroy();
  });

  describe('readiness demo', () => {
    it('migrates the configured database, seeds it, and prints the survey link and the setup page', async () => {
      const run = capture({ DATABASE_URL: file, BASE_URL: 'https://readiness.example.com/' });

      const code = await main(['demo'], run.io);

      expect(run.err()).toBe('');
      expect(code).toBe(0);
      expect(run.out()).toContain(`applied ${migrations.length} migration(s)`);
      expect(run.out()).toContain('Survey link:    https://readiness.example.com/s/demo');
      expect(run.out()).toContain('open https://readiness.example.com/setup to create the first admin');
      expect(await responseCount(file)).toBe(DEMO_SURVEY.responses);
    });

    it('says nothing changed on a second run and names the admin who signs in', async () => {
      await main(['demo'], capture({ DATABASE_URL: file }).io);
      const run = capture({
        DATABASE_URL: file,
        PORT: '4100',
        ADMIN_EMAIL: 'Admin@Example.com',
        ADMIN_PASSWORD: 'long-enough-password',
      });

      const code = await main(['demo'], run.io);

      expect(code).toBe(0);
      expect(run.out()).toContain('nothing changed');
      expect(run.out()).toContain('Survey link:    http://localhost:4100/s/demo');
      expect(run.out()).toContain('Staff sign-in:  http://localhost:4100/signin  (as admin@example.com)');
      expect(await responseCount(file)).toBe(DEMO_SURVEY.responses);
    });
  });

  describe('readiness migrate', () => {
    it('lists the migrations it applied, then reports the database up to date', async () => {
      const env = { DATABASE_URL: file };
      const first = capture(env);
      expect(await main(['migrate'], first.io)).toBe(0);
      for (const m of migrations) expect(first.out()).toContain(m.name);

      const second = capture(env);
      expect(await main(['migrate'], second.io)).toBe(0);
      expect(second.out()).toContain('Already up to date');
    });
  });
});

// A SQLite file that does not exist afterwards shows that no database was touched.
describe('readiness demo with an invalid configuration', () => {
  it('exits 2 with the variable named when the configuration is invalid, touching no database', async () => {
    const [sqlite] = emptyTestDatabases();
    const database = await sqlite.create();
    try {
      const run = capture({ DATABASE_URL: database.url, PORT: 'not-a-port' });

      expect(await main(['demo'], run.io)).toBe(2);
      expect(run.err()).toContain('PORT');
      expect(existsSync(database.url)).toBe(false);
    } finally {
      await database.destroy();
    }
  });
});
