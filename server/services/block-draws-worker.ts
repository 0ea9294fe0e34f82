/**
 * Worker-thread entry (started by report-intervals.ts `startBlockDraws`): receives the complete model
 * rows as one row-major Float64Array and computes the block-bootstrap draws
 * (analysis/report/report-block-intervals.ts `blockDraws`), so they run beside the report build on another core.
 */
import { parentPort } from 'node:worker_threads';
import type { ImportanceModel } from '../../analysis/importance/relative-importance.js';
import { blockDraws } from '../../analysis/report/report-block-intervals.js';

export interface BlockDrawsJob {
  readonly data: Float64Array;
  readonly q: number;
  readonly model: ImportanceModel;
  readonly B: number;
  readonly seed: number;
  readonly blocks: number;
}

parentPort?.once('message', (job: BlockDrawsJob) => {
  const n = job.data.length / job.q;
  const rows = Array.from({ length: n }, (_, k) => job.data.subarray(k * job.q, k * job.q + job.q));
  try {
    parentPort!.postMessage({ outcome: blockDraws(rows, job.model, job) });
  } catch (error) {
    parentPort!.postMessage({ failure: error instanceof Error ? error.message : String(error) });
  }
});
parentPort?.postMessage({ ready: true });
