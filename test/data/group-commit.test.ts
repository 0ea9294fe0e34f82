import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupCommit, type Outcome } from '../../server/data/group-commit.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

describe.each(testDatabases())('group commit on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  beforeAll(async () => {
    t = await create();
    db = t.db;
    await db.schema.createTable('gc_items', (table) => {
      table.increments('id');
      table.integer('value').notNullable().unique();
    });
  });
  afterAll(async () => {
    await t.destroy();
  });

  /** Inserts every value in one statement; a value below 0 is refused on its own (not stored, others kept). */
  function writer(batches: number[][]) {
    return createGroupCommit<number, number>({
      db,
      write: async (trx, values) => {
        batches.push([...values]);
        const outcomes: Outcome<number>[] = values.map((v) =>
          v < 0 ? { ok: false, error: new Error(`refused ${v}`) } : { ok: true, value: v },
        );
        const kept = values.filter((v) => v >= 0);
        if (kept.length > 0) await trx('gc_items').insert(kept.map((value) => ({ value })));
        return outcomes;
      },
    });
  }

  it('writes concurrent submissions in fewer transactions, each acknowledged only once it is stored', async () => {
    const batches: number[][] = [];
    const gc = writer(batches);
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    const seen: number[] = [];
    await Promise.all(
      values.map((v) =>
        gc.submit(v).then(async () => {
          const row = await db('gc_items').where({ value: v }).first();
          seen.push(row ? v : -v);
        }),
      ),
    );
    expect(seen.sort((a, b) => a - b)).toEqual(values);
    expect(batches.length).toBeLessThan(values.length);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(values);
  });

  it('refuses one item with its own error and stores the rest of its batch', async () => {
    const gc = writer([]);
    const results = await Promise.allSettled([101, -1, 102].map((v) => gc.submit(v)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('refused -1'));
    const stored = await db('gc_items').whereIn('value', [101, 102]).pluck('value');
    expect(stored.map(Number).sort()).toEqual([101, 102]);
  });

  it('when a batch fails in the database, tries each item alone so only the culprit fails', async () => {
    await db('gc_items').insert({ value: 500 });
    const batches: number[][] = [];
    const gc = writer(batches);
    // The first submission runs alone; the next three wait and go together, where 500 breaks the unique index.
    const first = gc.submit(200);
    const rest = [201, 500, 202].map((v) => gc.submit(v));
    const results = await Promise.allSettled([first, ...rest]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(batches.some((b) => b.length === 3)).toBe(true);
    const stored = await db('gc_items').whereIn('value', [200, 201, 202]).pluck('value');
    expect(stored.map(Number).sort()).toEqual([200, 201, 202]);
  });
});
