/**
 * The published split the report's own is shown beside: not computed from any data here, so it
 * stays out of the Report (analysis/report/report.ts) and is added by the surfaces that show the
 * split (the breakdown and overview pages, the variance-split CSV, `readiness report`'s text).
 */

/** The 2026 Work Trend Index (Microsoft and LinkedIn): organizational vs individual factors in reported AI impact. */
export const WORK_TREND_INDEX_2026 = {
  name: '2026 Work Trend Index',
  source: 'Microsoft and LinkedIn, 2026 Work Trend Index Annual Report, a survey of 20,000 AI users in 10 countries',
  url: 'https://news.microsoft.com/annual-work-trend-index-2026/',
  /**
   * Share of the reported AI impact attributed to organizational factors (culture, manager support,
   * practices) and to individual ones; the published figures add up to 99%.
   */
  shares: { organizational: 0.67, individual: 0.32 } as Readonly<Record<string, number>>,
} as const;

/** What the comparison does and does not mean, in the two sentences every surface shows beside it. */
export const WORK_TREND_INDEX_CAVEAT =
  'The Work Trend Index asked different questions about a different outcome (reported AI impact) of 20,000 AI users in 10 countries, and split it with its own method, so the two splits are not measured the same way and their difference is not a tested gap. Read it as context: whether this organization leans more or less toward organizational factors than a broad sample of AI users, not as a target or a benchmark.';
