/**
 * When no worker thread can be started, `startBlockDraws` draws in-process (the same draws) and says
 * so in the log. `node:worker_threads` is replaced by one whose Worker cannot be constructed.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ImportanceModel } from '../../analysis/importance/relative-importance.js';
import { blockDraws } from '../../analysis/report/report-block-intervals.js';
import { startBlockDraws } from '../../server/services/report-intervals.js';
import { captureLogs } from '../helpers/log-capture.js';

vi.mock('node:worker_threads', () => ({
  Worker: class {
    constructor() {
      throw new Error('worker threads are not available here');
    }
  },
}));

const model: ImportanceModel = { outcome: 'y', predictors: ['a', 'b'], groups: { org: ['a'], ind: ['b'] } };
const rows = Array.from({ length: 60 }, (_, k) =>
  Float64Array.from([Math.sin(k) + (k % 7) / 7, Math.sin(k), (k % 7) / 7 + Math.cos(k) / 3]),
);

describe('startBlockDraws without worker threads', () => {
  it('draws in-process with the same result and logs one warning saying why', async () => {
    const logs = captureLogs();
    const worker = startBlockDraws({ logger: logs.logger });
    await worker.ready;
    expect(worker.available()).toBe(false);
    const outcome = await worker.draws(rows, model, { B: 8, seed: 4, blocks: 12 });
    expect('draws' in outcome && outcome.draws.r2).toHaveLength(8);
    expect(outcome).toEqual(blockDraws(rows, model, { B: 8, seed: 4, blocks: 12 }));
    expect(logs.entries()).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'block-draws worker unavailable: drawing in-process',
        err: expect.stringMatching(/^Error: worker threads are not available here/),
      }),
    ]);
  });

  it('logs nothing for a worker cancelled before it was used', async () => {
    const logs = captureLogs();
    const worker = startBlockDraws({ logger: logs.logger });
    worker.cancel();
    await worker.draws(rows, model, { B: 4, seed: 1, blocks: 12 });
    expect(logs.text()).toBe('');
  });
});
