/**
 * The block draws in a worker thread (server/services/report-intervals.ts `startBlockDraws`): the
 * worker loads the TypeScript sources under vitest as under `node --import tsx`, and its draws are
 * exactly the in-process ones (same code, same rows, same seed).
 */
import { describe, expect, it } from 'vitest';
import type { ImportanceModel } from '../../analysis/importance/relative-importance.js';
import { mulberry32 } from '../../analysis/linear/random.js';
import { blockDraws } from '../../analysis/report/report-block-intervals.js';
import { startBlockDraws } from '../../server/services/report-intervals.js';

const model: ImportanceModel = { outcome: 'y', predictors: ['a', 'b', 'c'], groups: { org: ['a', 'b'], ind: ['c'] } };

function rows(n: number): Float64Array[] {
  const random = mulberry32(21);
  return Array.from({ length: n }, () => {
    const x = [random(), random(), random()];
    return Float64Array.from([0.5 * x[0] + 0.3 * x[1] + 0.2 * x[2] + 0.3 * random(), ...x]);
  });
}

describe('startBlockDraws', () => {
  it('starts a worker and returns exactly the in-process draws', async () => {
    const data = rows(600);
    const worker = startBlockDraws();
    await worker.ready;
    expect(worker.available()).toBe(true);
    const fromWorker = await worker.draws(data, model, { B: 40, seed: 5, blocks: 60 });
    expect(fromWorker).toEqual(blockDraws(data, model, { B: 40, seed: 5, blocks: 60 }));
    expect('draws' in fromWorker && fromWorker.draws.r2).toHaveLength(40);
  });

  it('passes on the reason when the rows are too few to resample, as in-process', async () => {
    const worker = startBlockDraws();
    await worker.ready;
    const outcome = await worker.draws(rows(3), model, { B: 40, seed: 5 });
    expect(outcome).toEqual({ error: '3 predictors need more than 4 complete rows (got 3)' });
  });

  it('takes a job posted before it is up, and can be cancelled unused', async () => {
    const early = startBlockDraws();
    const posted = early.draws(rows(200), model, { B: 12, seed: 2, blocks: 30 });
    expect(early.available()).toBe(false); // one job per worker
    expect(await posted).toEqual(blockDraws(rows(200), model, { B: 12, seed: 2, blocks: 30 }));
    const worker = startBlockDraws();
    worker.cancel();
    await worker.ready;
    expect(worker.available()).toBe(false);
    const outcome = await worker.draws(rows(100), model, { B: 10, seed: 1, blocks: 20 });
    expect(outcome).toEqual(blockDraws(rows(100), model, { B: 10, seed: 1, blocks: 20 }));
  });
});
