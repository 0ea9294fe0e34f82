/**
 * What the report service runs to build one survey's report, in-process or in a pool worker
 * (services/report-pool.ts): `buildReport` with the row bootstrap, or, for large surveys, without it
 * (B = 0) and with percentile intervals from the block bootstrap
 * (analysis/report/report-block-intervals.ts), reusing the input's scored items when it carries them.
 * Pure: no I/O.
 */
import { buildReport, scoredInput, type ReportInput } from '../../analysis/report/build-report.js';
import { BLOCKS, withBlockIntervals } from '../../analysis/report/report-block-intervals.js';
import type { Report } from '../../analysis/report/report.js';

/** How the intervals are drawn: resampling respondents, or blocks of respondents (large surveys). */
export type BootstrapMethod = 'rows' | 'blocks';

/**
 * Builds a survey's report: the service awaits it, whether it runs in-process or in a worker thread.
 * May take over the input's typed arrays (a pool hands them to its worker).
 */
export type ReportBuilder = (input: ReportInput, method: BootstrapMethod) => Promise<Report>;

/** The report of `input` with its intervals drawn by `method`. Throws as `buildReport` does. */
export function buildSurveyReport(input: ReportInput, method: BootstrapMethod): Report {
  if (method === 'rows') return buildReport(input);
  // The workflow decision keeps its own (bounded) bootstrap, analysis/action/workflow-bootstrap.ts, from the same B and seed.
  const built = buildReport({
    ...input,
    bootstrap: 0,
    workflowBootstrap: input.workflowBootstrap ?? input.bootstrap ?? 1000,
  });
  return withBlockBootstrap(built, input);
}

/** `buildSurveyReport` on the calling thread (the default builder, and REPORT_WORKERS=0). */
export const buildInProcess: ReportBuilder = async (input, method) => buildSurveyReport(input, method);

/** `report` (built with bootstrap 0) with block-bootstrap intervals for R², each LMG and each group. */
function withBlockBootstrap(report: Report, input: ReportInput): Report {
  const B = input.bootstrap ?? 1000;
  if (report.status !== 'ok' || !report.decomposition || B === 0) return report;
  const scored = scoredInput(input);
  return withBlockIntervals(report, input.instrument, scored.scores, {
    B,
    seed: input.seed ?? 1,
    level: input.level ?? 0.95,
    blocks: BLOCKS,
  });
}
