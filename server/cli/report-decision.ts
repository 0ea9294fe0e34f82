/**
 * The workflow decision in `readiness report`'s readable output: the recommendation sentence (with
 * the tie, when there is one), the ranking rule, how the intervals and pick frequencies were made,
 * the ranked workflows and the levers of the first one, each with its intervals and how often it
 * ranks first. Everything comes from the Report's `recommendation`; nothing is computed here.
 */
import { LEVER_LABEL } from '../../analysis/action/priorities.js';
import { frequencyText } from '../../analysis/action/recommendation-sentence.js';
import type { FullReport, Interval } from '../../analysis/report/report.js';
import { table } from './text-table.js';

const f2 = (x: number) => x.toFixed(2);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const pctRange = (ci: Interval) => `${Math.round(ci[0] * 100)}–${pct(ci[1])}`;
const withCi = (value: string, ci: Interval | null, f: (x: number) => string) =>
  ci ? `${value} (${f(ci[0])}–${f(ci[1])})` : value;

/** The Recommendation section's body: sentence, rule, method, ranked workflows, the first workflow's levers, what was not ranked. */
export function decisionText(r: FullReport): string {
  const rec = r.recommendation;
  if (!rec) return '';
  const out: string[] = [`${rec.sentence}\n`];
  const u = rec.uncertainty;
  const ci = u ? ` (${Math.round(u.level * 100)}% CI)` : '';
  if (rec.ranked.length > 0) {
    out.push(`${rec.rule}\n`);
    if (u) out.push(`${u.sentence}\n`);
    const tied = new Set(rec.tied_workflows);
    out.push(
      '\n' +
        table(
          ['workflow', 'rank', 'n', `organizational share${ci}`, 'organizational mean', `priority${ci}`, 'first in'],
          rec.ranked.map((w, i) => [
            w.workflow,
            `${i + 1}${tied.has(w.workflow) ? ' (tied with 1)' : ''}`,
            String(w.n),
            w.org_share_ci ? `${pct(w.org_share)} (${pctRange(w.org_share_ci)})` : pct(w.org_share),
            f2(w.org_mean),
            withCi(f2(w.priority), w.priority_ci, f2),
            w.pick_frequency === null ? '–' : frequencyText(w.pick_frequency),
          ]),
        ),
    );
    const best = rec.ranked[0];
    out.push(
      `\nLevers in "${best.workflow}"\n` +
        table(
          ['lever', 'rank', 'share of explained variance', `mean${ci}`, `priority${ci}`, 'first in'],
          best.levers.map((l, i) => [
            LEVER_LABEL[l.lever],
            `${i + 1}${best.tied_levers.includes(l.lever) ? ' (tied with 1)' : ''}`,
            pct(l.share),
            withCi(f2(l.mean), l.mean_ci, f2),
            withCi(f2(l.priority), l.priority_ci, f2),
            l.pick_frequency === null ? '–' : frequencyText(l.pick_frequency),
          ]),
        ),
    );
  }
  out.push(rec.ineligible.map((i) => `  not ranked: "${i.workflow}": ${i.reason}\n`).join(''));
  return out.join('');
}
