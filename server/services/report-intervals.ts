/**
 * Bootstrap intervals for large surveys: the report is built without the row bootstrap (B = 0) and
 * analysis/report-block-intervals.ts adds percentile intervals from the block bootstrap, reusing the
 * input's scored items when it carries them.
 */
import type { ReportInput } from '../../analysis/build-report.js';
import { BLOCKS, withBlockIntervals } from '../../analysis/report-block-intervals.js';
import type { Report } from '../../analysis/report.js';
import { scoreRows } from '../../analysis/scoring.js';

export { BLOCKS };

/** `report` (built with bootstrap 0) with block-bootstrap intervals for R², each LMG and each group. */
export function withBlockBootstrap(report: Report, input: ReportInput): Report {
  const B = input.bootstrap ?? 1000;
  if (report.status !== 'ok' || !report.decomposition || B === 0) return report;
  const scored = input.scored ?? scoreRows(input.instrument, input.responses.map((r, i) => {
    if (!r.answers) throw new RangeError(`response ${i} has no answers and the input carries no scored items`);
    return r.answers;
  }));
  return withBlockIntervals(report, input.instrument, scored.scores, { B, seed: input.seed ?? 1, level: input.level ?? 0.95, blocks: BLOCKS });
}
