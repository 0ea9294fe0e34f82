/**
 * Respondent segments from the instrument's SegmentRules: "misaligned" (uses AI regularly but does
 * not tie it to goals the organization set) and "high performers" (top band of the outcome), with
 * their shares overall and per unit as suppressed-or-shown cells.
 */
import { cellUnless, type Cell } from '../anonymity/suppressed.js';
import { suppressGroups, type GroupCount } from '../anonymity/suppression.js';
import type { UnitLabels } from '../multilevel/icc.js';
import type { SegmentRules } from '../scales/instrument.js';

/** Per respondent: 1 = in the segment, 0 = not, −1 = unknown (a needed score is missing). */
export interface SegmentFlags {
  readonly misaligned: Int8Array;
  readonly high_performer: Int8Array;
}

function scoreOf(scores: Readonly<Record<string, Float64Array>>, id: string, rule: string): Float64Array {
  const s = scores[id];
  if (!s) throw new Error(`segment rule "${rule}" names scale "${id}", which has no scores`);
  return s;
}

/**
 * Flags each respondent by the threshold rules on scale scores: misaligned when usage ≥ usageAtLeast
 * and alignment ≤ alignmentAtMost (both present); high performer when outcome ≥ atLeast.
 * Throws when a rule names a scale that is not in `scores`.
 */
export function segmentFlags(rules: SegmentRules, scores: Readonly<Record<string, Float64Array>>): SegmentFlags {
  const m = rules.misaligned,
    h = rules.highPerformer;
  const usage = scoreOf(scores, m.usageScale, 'misaligned'),
    align = scoreOf(scores, m.alignmentScale, 'misaligned');
  const outcome = scoreOf(scores, h.outcomeScale, 'highPerformer');
  const misaligned = new Int8Array(usage.length),
    highPerformer = new Int8Array(outcome.length);
  for (let i = 0; i < usage.length; i++) {
    misaligned[i] =
      Number.isNaN(usage[i]) || Number.isNaN(align[i])
        ? -1
        : usage[i] >= m.usageAtLeast && align[i] <= m.alignmentAtMost
          ? 1
          : 0;
  }
  for (let i = 0; i < outcome.length; i++)
    highPerformer[i] = Number.isNaN(outcome[i]) ? -1 : outcome[i] >= h.atLeast ? 1 : 0;
  return { misaligned, high_performer: highPerformer };
}

export interface SegmentShares {
  /** Share in [0, 1] of respondents with both scores who are misaligned; n = those respondents. */
  readonly misaligned: Cell<number>;
  /** Share in [0, 1] of respondents with an outcome score who are high performers. */
  readonly high_performer: Cell<number>;
}

export interface SegmentReport {
  readonly overall: SegmentShares;
  /**
   * segmentShares: units in order of first appearance; in the report (report-units.ts `unitsPart`): every
   * unit of the tree in the heatmap's order, departments over their subtree. Rows without a unit count
   * only in the overall shares.
   */
  readonly units: readonly { readonly unit: string; readonly shares: SegmentShares }[];
}

/**
 * Segment shares overall and per unit, each a Cell carrying its n (the respondents with the needed
 * scores). Suppression (analysis/anonymity/suppression.ts) runs per segment on the tree "overall → units",
 * including the differencing guard; a unit suppressed for either segment is suppressed for both,
 * so its n cannot be read off the other one.
 */
export function segmentShares(
  rules: SegmentRules,
  scores: Readonly<Record<string, Float64Array>>,
  units: UnitLabels | null,
  threshold: number,
): SegmentReport {
  const flags = segmentFlags(rules, scores);
  const rows = flags.misaligned.length;
  if (units && units.length !== rows) throw new Error(`got ${rows} respondents but ${units.length} unit labels`);
  const labels: string[] = [];
  const unitOf = new Int32Array(rows).fill(-1);
  const index = new Map<string, number>();
  // Integer codes are looked up by code (no string per row); labels by their string.
  const byCode =
    units instanceof Int32Array ? new Int32Array(units.reduce((m, u) => Math.max(m, u), 0) + 1).fill(-1) : null;
  for (let i = 0; units && i < rows; i++) {
    const u = units[i];
    if (u === null || u === undefined || u === '' || (typeof u === 'number' && u < 0)) continue;
    if (byCode && byCode[u as number] >= 0) {
      unitOf[i] = byCode[u as number];
      continue;
    }
    const key = String(u);
    if (!index.has(key)) {
      index.set(key, labels.length);
      labels.push(key);
    }
    unitOf[i] = index.get(key)!;
    if (byCode) byCode[u as number] = unitOf[i];
  }
  const tally = (f: Int8Array) => {
    const n = new Float64Array(labels.length + 1),
      yes = new Float64Array(labels.length + 1); // last slot = overall
    for (let i = 0; i < rows; i++) {
      if (f[i] < 0) continue;
      n[labels.length]++;
      yes[labels.length] += f[i];
      if (unitOf[i] >= 0) {
        n[unitOf[i]]++;
        yes[unitOf[i]] += f[i];
      }
    }
    return { n, yes };
  };
  const mis = tally(flags.misaligned),
    high = tally(flags.high_performer);
  const tree = (n: Float64Array): GroupCount[] => [
    { key: 'overall', n: n[labels.length] },
    ...labels.map((_, j) => ({ key: `unit:${j}`, n: n[j], parentKey: 'overall' })),
  ];
  const hidden = new Set([...suppressGroups(tree(mis.n), threshold), ...suppressGroups(tree(high.n), threshold)]);
  const shares = (j: number, key: string): SegmentShares => ({
    misaligned: cellUnless(hidden.has(key), mis.n[j], mis.n[j] > 0 ? mis.yes[j] / mis.n[j] : NaN, threshold),
    high_performer: cellUnless(hidden.has(key), high.n[j], high.n[j] > 0 ? high.yes[j] / high.n[j] : NaN, threshold),
  });
  return {
    overall: shares(labels.length, 'overall'),
    units: labels.map((unit, j) => ({ unit, shares: shares(j, `unit:${j}`) })),
  };
}
