/**
 * The client deliverable: one printable executive report per survey
 * (GET /orgs/:slug/surveys/:id/report/executive), registered before the report router. It names the
 * organization and the wave, and holds the headline split (the overview's plain-words summary,
 * report-summary.ts), the recommended workflow and lever, the client's position in the benchmark
 * pool (services/benchmark-pool.ts: ranks and quartiles only, or why there is none) and what the
 * figures do not show. Print CSS (public/css/executive.css) sets the page margins and numbers the
 * pages ("Page N of M" in the bottom margin); the page's button prints it or saves it as PDF.
 */
import { Router } from 'express';
import { MIN_POOL } from '../../../analysis/benchmarks/pool-position.js';
import type { FullReport } from '../../../analysis/report/report.js';
import type { BenchmarkPoolService } from '../../services/benchmark-pool.js';
import type { OrganizationService } from '../../services/organizations.js';
import type { ReportService } from '../../services/reports.js';
import type { SurveyService } from '../../services/surveys.js';
import { DIFFERENCE_METHOD, positionText } from './benchmark-position.js';
import { visibleSurvey } from './organizations.js';
import * as fmt from './report-format.js';
import { executiveSummary } from './report-summary.js';

/** What the figures cannot say, one sentence each, for any report (the report's own gaps come first). */
export function limitsOf(report: FullReport | null, threshold: number): string[] {
  const limits = [
    'Cause and effect: the split says which factors go with people getting more out of AI in this survey, not that changing them will raise it. A redesign plan and a later wave measure that.',
    'Business results: the outcome is people’s own account of how well AI works for them, not measured productivity or revenue.',
    `Small groups: any team, workflow or segment with fewer than ${threshold} responses is left out, so no one’s answers can be recognized.`,
    'People who did not answer: the figures describe those who chose to respond; the participation page gives the response rate per unit.',
    'The benchmark: percentile ranks place the organization among the organizations that agreed to share their figures and use the same questionnaire, not among all organizations; a rank of 70 means above 70% of that pool, not a score out of 100.',
  ];
  if (report && report.decomposition && report.decomposition.r2 < 0.1)
    limits.unshift(
      'Most of what drives AI performance here: the survey’s topics together explain little of it, so the split is read with care.',
    );
  return limits;
}

export function createExecutiveReportRouter({
  organizations,
  surveys,
  reports,
  benchmarkPool,
}: {
  organizations: OrganizationService;
  surveys: SurveyService;
  reports: ReportService;
  benchmarkPool: BenchmarkPoolService;
}): Router {
  const router = Router();

  router.get('/orgs/:slug/surveys/:id/report/executive', async (req, res) => {
    const { org, survey } = await visibleSurvey(organizations, surveys, res, req.params.slug, req.params.id);
    const { report, overview } = await reports.forSurvey(survey);
    const full = report.status === 'ok' ? report : null;
    const position = full ? await benchmarkPool.positionOf(org, survey.id) : null;
    res.render('report/executive', {
      title: `Executive report: ${org.name}`,
      org,
      survey,
      report,
      full,
      releasedOn: overview.release?.releasedOn ?? null,
      summary: executiveSummary(report),
      position,
      limits: limitsOf(full, survey.anonymityThreshold),
      minPool: MIN_POOL,
      method: DIFFERENCE_METHOD,
      positionText,
      base: `/orgs/${org.slug}/surveys/${survey.id}/report`,
      fmt,
    });
  });

  return router;
}
