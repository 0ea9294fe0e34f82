/**
 * `readiness report`'s text (server/cli/report-table.ts `reportText`) for a Report built from 7 of
 * the seeded demo responses: the small-sample guards must reach the terminal.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../analysis/report/build-report.js';
import { reportText } from '../../server/cli/report-table.js';
import { demoResponses, instrument } from '../fixtures/demo-report-input.js';

const text = reportText(buildReport({ instrument, responses: demoResponses().slice(0, 7), bootstrap: 0 }));

describe('readiness report text below the minimum for a figure', () => {
  it('opens with how many more responses the breakdown needs, and why', () => {
    expect(text.split('\n')[0]).toBe(
      '3 more responses are needed for the breakdown (8 factors need at least 10 complete responses).',
    );
  });
});
