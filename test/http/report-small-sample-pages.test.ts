/**
 * The report pages rendered straight from their EJS templates (no database, no HTTP) for a Report
 * built from 7 of the seeded demo responses: the small-sample guards must reach the page.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../analysis/report/build-report.js';
import type { FullReport } from '../../analysis/report/report.js';
import * as fmt from '../../server/routes/staff/report-format.js';
import { demoResponses, instrument } from '../fixtures/demo-report-input.js';
import { renderReportPage } from '../helpers/render-report-page.js';

const report = buildReport({ instrument, responses: demoResponses().slice(0, 7), bootstrap: 0 }) as FullReport;
const sentence = '3 more responses are needed for the breakdown (8 factors need at least 10 complete responses).';

describe('report pages below the minimum for a figure', () => {
  it('says on the breakdown page and the overview how many more responses the breakdown needs', async () => {
    for (const view of ['breakdown', 'overview']) {
      const html = await renderReportPage(view, report);
      expect(html).toMatch(/data-testid="decomposition-needs">3 more responses are needed for the breakdown/);
      expect(html).toContain(sentence);
    }
  });
});

describe('report pages with figures outside their meaningful range', () => {
  it('shows an ICC below 0 as "below 0" with the reason, never the number', async () => {
    // (with the verdict column shown, as when at least 2 units are shown)
    const html = await renderReportPage('heatmap', { ...report, unit_comparison_withheld: null });
    const below = Object.values(report.multilevel!).filter((m) => m.below_zero);
    expect(below.length).toBeGreaterThan(0);
    for (const m of below) expect(html).not.toContain(fmt.num(m.icc2));
    expect(html).toContain('no (no differences between units beyond chance)');
  });

  it('shows a negative alpha as "below 0" with the reason (check reverse keying), never the number', async () => {
    const scales = report.scales.map((s, i) =>
      i === 0 ? { ...s, alpha: { raw: -8.772, std: -7.5, below_07: true, below_0: true } } : s,
    );
    const html = await renderReportPage('scales', { ...report, scales });
    expect(html).not.toMatch(/-8\.77|−8\.77/);
    expect(html).toContain('below 0 <span class="flag">items negatively related: check reverse keying</span>');
  });
});

describe('report page warnings', () => {
  it('lists the warnings one per line on the breakdown page and the overview, the missing breakdown first', async () => {
    for (const view of ['breakdown', 'overview']) {
      const html = await renderReportPage(view, report);
      const items = [...html.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
      const warnings = report.warnings.map((w) => w.replace(/"/g, '&#34;').replace(/'/g, '&#39;'));
      expect(items.filter((i) => warnings.includes(i))).toEqual(warnings);
      expect(warnings[0]).toBe(sentence);
    }
  });
});

describe('report heatmap with every unit suppressed', () => {
  it('shows no "Unit means comparable?" verdict, and says why instead', async () => {
    const html = await renderReportPage('heatmap', report);
    expect(html).not.toContain('Unit means comparable?');
    expect(html).not.toMatch(/yes \(ICC\(2\) ≥ 0\.60\)|with care \(ICC\(2\) below 0\.60\)/);
    expect(html).toContain(`data-testid="unit-comparison-withheld">${report.unit_comparison_withheld}`);
  });
});
