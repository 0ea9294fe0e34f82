/**
 * The report's small-sample guards: what a figure still needs when there are too few responses for
 * it. Expected values follow from the model's size (p predictors: p + 1 coefficients need at least
 * p + 2 complete rows) on the seeded demo responses (test/fixtures/demo-report-input.ts).
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../analysis/report/build-report.js';
import { decompositionNeeds } from '../../analysis/report/report-decomposition.js';
import type { FullReport, Report } from '../../analysis/report/report.js';
import { demoResponses, instrument } from '../fixtures/demo-report-input.js';

function full(report: Report): FullReport {
  if (report.status !== 'ok') throw new Error('expected a full report');
  return report;
}

const demo = demoResponses();
const seven = full(buildReport({ instrument, responses: demo.slice(0, 7), bootstrap: 0 }));

describe('small-sample guards: the decomposition', () => {
  it('says how many more responses the breakdown needs, and why, at 7 responses for 8 factors', () => {
    expect(seven.decomposition).toBeNull();
    expect(seven.decomposition_needs).toEqual({
      more: 3,
      reason: '8 factors need at least 10 complete responses',
      sentence: '3 more responses are needed for the breakdown (8 factors need at least 10 complete responses).',
    });
  });

  it('needs nothing once there are p + 2 complete responses, and says "1 more response is" one short', () => {
    const ten = full(buildReport({ instrument, responses: demo.slice(0, 10), bootstrap: 0 }));
    expect(ten.decomposition).not.toBeNull();
    expect(ten.decomposition_needs).toBeNull();
    expect(decompositionNeeds(8, 9)?.sentence).toBe(
      '1 more response is needed for the breakdown (8 factors need at least 10 complete responses).',
    );
    expect(decompositionNeeds(1, 0)?.reason).toBe('1 factor needs at least 3 complete responses');
  });
});
