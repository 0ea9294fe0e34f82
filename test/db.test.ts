import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, isPostgresUrl } from '../server/db.js';

const dir = mkdtempSync(join(tmpdir(), 'readiness-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createDb', () => {
  it('recognizes PostgreSQL URLs and treats anything else as a SQLite path', () => {
    expect(isPostgresUrl('postgres://u@h/db')).toBe(true);
    expect(isPostgresUrl('postgresql://u@h/db')).toBe(true);
    expect(isPostgresUrl('./data/readiness.sqlite')).toBe(false);
    expect(isPostgresUrl(':memory:')).toBe(false);
  });

  it('creates the folder of a SQLite file and sets foreign keys, WAL and a busy timeout', async () => {
    const db = createDb(join(dir, 'nested', 'folder', 'app.sqlite'));
    try {
      expect(await db.raw('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      expect(await db.raw('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await db.raw('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
    } finally {
      await db.destroy();
    }
  });

  it('keeps an in-memory database on its one connection', async () => {
    const db = createDb(':memory:');
    try {
      await db.schema.createTable('probe', (t) => t.increments('id'));
      await db('probe').insert({});
      expect(await db('probe').count({ n: '*' })).toEqual([{ n: 1 }]);
      expect(await db.raw('PRAGMA journal_mode')).toEqual([{ journal_mode: 'memory' }]);
    } finally {
      await db.destroy();
    }
  });
});
