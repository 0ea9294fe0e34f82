/**
 * The overview's first screen in plain words: what the figures mean and where to start, built only
 * from Report fields (no statistic of its own), and what is missing when the report is suppressed,
 * thin or could not compute a figure. Technical terms stay in the "How to read this" notes and the
 * glossary (views/glossary.ejs); these sentences avoid them.
 */
import type { Report } from '../../../analysis/report/report.js';
import { LEVER_LABEL } from './report-format.js';

export interface ExecutiveSummary {
  /** The one sentence an executive reads first. */
  readonly lead: string;
  /** What else the figures say, in plain words. */
  readonly points: readonly string[];
  /** Where to start, and the report page that says why; null when the report cannot say yet. */
  readonly start: { readonly text: string; readonly page: 'priorities' } | null;
  /** What the report cannot show yet, and why, one sentence each. */
  readonly missing: readonly string[];
}

const pct = (v: number) => `${Math.round(v * 100)}%`;
const SEPARATES = 'what separates people who get more out of AI from those who get less';

/** The plain-words summary of `report` (see ExecutiveSummary). */
export function executiveSummary(report: Report): ExecutiveSummary {
  if (report.status === 'suppressed')
    return {
      lead: `Fewer than ${report.n_below} responses so far, so the report shows no figures yet.`,
      points: [],
      start: null,
      missing: [
        `Figures appear once at least ${report.n_below} people have answered, so that no one's answers can be recognized.`,
      ],
    };
  const d = report.decomposition;
  const missing: string[] = [];
  if (!d) {
    const reason =
      report.decomposition_needs?.sentence ?? report.warnings[0] ?? 'The main figure could not be computed.';
    return {
      lead: `Not enough complete responses yet to say ${SEPARATES}.`,
      points: [
        'The averages of each topic are on the Scales page; the split appears once enough people have answered.',
      ],
      start: null,
      missing: [reason],
    };
  }
  const level = report.meta.bootstrap ? Math.round(report.meta.bootstrap.level * 100) : null;
  const org = d.groups.find((g) => g.group === 'organizational');
  const ind = d.groups.find((g) => g.group === 'individual');
  let lead: string;
  if (!org || !ind) lead = `The survey's topics together explain ${pct(d.r2)} of the differences in AI performance.`;
  else {
    const ci = org.share_ci;
    const interval = ci && level ? ` (${level}% interval ${Math.round(ci[0] * 100)}–${pct(ci[1])})` : '';
    const orgWords = `${pct(org.share)} of the explained differences${interval}`;
    if (ci ? ci[0] > 0.5 : org.share > 0.5)
      lead = `Most of ${SEPARATES} is how the organization works: ${orgWords}. The rest, ${pct(ind.share)}, is down to individual skills, training and habits.`;
    else if (ci ? ci[1] < 0.5 : org.share < 0.5)
      lead = `Most of ${SEPARATES} is down to individual skills, training and habits: ${pct(ind.share)} of the explained differences. How the organization works accounts for ${pct(org.share)}${interval}.`;
    else
      lead = `How the organization works and what individuals bring matter about equally in ${SEPARATES}: the organization accounts for ${orgWords}, too close to half to say which matters more.`;
    if (!ci) missing.push('No uncertainty interval was computed for this report, so treat the split as approximate.');
  }
  const points = [
    `Together, the survey's topics explain ${pct(d.r2)} of the differences in how well people say AI works for them; the rest depends on things the survey does not ask.${d.r2 < 0.1 ? ' That is little, so read the split with care.' : ''}`,
  ];
  const rec = report.recommendation;
  const title = new Map(report.scales.map((s) => [s.id, s.title]));
  let start: ExecutiveSummary['start'] = null;
  if (rec?.workflow && rec.lever)
    start = {
      text: `Start with: redesign ${LEVER_LABEL[rec.lever] ?? rec.lever} in “${rec.workflow}”.`,
      page: 'priorities',
    };
  else if (report.priorities.length > 0) {
    const top = report.priorities[0];
    start = {
      text: `Start with: ${(title.get(top.scale) ?? top.scale).toLowerCase()}, the organizational topic that combines the most weight with the most room to improve.`,
      page: 'priorities',
    };
  }
  if (rec && !rec.workflow) missing.push(rec.sentence);
  else if (!rec && report.workflows.length === 0)
    missing.push('The survey asked no workflow, so the report cannot say which workflow to start with.');
  return { lead, points, start, missing };
}
