/**
 * The overview's plain-words layer (server/routes/staff/report-summary.ts) and the split beside the
 * 2026 Work Trend Index: the view model from Report fields for ok, suppressed, thin and failed
 * reports, and the pages rendered from their templates with it.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../analysis/report/build-report.js';
import type { FullReport } from '../../analysis/report/report.js';
import { reportText } from '../../server/cli/report-table.js';
import { WORK_TREND_INDEX_2026, WORK_TREND_INDEX_CAVEAT } from '../../server/references/work-trend-index.js';
import { varianceSplitChart } from '../../server/routes/staff/report-charts.js';
import { reportCsvTable } from '../../server/routes/staff/report-csv.js';
import * as fmt from '../../server/routes/staff/report-format.js';
import { executiveSummary } from '../../server/routes/staff/report-summary.js';
import { demoResponses, instrument } from '../fixtures/demo-report-input.js';
import { fixtureReport, fixtureSuppressed } from '../fixtures/report-fixture.js';
import { renderReportPage } from '../helpers/render-report-page.js';

/** `fixtureReport` with its organizational share and interval replaced (the individual share follows). */
function withShare(share: number, ci: [number, number] | null): FullReport {
  const d = fixtureReport.decomposition!;
  const [org, ind] = d.groups;
  return {
    ...fixtureReport,
    decomposition: {
      ...d,
      groups: [
        { ...org, share, share_ci: ci },
        { ...ind, share: 1 - share, share_ci: ci ? [1 - ci[1], 1 - ci[0]] : null },
      ],
    },
  };
}

const thin = buildReport({ instrument, responses: demoResponses().slice(0, 7), bootstrap: 0 }) as FullReport;

describe('executiveSummary', () => {
  it('says in plain words that the organization matters most when the whole interval is above half, with the interval', () => {
    const s = executiveSummary(fixtureReport);
    expect(s.lead).toBe(
      'Most of what separates people who get more out of AI from those who get less is how the organization works: 64% of the explained differences (95% interval 52–75%). The rest, 36%, is down to individual skills, training and habits.',
    );
    expect(s.points[0]).toMatch(/^Together, the survey's topics explain 52% of the differences/);
    expect(s.start).toEqual({ text: 'Start with: redesign data access in “Claims triage”.', page: 'priorities' });
    expect(s.missing).toEqual([]);
    for (const text of [s.lead, ...s.points, s.start!.text])
      expect(text).not.toMatch(/\bLMG\b|ICC|rwg|alpha|R²|explained variance|dominat/);
  });

  it('names individuals first when the whole interval is below half, and calls it even when the interval spans half', () => {
    expect(executiveSummary(withShare(0.3, [0.2, 0.4])).lead).toMatch(
      /^Most of .* is down to individual skills, training and habits: 70% of the explained differences\. How the organization works accounts for 30% \(95% interval 20–40%\)\.$/,
    );
    expect(executiveSummary(withShare(0.56, [0.42, 0.7])).lead).toMatch(
      /matter about equally .*: the organization accounts for 56% of the explained differences \(95% interval 42–70%\), too close to half to say which matters more\.$/,
    );
  });

  it('says the split is approximate when no interval was computed', () => {
    const s = executiveSummary({ ...withShare(0.64, null), meta: { ...fixtureReport.meta, bootstrap: null } });
    expect(s.lead).toMatch(/how the organization works: 64% of the explained differences\. The rest/);
    expect(s.missing).toContain(
      'No uncertainty interval was computed for this report, so treat the split as approximate.',
    );
  });

  it('starts from the top priority when no workflow can be recommended, and says why there is no workflow', () => {
    const rec = {
      ...fixtureReport.recommendation!,
      workflow: null,
      lever: null,
      sentence: 'No workflow has enough responses.',
    };
    const s = executiveSummary({ ...fixtureReport, recommendation: rec });
    // The organization-wide priority that ranks first, whichever it is in the fixture.
    const top = fixtureReport.scales.find((x) => x.id === fixtureReport.priorities[0].scale)!.title.toLowerCase();
    expect(s.start!.text).toBe(
      `Start with: ${top}, the organizational topic that combines the most weight with the most room to improve.`,
    );
    expect(s.missing).toEqual(['No workflow has enough responses.']);
    const none = executiveSummary({ ...fixtureReport, recommendation: null, workflows: [] });
    expect(none.missing).toEqual([
      'The survey asked no workflow, so the report cannot say which workflow to start with.',
    ]);
  });

  it('says what is missing for a thin report: how many more responses the breakdown needs', () => {
    const s = executiveSummary(thin);
    expect(s.lead).toMatch(/^Not enough complete responses yet to say what separates/);
    expect(s.start).toBeNull();
    expect(s.missing).toEqual([thin.decomposition_needs!.sentence]);
  });

  it('passes on the first warning when the breakdown failed for another reason', () => {
    const failed: FullReport = {
      ...fixtureReport,
      decomposition: null,
      decomposition_needs: null,
      warnings: ['No decomposition of AI performance: column "ai_performance" has no variance.'],
    };
    expect(executiveSummary(failed).missing).toEqual([failed.warnings[0]]);
  });

  it('says that no figures are shown below the threshold for a suppressed report', () => {
    const s = executiveSummary(fixtureSuppressed);
    expect(s.lead).toBe('Fewer than 5 responses so far, so the report shows no figures yet.');
    expect(s.missing[0]).toMatch(/at least 5 people/);
  });
});

describe('the split chart: bar and words on one base', () => {
  it('draws the shares of the explained differences that the headline quotes, beside the Work Trend Index', () => {
    const chart = varianceSplitChart(fixtureReport)!;
    expect(chart.labels).toEqual(['This survey', WORK_TREND_INDEX_2026.name]);
    expect(chart.datasets.map((d) => d.data)).toEqual([
      [64, 67],
      [36, 32],
    ]);
    expect(chart.datasets[0].whiskers).toEqual([[52, 75], null]);
    expect(chart.valueAxis.title).toBe('% of the explained differences in AI performance');
    expect(fixtureReport.decomposition!.headline).toContain('64%');
  });
});

describe('the overview and the breakdown rendered', () => {
  it('opens the overview with the plain-words summary, the split beside the reference, and the technical headline folded away', async () => {
    const html = await renderReportPage('overview', fixtureReport);
    const summary = html.indexOf('data-testid="summary"');
    expect(summary).toBeGreaterThan(0);
    expect(summary).toBeLessThan(html.indexOf('id="facts-title"'));
    expect(html).toContain(fmt.jsonForScript(varianceSplitChart(fixtureReport)).slice(0, 40));
    expect(html).toContain(executiveSummary(fixtureReport).lead);
    expect(html).toMatch(
      /data-testid="summary-start">Start with: redesign data access in “Claims triage”\. <a href="\/orgs\/org\/surveys\/1\/report\/priorities">/,
    );
    expect(html).toMatch(
      /<details class="how-to-read">\s*<summary>The same in technical terms<\/summary>\s*<p data-testid="technical-headline">/,
    );
    expect(html).toContain('href="/glossary"');
  });

  it('shows on the overview of a thin report what is missing, and no split', async () => {
    const html = await renderReportPage('overview', thin);
    expect(html).toContain(executiveSummary(thin).lead);
    expect(html).toMatch(/<li data-testid="decomposition-needs">3 more responses are needed for the breakdown/);
    expect(html).not.toContain('data-testid="wti-reference"');
  });

  it('shows the plain-words lead on a suppressed report', async () => {
    const html = await renderReportPage('overview', fixtureSuppressed);
    expect(html).toContain(
      'data-testid="summary-lead">Fewer than 5 responses so far, so the report shows no figures yet.',
    );
  });

  it('shows the Work Trend Index beside the split on the breakdown, with its source and what the comparison means', async () => {
    const html = await renderReportPage('breakdown', fixtureReport);
    const note = /<p class="reference-note" data-testid="wti-reference">(.*?)<\/p>/s.exec(html)![1];
    expect(note).toContain('organizational factors at 67% and individual ones at 32%');
    expect(note).toContain(WORK_TREND_INDEX_2026.url);
    expect(note).toContain(WORK_TREND_INDEX_CAVEAT);
    expect(html).toMatch(/data-testid="split-base">The survey's topics explain <strong>52%<\/strong>/);
    expect(html).toContain('Organizational factors, 2026 Work Trend Index</th><td class="num">67%</td>');
  });
});

describe('the reference on the other surfaces that show the split', () => {
  it('adds the Work Trend Index rows, marked as a published reference, to the variance-split CSV', () => {
    const { header, rows } = reportCsvTable('variance-split', fixtureReport);
    expect(header.slice(0, 2)).toEqual(['part', 'source']);
    const share = header.indexOf('share_of_explained_variance');
    const reference = rows.filter((r) => String(r[1]).startsWith(WORK_TREND_INDEX_2026.name));
    expect(reference.map((r) => [r[0], r[share]])).toEqual([
      ['Organizational', 0.67],
      ['Individual', 0.32],
    ]);
    expect(String(reference[0][1])).toContain('published reference: a different instrument and outcome');
    expect(rows.filter((r) => r[1] === 'this survey').map((r) => r[share])).toEqual([0.64, 0.36, '']);
  });

  it('prints the reference and its caveat under the split in `readiness report`', () => {
    const text = reportText(fixtureReport);
    const split = text.slice(text.indexOf('What explains'), text.indexOf('\nFactors\n'));
    expect(split).toContain(
      `Reference, 2026 Work Trend Index: organizational 67%, individual 32%. ${WORK_TREND_INDEX_CAVEAT}`,
    );
    expect(reportText(thin)).not.toContain('Work Trend Index');
  });
});
