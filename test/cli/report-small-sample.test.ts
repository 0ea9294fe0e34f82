/**
 * `readiness report`'s text (server/cli/report-table.ts `reportText`) for a Report built from 7 of
 * the seeded demo responses: the small-sample guards must reach the terminal.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../analysis/report/build-report.js';
import type { FullReport } from '../../analysis/report/report.js';
import { reportText } from '../../server/cli/report-table.js';
import { demoResponses, instrument } from '../fixtures/demo-report-input.js';

const report = buildReport({ instrument, responses: demoResponses().slice(0, 7), bootstrap: 0 }) as FullReport;
const text = reportText(report);

describe('readiness report text below the minimum for a figure', () => {
  it('opens with how many more responses the breakdown needs, and why', () => {
    expect(text.split('\n')[0]).toBe(
      '3 more responses are needed for the breakdown (8 factors need at least 10 complete responses).',
    );
  });
});

describe('readiness report text with figures outside their meaningful range', () => {
  it('prints "below 0" for an ICC below 0 and a negative alpha, with the reason, never the number', () => {
    const below = Object.values(report.multilevel!).filter((m) => m.below_zero);
    expect(below.length).toBeGreaterThan(0);
    for (const m of below) expect(text).not.toContain(m.icc2.toFixed(2));
    // (with the verdict column shown, as when at least 2 units are shown)
    expect(reportText({ ...report, unit_comparison_withheld: null })).toMatch(
      /below 0\s+below 0 .*no differences beyond chance/,
    );
    expect(text).toMatch(/below 0\s+below 0/);
    const scales = report.scales.map((s, i) =>
      i === 0 ? { ...s, alpha: { raw: -8.772, std: -7.5, below_07: true, below_0: true } } : s,
    );
    const negative = reportText({ ...report, scales });
    expect(negative).not.toContain('-8.772');
    expect(negative).toContain('below 0 (items negatively related: check reverse keying)');
  });
});

describe('readiness report text warnings', () => {
  it('lists the warnings one per line, the missing breakdown first', () => {
    const section = text.slice(text.indexOf('\nWarnings\n') + '\nWarnings\n'.length);
    const lines = section.trimEnd().split('\n');
    expect(lines).toEqual(report.warnings.map((w) => `  - ${w}`));
    expect(lines[0]).toBe(
      '  - 3 more responses are needed for the breakdown (8 factors need at least 10 complete responses).',
    );
  });
});

describe('readiness report text with every unit suppressed', () => {
  it('prints no team-means verdict, and says why instead', () => {
    const between = text.slice(text.indexOf('Between teams'), text.indexOf('\nUnits'));
    expect(between).toContain(report.unit_comparison_withheld!);
    expect(between).not.toMatch(/team means|comparable\b|not reliable/);
  });
});
