/**
 * A client's place in the benchmark pool, figure by figure: its percentile rank among the pool's
 * organizations that have the figure, the pool's quartiles (never a member's own value next to its
 * name: the pool is anonymous), and whether the client's 95% interval excludes the pool median.
 * A figure is placed only when at least `minPool` pool organizations have it.
 */
import type { Interval } from '../report/report.js';
import { differenceVerdict, type DifferenceVerdict } from './figure-intervals.js';
import { percentileRank } from './percentile-rank.js';
import { poolDistribution } from './pool-distribution.js';
import type { ClientFigure } from './report-figures.js';

/** The fewest qualifying pool organizations a figure is placed among. */
export const MIN_POOL = 5;

export type FigurePosition = ClientFigure &
  (
    | {
        readonly status: 'placed';
        readonly pool: { readonly count: number; readonly p25: number; readonly median: number; readonly p75: number };
        /** 0–100, mid-rank (percentile-rank.ts). */
        readonly percentile: number;
        /** The percentile ranks of the interval's ends, for the chart's whiskers; null without an interval. */
        readonly intervalPercentiles: Interval | null;
        /** 'unclear' also when there is no interval. */
        readonly verdict: DifferenceVerdict;
      }
    | { readonly status: 'too-few'; readonly poolCount: number }
  );

/**
 * Places each client figure among `pool` (one record of figure values per qualifying organization,
 * the client not among them). Throws when `minPool` is below 1.
 */
export function placeInPool(
  client: readonly ClientFigure[],
  pool: readonly Readonly<Record<string, number>>[],
  minPool = MIN_POOL,
): FigurePosition[] {
  if (!Number.isInteger(minPool) || minPool < 1)
    throw new RangeError(`minPool must be an integer ≥ 1 (got ${minPool})`);
  return client.map((f) => {
    const values = pool.map((p) => p[f.key]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (values.length < minPool) return { ...f, status: 'too-few', poolCount: values.length };
    const { count, p25, median, p75 } = poolDistribution(values);
    return {
      ...f,
      status: 'placed',
      pool: { count, p25, median, p75 },
      percentile: percentileRank(f.value, values),
      intervalPercentiles: f.interval
        ? [percentileRank(f.interval[0], values), percentileRank(f.interval[1], values)]
        : null,
      verdict: f.interval ? differenceVerdict(f.interval, median) : 'unclear',
    };
  });
}
