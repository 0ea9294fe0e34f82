/**
 * The intervals of a variance decomposition from its bootstrap draws, for R², each predictor's LMG,
 * each group LMG and each group's share of R² (group LMG / R², from the replicates' ratios, not by
 * dividing endpoints): BCa (Efron 1987; DiCiccio & Efron 1996; analysis/bootstrap/bca-interval.ts)
 * with the acceleration from the decomposition's jackknife (decomposition-jackknife.ts), or
 * percentile, per kind of figure (`REPORT_METHODS`). One place for the report's row and block
 * bootstraps and the CLI's `analyze --bootstrap`, so all three give the same intervals.
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

/** The method for each kind of figure: R², the LMG values (per predictor and per group), the shares of R². */
export interface IntervalMethods {
  readonly r2: IntervalMethod;
  readonly lmg: IntervalMethod;
  readonly shares: IntervalMethod;
}

/**
 * What the report and the CLI use, chosen by the coverage study (bench/coverage.ts; ARCHITECTURE.md
 * has its figures). R² and the LMG values run high in samples (more so with few respondents per
 * factor): their resamples sit above the estimate and percentile intervals miss mostly on one side;
 * BCa corrects that. A share of R² is a ratio whose numerator and denominator run high together, so
 * it is nearly median-unbiased; there BCa's bias correction mostly measures the sample's own error
 * and moves the interval the wrong way in the samples that decide coverage, so the share keeps the
 * percentile interval, which covers better (at n = 100 as at n = 300).
 */
export const REPORT_METHODS: IntervalMethods = { r2: 'bca', lmg: 'bca', shares: 'percentile' };

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
  /** The methods asked for; a figure in `fallbacks` got the percentile interval instead of BCa. */
  readonly methods: IntervalMethods;
  readonly fallbacks: readonly IntervalFallback[];
  /** Why the acceleration was set to 0 (bias-corrected percentile intervals), or null. */
  readonly unaccelerated: string | null;
}

const ratios = (num: readonly number[], den: readonly number[]) => num.map((v, i) => v / den[i]);

/**
 * Intervals at coverage `level` for every figure of `estimate` from `draws`, each kind by its method
 * in `methods` (default REPORT_METHODS; one method for all, as the coverage study compares them):
 * BCa with the acceleration of `jackknife`, or percentile. Without jackknife values for a BCa figure
 * (null, or a unit whose leave-out fit failed) the acceleration is 0 and `unaccelerated` says why.
 * A figure with no draws gets null.
 */
export function decompositionIntervals(
  draws: DecompositionDraws,
  estimate: DecompositionEstimate,
  jackknife: DecompositionJackknife | null,
  level: number,
  methods: IntervalMethod | IntervalMethods = REPORT_METHODS,
): DecompositionIntervals {
  const m: IntervalMethods = typeof methods === 'string' ? { r2: methods, lmg: methods, shares: methods } : methods;
  const fallbacks: IntervalFallback[] = [];
  const unaccelerated =
    m.r2 === 'percentile' && m.lmg === 'percentile' && m.shares === 'percentile'
      ? null
      : !jackknife
        ? 'no jackknife values were computed'
        : jackknife.failed > 0
          ? `leaving out ${jackknife.failed} of ${jackknife.units} ${jackknife.leaveOneOut ? 'rows' : 'blocks of rows'} makes a column constant or the predictors collinear`
          : null;
  const methodOf = { r2: m.r2, lmg: m.lmg, group_lmg: m.lmg, share: m.shares };
  const one = (
    statistic: IntervalFallback['statistic'],
    name: string | null,
    values: readonly number[] | undefined,
    value: number,
    jack: readonly number[] | undefined,
  ): Interval | null => {
    if (!values || values.length === 0) return null;
    if (methodOf[statistic] === 'percentile') return percentileInterval(values, level);
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
    methods: m,
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
    notes.push(`The BCa intervals are bias-corrected but not accelerated: ${intervals.unaccelerated}.`);
  return notes;
}
