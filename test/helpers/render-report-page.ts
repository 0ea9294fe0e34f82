/**
 * A report page rendered straight from its EJS template (no database, no HTTP) with the locals
 * server/routes/staff/reports.ts passes: the suppressed template for a suppressed report, as the route does.
 */
import { join } from 'node:path';
import { renderFile } from 'ejs';
import type { Report } from '../../analysis/report/report.js';
import { viewsDir } from '../../server/paths.js';
import * as fmt from '../../server/routes/staff/report-format.js';
import { executiveSummary } from '../../server/routes/staff/report-summary.js';
import { REPORT_PAGES, reportPageModels } from '../../server/routes/staff/reports.js';

export function renderReportPage(view: string, report: Report): Promise<string> {
  const page = REPORT_PAGES.find((p) => p.view === view)!;
  const locals = {
    title: page.label,
    org: { slug: 'org', name: 'Org' },
    survey: { id: 1, title: 'Wave', anonymityThreshold: report.meta.threshold },
    view: { report, overview: { release: null, waiting: false, invitations: false }, bootstrapMethod: 'rows' },
    overview: { release: null, waiting: false, invitations: false, invitationsAddedAfterOpening: 0 },
    pages: REPORT_PAGES,
    page,
    base: '/orgs/org/surveys/1/report',
    fmt,
  };
  return report.status === 'suppressed'
    ? renderFile(join(viewsDir, 'report', 'suppressed.ejs'), { ...locals, report, summary: executiveSummary(report) })
    : renderFile(join(viewsDir, 'report', `${view}.ejs`), { ...locals, ...reportPageModels(report) });
}
