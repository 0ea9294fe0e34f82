/**
 * The CSV downloads of the workflow decision (priorities page): the ranked workflows and the levers
 * of each, with the bootstrap intervals (lower, upper) and pick frequencies the page shows, from the
 * Report's `recommendation`. Only workflows with their own decomposition appear, never a suppressed
 * one; a figure the bootstrap did not compute is an empty cell.
 */
import type { FullReport, Interval } from '../../../analysis/report/report.js';
import { csvOptional, csvRound, LEVER_LABEL } from './report-format.js';

type Value = string | number;

const round = csvRound;
const opt = csvOptional;
const bounds = (ci: Interval | null): Value[] => [opt(ci?.[0]), opt(ci?.[1])];

export const DECISION_TABLES = {
  'workflow-ranking': (report: FullReport) => {
    const rec = report.recommendation;
    return {
      header: [
        'rank',
        'workflow',
        'n',
        'tied_with_first',
        'organizational_share',
        'organizational_share_lower',
        'organizational_share_upper',
        'organizational_mean',
        'priority',
        'priority_lower',
        'priority_upper',
        'first_in_share_of_resamples',
      ],
      rows: (rec?.ranked ?? []).map((w, i): Value[] => [
        i + 1,
        w.workflow,
        w.n,
        rec!.tied_workflows.includes(w.workflow) ? 'yes' : i === 0 && rec!.tied_workflows.length > 0 ? 'first' : '',
        round(w.org_share),
        ...bounds(w.org_share_ci),
        round(w.org_mean),
        round(w.priority),
        ...bounds(w.priority_ci),
        opt(w.pick_frequency),
      ]),
    };
  },
  levers: (report: FullReport) => ({
    header: [
      'workflow',
      'rank',
      'lever',
      'scale',
      'tied_with_first',
      'share_of_explained_variance',
      'mean',
      'mean_lower',
      'mean_upper',
      'priority',
      'priority_lower',
      'priority_upper',
      'first_in_share_of_resamples',
    ],
    rows: (report.recommendation?.ranked ?? []).flatMap((w) =>
      w.levers.map((l, i): Value[] => [
        w.workflow,
        i + 1,
        LEVER_LABEL[l.lever] ?? l.lever,
        l.scale,
        w.tied_levers.includes(l.lever) ? 'yes' : '',
        round(l.share),
        round(l.mean),
        ...bounds(l.mean_ci),
        round(l.priority),
        ...bounds(l.priority_ci),
        opt(l.pick_frequency),
      ]),
    ),
  }),
};
