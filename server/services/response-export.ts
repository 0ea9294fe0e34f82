/**
 * The export of a survey's responses as the item CSV `readiness report` reads (README: items.csv):
 * admins only, recorded in the audit log. It holds the released, unflagged responses of the report's
 * latest release, so `readiness report` on it reproduces the report's figures, and no more than the
 * report may show:
 * - units and workflows are labelled by analysis/anonymity/export-groups.ts from the report's own
 *   suppression decision: a hidden unit is merged into its parent (repeatedly), and every label, and
 *   every unit-and-workflow pair, covers 0 or at least K rows;
 * - comments only when the report shows them (at least the comment threshold), sorted and written
 *   from the first row down in `comment_unlinked`, never on their writer's row, so no one's answers
 *   can be traced through a comment's wording;
 * - "does not apply" answers as `NA`, unanswered ones empty;
 * - no time at all (the file is named after the release day), rows in a sorted order, never the
 *   order they came in.
 */
import { exportLabels } from '../../analysis/anonymity/export-groups.js';
import type { FullReport } from '../../analysis/report/report.js';
import { NOT_APPLICABLE } from '../data/answer-columns.js';
import { insertAuditEvent } from '../data/audit-events.js';
import { responseRows } from '../data/report-rows.js';
import type { Survey } from '../data/surveys.js';
import { ConflictError, ForbiddenError } from '../errors.js';
import { toCsv } from './csv.js';
import { releasedResponses } from './released-responses.js';
import type { ReportReaderDeps } from './reports.js';
import type { StaffUser } from './users.js';

/** The export's label columns, before the item columns; `readiness report --unit unit --workflow workflow --comment comment_unlinked`. */
export const EXPORT_COLUMNS = ['unit', 'workflow', 'comment_unlinked'] as const;

export interface ResponseExport {
  readonly filename: string;
  readonly csv: string;
  readonly responses: number;
  /** The CSV's header and rows as strings (the API's JSON form of the same file). */
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** "Department / Team" per unit id of the report's tree. */
function unitPaths(report: FullReport): Map<string, string> {
  const byId = new Map(report.units.map((u) => [u.id, u]));
  const paths = new Map<string, string>();
  for (const u of report.units) {
    const names: string[] = [];
    for (
      let id: string | null = u.id;
      id !== null && names.length <= report.units.length;
      id = byId.get(id)?.parent ?? null
    )
      names.unshift(byId.get(id)?.name ?? id);
    paths.set(u.id, names.join(' / '));
  }
  return paths;
}

export function createResponseExportService({ db, clock, reports }: ReportReaderDeps) {
  /** The CSV of `survey` (already checked visible to `actor`); ForbiddenError for anyone but an admin, ConflictError below K. */
  async function exportResponses(actor: StaffUser, organizationSlug: string, survey: Survey): Promise<ResponseExport> {
    if (actor.role !== 'admin') throw new ForbiddenError('Only an admin can export responses.');
    const view = await reports.forSurvey(survey);
    const report = view.report;
    if (report.status !== 'ok' || !view.overview.release)
      throw new ConflictError(
        `The report has fewer than ${survey.anonymityThreshold} usable responses so far, so there is nothing to export yet.`,
        'Nothing to export yet',
      );
    const { itemIds, data } = await releasedResponses(db, survey, view, { keepNotApplicable: true });
    const rows = responseRows(data);
    const labels = exportLabels(
      rows.map((r) => ({ unit: r.unitId === null ? null : String(r.unitId), workflow: r.workflow || null })),
      report.units.map((u) => ({ id: u.id, name: u.name, parent: u.parent })),
      new Set(report.units.filter((u) => u.scores.suppressed).map((u) => u.id)),
      new Set(report.workflows.filter((w) => !w.n.suppressed && w.n.n > 0).map((w) => w.workflow)),
      report.meta.threshold,
    );
    const paths = unitPaths(report);
    const lines = rows.map((_, r) => {
      const answers = itemIds.map((id) => {
        const v = data.answers[id][r];
        // README (items.csv): empty = not answered, NA = "does not apply".
        return Number.isNaN(v) ? '' : v === NOT_APPLICABLE ? 'NA' : String(v);
      });
      const unit = labels.unit[r];
      return { unit: unit === null ? '' : (paths.get(unit) ?? unit), workflow: labels.workflow[r] ?? '', answers };
    });
    const key = (l: (typeof lines)[number]) => [l.unit, l.workflow, l.answers.join(',')].join('\u0000');
    lines.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const comments = report.comments.suppressed ? [] : report.comments.value;
    const columns = [...EXPORT_COLUMNS, ...itemIds];
    const records = lines.map((l, i) => [l.unit, l.workflow, comments[i] ?? '', ...l.answers]);
    const csv = toCsv(columns, records);
    const release = view.overview.release;
    await insertAuditEvent(db, {
      organizationId: survey.organizationId,
      userId: actor.id,
      surveyId: survey.id,
      action: 'responses.export',
      detail: {
        responses: lines.length,
        releaseId: release.id,
        releasedOn: release.releasedOn,
        comments: comments.length,
      },
      at: clock(),
    });
    return {
      filename: `responses-${organizationSlug}-${survey.code}-${release.releasedOn}.csv`,
      csv,
      responses: lines.length,
      columns,
      rows: records,
    };
  }

  return { exportResponses };
}

export type ResponseExportService = ReturnType<typeof createResponseExportService>;
