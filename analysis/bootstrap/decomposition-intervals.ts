/**
 * The intervals of a variance decomposition from its bootstrap draws: BCa (Efron 1987; DiCiccio &
 * Efron 1996; analysis/bootstrap/bca-interval.ts) for R², each predictor's LMG, each group LMG and
 * each group's share of R² (group LMG / R², from the replicates' ratios, not by dividing endpoints),
 * with the acceleration from the decomposition's jackknife (decomposition-jackknife.ts). One place
 * for the report's row and block bootstraps and the CLI's `analyze --bootstrap`, so all three give
 * the same kind of interval.
 */
import type { Named } from '../importance/relative-importance.js';
import type { Interval } from '../report/report.js';
import { bcaInterval, jackknifeAcceleration, type IntervalMethod } from './bca-interval.js';
import { percentileInterval, type DecompositionDraws } from './decomposition-bootstrap.js';
import type { DecompositionJackknife } from './decomposition-jackknife.js';

/** The full-sample figures the intervals are for (group keys as in the draws: groupPlayers names). */
export interface DecompositionEstimate {
  readonly r2: number;
  readonly lmg: Named;
  readonly groups: Named;
}

/** A figure whose interval is the percentile one instead of BCa, and why. */
export interface IntervalFallback {
  readonly statistic: 'r2' | 'lmg' | 'group_lmg' | 'share';
  /** The predictor or group; null for R². */
  readonly name: string | null;
  readonly reason: string;
}

export interface DecompositionIntervals {
  readonly r2: Interval | null;
  readonly lmg: Readonly<Record<string, Interval | null>>;
  readonly groups: Readonly<Record<string, Interval | null>>;
  /** Each group's share of R². */
  readonly shares: Readonly<Record<string, Interval | null>>;
  /** The method asked for; a figure in `fallbacks` got the percentile interval. */
  readonly method: IntervalMethod;
  readonly fallbacks: readonly IntervalFallback[];
  /** Why the acceleration was set to 0 (bias-corrected percentile intervals), or null. */
  readonly unaccelerated: string | null;
}

const ratios = (num: readonly number[], den: readonly number[]) => num.map((v, i) => v / den[i]);

/**
 * Intervals at coverage `level` for every figure of `estimate` from `draws`: BCa with the
 * acceleration of `jackknife` (method 'bca'), or percentile intervals (method 'percentile', as in the
 * coverage study's comparison). Without jackknife values (null, or a unit whose leave-out fit failed)
 * the acceleration is 0 and `unaccelerated` says why. A figure with no draws gets null.
 */
export function decompositionIntervals(
  draws: DecompositionDraws,
  estimate: DecompositionEstimate,
  jackknife: DecompositionJackknife | null,
  level: number,
  method: IntervalMethod = 'bca',
): DecompositionIntervals {
  const fallbacks: IntervalFallback[] = [];
  const unaccelerated =
    method === 'percentile'
      ? null
      : !jackknife
        ? 'no jackknife values were computed'
        : jackknife.failed > 0
          ? `leaving out ${jackknife.failed} of ${jackknife.units} ${jackknife.leaveOneOut ? 'rows' : 'blocks of rows'} makes a column constant or the predictors collinear`
          : null;
  const one = (
    statistic: IntervalFallback['statistic'],
    name: string | null,
    values: readonly number[] | undefined,
    value: number,
    jack: readonly number[] | undefined,
  ): Interval | null => {
    if (!values || values.length === 0) return null;
    if (method === 'percentile') return percentileInterval(values, level);
    const a = unaccelerated === null && jack ? jackknifeAcceleration(jack) : 0;
    const r = bcaInterval(values, value, a, level);
    if (r.fallback) fallbacks.push({ statistic, name, reason: r.fallback });
    return r.interval;
  };
  const jr2 = jackknife?.r2;
  const groupNames = Object.keys(estimate.groups);
  return {
    r2: one('r2', null, draws.r2, estimate.r2, jr2),
    lmg: Object.fromEntries(
      Object.keys(estimate.lmg).map((k) => [k, one('lmg', k, draws.lmg[k], estimate.lmg[k], jackknife?.lmg[k])]),
    ),
    groups: Object.fromEntries(
      groupNames.map((g) => [g, one('group_lmg', g, draws.groups[g], estimate.groups[g], jackknife?.groups[g])]),
    ),
    shares: Object.fromEntries(
      groupNames.map((g) => [
        g,
        one(
          'share',
          g,
          draws.groups[g] && ratios(draws.groups[g], draws.r2),
          estimate.groups[g] / estimate.r2,
          jackknife?.groups[g] && jr2 && ratios(jackknife.groups[g], jr2),
        ),
      ]),
    ),
    method,
    fallbacks,
    unaccelerated,
  };
}

/**
 * The intervals' caveats as sentences, one per fallback reason (which figures got a percentile
 * interval instead of BCa, and why) plus one when the acceleration was left out. `nameOf` gives a
 * predictor's display name (default: its id).
 */
export function intervalNotes(
  intervals: DecompositionIntervals,
  nameOf: (id: string) => string = (id) => id,
): string[] {
  const label = (f: IntervalFallback) =>
    f.statistic === 'r2'
      ? 'R²'
      : f.statistic === 'lmg'
        ? nameOf(f.name!)
        : `the ${f.name} ${f.statistic === 'share' ? 'share' : 'LMG'}`;
  const byReason = new Map<string, string[]>();
  for (const f of intervals.fallbacks) byReason.set(f.reason, [...(byReason.get(f.reason) ?? []), label(f)]);
  const list = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : xs[0]);
  const notes = [...byReason].map(
    ([reason, figures]) => `Percentile intervals instead of BCa for ${list(figures)}: ${reason}.`,
  );
  if (intervals.unaccelerated)
    notes.push(`Bootstrap intervals are bias-corrected but not accelerated: ${intervals.unaccelerated}.`);
  return notes;
}
