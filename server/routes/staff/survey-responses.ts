/**
 * A survey's responses as staff may see them: the participation page (released counts per unit against
 * headcount, services/participation.ts) and the admin-only export of the item CSV
 * (services/response-export.ts), a POST so that no link prefetcher can trigger the audit-logged download.
 */
import { Router } from 'express';
import { currentUser, requireRole } from '../../auth/require-user.js';
import type { OrganizationService } from '../../services/organizations.js';
import { participationView } from '../../services/participation.js';
import type { ReportService } from '../../services/reports.js';
import type { ResponseExportService } from '../../services/response-export.js';
import type { SurveyService } from '../../services/surveys.js';
import type { UnitService } from '../../services/units.js';
import { sendCsv } from './csv-download.js';
import { visibleSurvey } from './organizations.js';
import * as fmt from './report-format.js';

export interface SurveyResponseRouteDeps {
  organizations: OrganizationService;
  surveys: SurveyService;
  units: UnitService;
  reports: Pick<ReportService, 'forSurvey'>;
  exports: ResponseExportService;
}

export function createSurveyResponseRouter({
  organizations,
  surveys,
  units,
  reports,
  exports,
}: SurveyResponseRouteDeps): Router {
  const router = Router();

  router.get('/orgs/:slug/surveys/:id/participation', async (req, res) => {
    const { org, survey } = await visibleSurvey(organizations, surveys, res, req.params.slug, req.params.id);
    const view = await reports.forSurvey(survey);
    res.render('staff/participation', {
      title: `Participation: ${survey.title}`,
      org,
      survey,
      overview: view.overview,
      report: view.report,
      participation: view.report.status === 'ok' ? participationView(view.report, await units.list(org.id)) : null,
      fmt,
    });
  });

  router.post('/orgs/:slug/surveys/:id/export', requireRole('admin'), async (req, res) => {
    const { org, survey } = await visibleSurvey(
      organizations,
      surveys,
      res,
      String(req.params.slug),
      String(req.params.id),
    );
    const file = await exports.exportResponses(currentUser(res), org.slug, survey);
    sendCsv(res, file.filename, file.csv);
  });

  return router;
}
