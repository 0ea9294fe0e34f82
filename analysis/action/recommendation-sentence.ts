/**
 * The recommendation in words (analysis/action/recommendation.ts): where to start and what to
 * redesign first, the priorities the tables show, how often the bootstrap ranks each first, the
 * near tie with every tied name, and the method in one sentence.
 */
import type { Interval, RankedWorkflow } from '../report/report.js';
import { LEVER_LABEL, LEVERS } from './priorities.js';

const f2 = (v: number) => v.toFixed(2);
const pct = (v: number) => `${Math.round(v * 100)}%`;
/** A pick frequency in words: never "100%" or "0%" unless it is exactly that. */
export const frequencyText = (f: number) =>
  f > 0.995 && f < 1 ? 'more than 99%' : f > 0 && f < 0.005 ? 'less than 1%' : pct(f);
const quoted = (w: string) => `"${w}"`;
/** "a", "a and b", "a, b and c" (or "or"). */
const list = (items: readonly string[], and = 'and') =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
/** " (95% CI lo–hi; tail)", " (tail)" without an interval, "" without either; `percent`: "78–98%". */
const ciOf = (ci: Interval | null, level: number, f: (v: number) => string, tail = '', percent = false) => {
  const range = ci && (percent ? `${Math.round(ci[0] * 100)}–${pct(ci[1])}` : `${f(ci[0])}–${f(ci[1])}`);
  const parts = [range ? `${Math.round(level * 100)}% CI ${range}` : '', tail].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
};

/** How the intervals, frequencies and ties were computed, in one sentence. */
export function methodSentence(
  bootstrap: { readonly B: number; readonly seed: number; readonly blocks: number; readonly blocked: boolean },
  level: number,
): string {
  const conf = `${Math.round(level * 100)}%`;
  const blocks = bootstrap.blocked
    ? `; a workflow of more than ${bootstrap.blocks} responses is resampled in ${bootstrap.blocks} blocks of respondents`
    : '';
  return (
    `Intervals are ${conf} bootstrap percentile intervals from ${bootstrap.B.toLocaleString('en-US')} resamples of the respondents within each workflow ` +
    `(seed ${bootstrap.seed}${blocks}); "first in" is the share of resamples in which a workflow or lever ranks first, and two ` +
    `are reported as tied when the ${conf} interval of the difference in their priorities includes 0.`
  );
}

/** The recommendation in words: where to start, what to redesign first, how often the bootstrap agrees, or the tie. */
export function headline(
  ranked: readonly RankedWorkflow[],
  tied: readonly string[],
  likert: { min: number; max: number },
  level: number,
  resamples: number | null,
): string {
  const best = ranked[0];
  const where = quoted(best.workflow);
  const firstLevers = (w: RankedWorkflow) => w.levers.filter((l, i) => i === 0 || w.tied_levers.includes(l.lever));
  const tiedLevers = firstLevers(best);
  /** "redesign data access", "redesign data access or measurement", or null when none of the three stands out. */
  const redesign = (w: RankedWorkflow) =>
    firstLevers(w).length === LEVERS.length
      ? null
      : `redesign ${list(
          firstLevers(w).map((l) => LEVER_LABEL[l.lever]),
          'or',
        )}`;
  const leverSet = (w: RankedWorkflow) =>
    firstLevers(w)
      .map((l) => l.lever)
      .sort()
      .join();
  const out: string[] = [];
  if (tied.length > 0) {
    const group = ranked.filter((w, i) => i === 0 || tied.includes(w.workflow));
    const same = group.every((w) => leverSet(w) === leverSet(best));
    const clause = (w: RankedWorkflow) => {
      const r = redesign(w);
      return r ? `${r} first` : 'no lever stands out';
    };
    const levers = same
      ? `In ${group.length === 2 ? 'either' : 'each'}, ${clause(best)}.`
      : `${group.map((w, i) => `${i === 0 ? 'In' : 'in'} ${quoted(w.workflow)}, ${clause(w)}`).join('; ')}.`;
    out.push(
      `No single workflow stands out: ${list(group.map((w) => quoted(w.workflow)))} are tied ` +
        `(priorities ${list(group.map((w) => f2(w.priority)))}; first in ${list(group.map((w) => frequencyText(w.pick_frequency ?? 0)))}` +
        `${ofResamples(resamples)}), so start with ${group.length === 2 ? 'either' : 'any of them'}. ${levers}`,
    );
  } else {
    const next = ranked[1];
    const firstIn =
      best.pick_frequency === null
        ? ''
        : ` and ranks first in ${frequencyText(best.pick_frequency)}${ofResamples(resamples)}`;
    out.push(
      `Start with ${where}${redesign(best) ? ` and ${redesign(best)} there first` : '; no lever stands out there'}. ${where} has the highest priority, ` +
        `${f2(best.priority)}${ciOf(best.priority_ci, level, f2, next ? `next ${quoted(next.workflow)}, ${f2(next.priority)}` : '')}${firstIn}.`,
    );
  }
  out.push(
    `Organizational factors carry ${pct(best.org_share)}${ciOf(best.org_share_ci, level, pct, '', true)} of the explained variance in ` +
      `${where} (n = ${best.n}) and average ${f2(best.org_mean)} on the ${likert.min}–${likert.max} scale.`,
  );
  const lever = best.levers[0];
  if (tiedLevers.length > 1)
    out.push(
      `${capitalized(list(tiedLevers.map((l) => LEVER_LABEL[l.lever])))} are tied as the lever to redesign first there (priorities ${list(tiedLevers.map((l) => f2(l.priority)))}; ` +
        `first in ${list(tiedLevers.map((l) => frequencyText(l.pick_frequency ?? 0)))} of resamples).`,
    );
  else
    out.push(
      `Of the three levers there, ${LEVER_LABEL[lever.lever]} has the highest priority, ${f2(lever.priority)}` +
        `${lever.pick_frequency === null ? '' : `, and ranks first in ${frequencyText(lever.pick_frequency)} of resamples`}; ` +
        `its mean is ${f2(lever.mean)}${ciOf(lever.mean_ci, level, f2)}.`,
    );
  return out.join(' ');
}

const ofResamples = (resamples: number | null) =>
  resamples === null ? '' : ` of ${resamples.toLocaleString('en-US')} resamples`;
const capitalized = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
