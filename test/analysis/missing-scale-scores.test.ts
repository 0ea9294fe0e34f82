/**
 * The breakdown uses the complete rows on the scales its model needs, and says how many it left out:
 * Report.decomposition.n_dropped counts the responses without a score on an outcome or predictor
 * scale, and the breakdown page prints it.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../analysis/report/build-report.js';
import type { FullReport } from '../../analysis/report/report.js';
import { demoResponses, instrument } from '../fixtures/demo-report-input.js';
import { renderReportPage } from '../helpers/render-report-page.js';

describe('responses without a scale score in the breakdown', () => {
  const blankScale = instrument.scales.find((s) => s.group === 'organizational')!;
  const responses = demoResponses({ n: 150 }).map((r, i) =>
    i % 20 === 3
      ? { ...r, answers: { ...r.answers, ...Object.fromEntries(blankScale.items.map((item) => [item.id, null])) } }
      : r,
  );
  const dropped = responses.filter((_, i) => i % 20 === 3).length;
  const report = buildReport({ instrument, responses, bootstrap: 0 }) as FullReport;

  it('counts them in n_dropped and fits the model on the others', () => {
    expect(dropped).toBe(8);
    expect(report.decomposition!.n_dropped).toBe(dropped);
    expect(report.decomposition!.n).toBe(150 - dropped);
  });

  it('says on the breakdown page how many were left out', async () => {
    const html = await renderReportPage('breakdown', report);
    expect(html).toContain(`${150 - dropped} (${dropped} left out for a missing scale score)`);
  });
});
