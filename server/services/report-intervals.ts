/**
 * Bootstrap intervals for large surveys: the report is built without the row bootstrap (B = 0) and
 * this adds percentile intervals from the block bootstrap (analysis/block-bootstrap.ts) to the
 * decomposition, with the same fields, headline wording and level as the builder's own intervals.
 * (Better placed inside buildReport as a choice of resampling; kept here until the builder offers one.)
 */
import type { ReportInput } from '../../analysis/build-report.js';
import { blockDecompositionDraws } from '../../analysis/block-bootstrap.js';
import { completeModelRows, percentileInterval } from '../../analysis/decomposition-bootstrap.js';
import { mulberry32 } from '../../analysis/random.js';
import { headline, instrumentModel } from '../../analysis/report-decomposition.js';
import type { Report } from '../../analysis/report.js';
import { itemColumnsFromRows, scoreScales } from '../../analysis/scoring.js';

/** Blocks the rows are cut into; about 100 rows per block at n = 100,000. */
export const BLOCKS = 1000;

/** `report` (built with bootstrap 0) with block-bootstrap intervals for R², each LMG and each group. */
export function withBlockBootstrap(report: Report, input: ReportInput): Report {
  const B = input.bootstrap ?? 1000;
  const seed = input.seed ?? 1;
  const level = input.level ?? 0.95;
  if (report.status !== 'ok' || !report.decomposition || B === 0) return report;
  const { instrument } = input;
  const itemIds = instrument.scales.flatMap((s) => s.items.map((i) => i.id));
  const scores = scoreScales(instrument, itemColumnsFromRows(input.responses.map((r) => r.answers), itemIds));
  const model = instrumentModel(instrument);
  const warnings = [...report.warnings];
  let draws;
  try {
    draws = blockDecompositionDraws(completeModelRows(scores, model), model, B, mulberry32(seed), BLOCKS);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { ...report, warnings: [...warnings, `No bootstrap intervals: ${error.message}.`] };
  }
  if (draws.failed > 0) warnings.push(`${draws.failed} of ${B} bootstrap resamples were skipped (a constant or collinear column in the resample).`);
  const interval = (values: readonly number[] | undefined) => (values && values.length > 0 ? percentileInterval(values, level) : null);
  const d = report.decomposition;
  const groups = d.groups.map((g) => ({ ...g, ci: interval(draws.groups[g.group]), share_ci: interval(draws.groups[g.group]?.map((v, b) => v / draws.r2[b])) }));
  const partial = { ...d, r2_ci: interval(draws.r2), groups, factors: d.factors.map((f) => ({ ...f, ci: interval(draws.lmg[f.id]) })) };
  const outcomeTitle = instrument.scales.find((s) => s.id === model.outcome)?.title ?? model.outcome;
  return {
    ...report,
    meta: { ...report.meta, bootstrap: { B, seed, level } },
    decomposition: { ...partial, headline: headline(partial, outcomeTitle, level) },
    warnings,
  };
}
