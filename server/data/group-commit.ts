/**
 * Group commit: writes that arrive while a transaction is committing wait, then go together in the
 * next transaction, so N concurrent writes cost one BEGIN … COMMIT (and one fsync) instead of N.
 * Each caller's promise settles only after the transaction that holds its write has committed (or
 * with its own error), so an acknowledgement always means stored.
 *
 * `write(trx, items)` does the whole batch and returns one outcome per item, in order: an item whose
 * own check fails (a closed survey, a used invitation) gets its error without rolling back the others.
 * When the transaction itself fails (a database error), nothing of the batch is stored and every item
 * is tried again alone in its own transaction, so one bad item never fails its neighbours.
 */
import type { Knex } from 'knex';

/** The result of one item: stored (with a value) or refused (with its error). */
export type Outcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

export interface GroupCommitOptions<T, R> {
  readonly db: Knex;
  readonly write: (trx: Knex.Transaction, items: readonly T[]) => Promise<readonly Outcome<R>[]>;
  /** Most items in one transaction. */
  readonly maxBatch?: number;
  /** Batches in flight at once (1 on SQLite's single connection; more may help PostgreSQL's pool). */
  readonly concurrency?: number;
}

interface Pending<T, R> {
  readonly item: T;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

export function createGroupCommit<T, R>({ db, write, maxBatch = 256, concurrency = 1 }: GroupCommitOptions<T, R>) {
  const queue: Pending<T, R>[] = [];
  let running = 0;

  async function commit(batch: readonly Pending<T, R>[]): Promise<readonly Outcome<R>[]> {
    return db.transaction(async (trx) => {
      const outcomes = await write(
        trx,
        batch.map((p) => p.item),
      );
      if (outcomes.length !== batch.length) throw new Error('group commit: one outcome per item expected');
      return outcomes;
    });
  }

  function settle(pending: Pending<T, R>, outcome: Outcome<R>): void {
    if (outcome.ok) pending.resolve(outcome.value);
    else pending.reject(outcome.error);
  }

  async function run(batch: readonly Pending<T, R>[]): Promise<void> {
    try {
      const outcomes = await commit(batch);
      batch.forEach((pending, i) => settle(pending, outcomes[i]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      // Rolled back: nothing of the batch is stored. Each alone, so only the culprit fails.
      await Promise.all(
        batch.map((pending) =>
          commit([pending]).then(
            ([outcome]) => settle(pending, outcome),
            (err: unknown) => pending.reject(err),
          ),
        ),
      );
    }
  }

  function pump(): void {
    while (running < concurrency && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      running += 1;
      void run(batch).finally(() => {
        running -= 1;
        pump();
      });
    }
  }

  /** Stores `item` with whatever else is waiting; resolves once its transaction has committed. */
  function submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
  }

  return { submit };
}

export type GroupCommit<T, R> = ReturnType<typeof createGroupCommit<T, R>>;
