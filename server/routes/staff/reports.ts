/**
 * The report pages of a survey (overview, variance breakdown, scales, heatmap, segments, cuts, priorities)
 * and their CSV downloads. Every URL resolves the organization for the signed-in user and the survey
 * inside it first, so another organization's report is a 404 like a missing one.
 */
import { Router, type Response } from 'express';
import type { FullReport } from '../../../analysis/report/report.js';
import { NotFoundError } from '../../errors.js';
import { WORK_TREND_INDEX_2026, WORK_TREND_INDEX_CAVEAT } from '../../references/work-trend-index.js';
import { toCsv } from '../../services/csv.js';
import type { OrganizationService } from '../../services/organizations.js';
import type { ReportService } from '../../services/reports.js';
import type { SurveyService } from '../../services/surveys.js';
import { sendCsv } from './csv-download.js';
import { leverPriorityChart, workflowPriorityChart } from './decision-charts.js';
import { visibleSurvey } from './organizations.js';
import {
  distributionChart,
  factorImportanceChart,
  priorityScatter,
  segmentChart,
  varianceSplitChart,
} from './report-charts.js';
import { isCsvName, reportCsvTable } from './report-csv.js';
import { cutChart, cutCsvTable, cutSelection } from './report-cuts.js';
import * as fmt from './report-format.js';
import { executiveSummary } from './report-summary.js';

/** The report's pages: URL segment ('' = overview), navigation label, template. */
export const REPORT_PAGES = [
  { path: '', label: 'Overview', view: 'overview' },
  { path: 'breakdown', label: 'Variance breakdown', view: 'breakdown' },
  { path: 'scales', label: 'Scales', view: 'scales' },
  { path: 'heatmap', label: 'Heatmap', view: 'heatmap' },
  { path: 'segments', label: 'Segments', view: 'segments' },
  { path: 'cuts', label: 'Cuts', view: 'cuts' },
  { path: 'priorities', label: 'Priorities', view: 'priorities' },
] as const;

/**
 * What the report templates render besides the page's frame: the Report, its charts' data, the
 * plain-words summary and the published reference shown beside the split (not part of the Report).
 */
export function reportPageModels(report: FullReport) {
  return {
    report,
    charts: {
      varianceSplit: varianceSplitChart(report),
      factorImportance: factorImportanceChart(report),
      distribution: distributionChart(report),
      segments: segmentChart(report),
      priorities: priorityScatter(report),
      workflowPriority: workflowPriorityChart(report),
      leverPriority: leverPriorityChart(report),
    },
    summary: executiveSummary(report),
    reference: { wti: WORK_TREND_INDEX_2026, caveat: WORK_TREND_INDEX_CAVEAT },
  };
}

export interface ReportRouteDeps {
  organizations: OrganizationService;
  surveys: SurveyService;
  reports: ReportService;
}

export function createReportRouter({ organizations, surveys, reports }: ReportRouteDeps): Router {
  const router = Router();

  async function load(res: Response, slug: string | undefined, id: string | undefined) {
    const { org, survey } = await visibleSurvey(organizations, surveys, res, slug, id);
    return { org, survey, view: await reports.forSurvey(survey) };
  }

  async function renderPage(
    res: Response,
    slug: string | undefined,
    id: string | undefined,
    page: (typeof REPORT_PAGES)[number],
    query: unknown = {},
  ) {
    const { org, survey, view } = await load(res, slug, id);
    const base = `/orgs/${org.slug}/surveys/${survey.id}/report`;
    const locals = {
      title: `${page.label}: ${survey.title}`,
      org,
      survey,
      view,
      overview: view.overview,
      pages: REPORT_PAGES,
      page,
      base,
      fmt,
    };
    if (view.report.status === 'suppressed')
      return res.render('report/suppressed', {
        ...locals,
        report: view.report,
        summary: executiveSummary(view.report),
      });
    const cuts = page.view === 'cuts' ? cutSelection(view.report, query) : null;
    res.render(`report/${page.view}`, {
      ...locals,
      ...reportPageModels(view.report),
      ...(cuts ? { cuts, cutChart: cuts.scope ? cutChart(view.report, cuts.scope) : null } : {}),
    });
  }

  router.get('/orgs/:slug/surveys/:id/report', (req, res) =>
    renderPage(res, req.params.slug, req.params.id, REPORT_PAGES[0]),
  );

  router.get('/orgs/:slug/surveys/:id/report/:page', async (req, res) => {
    const page = REPORT_PAGES.find((p) => p.path !== '' && p.path === req.params.page);
    if (!page) throw new NotFoundError('There is no page at this address.');
    await renderPage(res, req.params.slug, req.params.id, page, req.query);
  });

  router.get('/orgs/:slug/surveys/:id/report/csv/:file', async (req, res) => {
    const match = /^([a-z-]+)\.csv$/.exec(req.params.file);
    if (!match || (!isCsvName(match[1]) && match[1] !== 'cuts'))
      throw new NotFoundError('There is no download at this address.');
    const name = match[1];
    const { org, survey, view } = await load(res, req.params.slug, req.params.id);
    const body =
      view.report.status === 'suppressed'
        ? toCsv(
            ['note'],
            [
              [
                `${fmt.suppressedCsv(view.report.n_below)} responses in total: figures appear at ${view.report.n_below}`,
              ],
            ],
          )
        : (({ header, rows }) => toCsv(header, rows))(
            name === 'cuts'
              ? cutCsvTable(view.report, cutSelection(view.report, req.query))
              : reportCsvTable(name, view.report),
          );
    sendCsv(res, `${org.slug}-survey-${survey.id}-${name}.csv`, body);
  });

  return router;
}
