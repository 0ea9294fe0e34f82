/**
 * The pure benchmark computations: percentile rank (mid-rank), the pool's five-number summary, the
 * client's intervals (normal mean, Wilson proportion) with the verdict against the pool median, and
 * the sample-size flag. Expected values state where they came from.
 */
import { describe, expect, it } from 'vitest';
import { differenceVerdict, meanInterval, proportionInterval } from '../../analysis/benchmarks/figure-intervals.js';
import { percentileRank } from '../../analysis/benchmarks/percentile-rank.js';
import { poolDistribution } from '../../analysis/benchmarks/pool-distribution.js';
import { placeInPool } from '../../analysis/benchmarks/pool-position.js';
import { poolValues, positionFigures, type ClientFigure } from '../../analysis/benchmarks/report-figures.js';
import { sampleSize } from '../../analysis/benchmarks/sample-size.js';
import type { FullReport } from '../../analysis/report/report.js';

describe('percentileRank', () => {
  it('counts the pool below and half the pool equal (scipy percentileofscore kind="mean")', () => {
    // scipy.stats.percentileofscore([1, 2, 3, 4], 3, kind='mean') = 62.5
    expect(percentileRank(3, [1, 2, 3, 4])).toBeCloseTo(62.5, 12);
    // percentileofscore([1, 2, 3, 3, 4], 3, kind='mean') = 60.0
    expect(percentileRank(3, [1, 2, 3, 3, 4])).toBeCloseTo(60, 12);
    expect(percentileRank(0, [1, 2, 3, 4, 5])).toBe(0);
    expect(percentileRank(9, [1, 2, 3, 4, 5])).toBe(100);
    expect(percentileRank(3, [1, 2, 4, 5])).toBe(50);
  });

  it('throws on an empty pool or a value that is not finite', () => {
    expect(() => percentileRank(1, [])).toThrow(/at least one pool value/);
    expect(() => percentileRank(Number.NaN, [1])).toThrow(/finite/);
    expect(() => percentileRank(1, [1, Number.POSITIVE_INFINITY])).toThrow(/finite/);
  });
});

describe('poolDistribution', () => {
  it("gives R's type-7 quartiles", () => {
    // R: quantile(c(5, 1, 4, 2, 3, 10)) = 1, 2.25, 3.5, 4.75, 10
    expect(poolDistribution([5, 1, 4, 2, 3, 10])).toEqual({
      count: 6,
      min: 1,
      p25: 2.25,
      median: 3.5,
      p75: 4.75,
      max: 10,
    });
    expect(() => poolDistribution([])).toThrow(/at least one value/);
  });
});

describe('client intervals and the verdict against the pool median', () => {
  it('gives mean ± 1.96·sd/√n for a mean', () => {
    const [lo, hi] = meanInterval(3, 1, 100);
    // 1.959964 / 10 = 0.1959964
    expect(lo).toBeCloseTo(2.8040036, 6);
    expect(hi).toBeCloseTo(3.1959964, 6);
    expect(() => meanInterval(3, 1, 1)).toThrow(/at least 2/);
  });

  it('gives the Wilson interval for a proportion', () => {
    // R: prop.test(20, 100, correct = FALSE)$conf.int = 0.1333669 0.2888292
    const [lo, hi] = proportionInterval(0.2, 100);
    expect(lo).toBeCloseTo(0.1333669, 6);
    expect(hi).toBeCloseTo(0.2888292, 6);
    const [zeroLo] = proportionInterval(0, 10);
    expect(zeroLo).toBe(0);
    expect(() => proportionInterval(1.2, 10)).toThrow(/\[0, 1\]/);
  });

  it('calls a difference clear only when the interval excludes the pool median', () => {
    expect(differenceVerdict([0.6, 0.8], 0.5)).toBe('above');
    expect(differenceVerdict([0.1, 0.4], 0.5)).toBe('below');
    expect(differenceVerdict([0.4, 0.6], 0.5)).toBe('unclear');
  });
});

describe('sampleSize', () => {
  it('separates below-threshold, small and adequate samples', () => {
    expect(sampleSize(3, 5)).toBe('below-threshold');
    expect(sampleSize(7, 5)).toBe('small');
    expect(sampleSize(29, 5)).toBe('small');
    expect(sampleSize(30, 5)).toBe('adequate');
    expect(sampleSize(401, 5)).toBe('adequate');
    expect(() => sampleSize(-1, 5)).toThrow(/non-negative/);
    expect(() => sampleSize(3, 0)).toThrow(/threshold/);
  });
});

describe('placeInPool', () => {
  const client: ClientFigure[] = [
    { key: 'a', label: 'A', kind: 'mean', value: 4, interval: [3.8, 4.2], method: 'normal' },
    { key: 'b', label: 'B', kind: 'share', value: 0.5, interval: null, method: null },
  ];

  it('places a figure among the pool members that have it, with quartiles and the verdict', () => {
    const pool = [1, 2, 3, 3.5, 5].map((a) => ({ a, b: 0.4 }));
    const [a, b] = placeInPool(client, pool);
    if (a.status !== 'placed' || b.status !== 'placed') throw new Error('both should be placed');
    // 4 of 5 pool values lie below 4: percentileofscore([1, 2, 3, 3.5, 5], 4, kind='mean') = 80
    expect(a.percentile).toBe(80);
    expect(a.pool).toEqual({ count: 5, p25: 2, median: 3, p75: 3.5 });
    expect(a.verdict).toBe('above');
    expect(a.intervalPercentiles).toEqual([80, 80]);
    expect(b.percentile).toBe(100);
    expect(b.verdict).toBe('unclear');
  });

  it('withholds a figure fewer than 5 pool members have', () => {
    const pool: Record<string, number>[] = [{ a: 1, b: 0.2 }, { a: 2, b: 0.3 }, { a: 3 }, { a: 4 }, { a: 5 }];
    const [a, b] = placeInPool(client, pool);
    expect(a.status).toBe('placed');
    expect(b).toMatchObject({ status: 'too-few', poolCount: 2 });
    expect(placeInPool(client, pool.slice(0, 4))[0]).toMatchObject({ status: 'too-few', poolCount: 4 });
  });
});

describe('positionFigures', () => {
  // Only the fields positionFigures reads; the rest of a FullReport plays no part.
  const report = {
    decomposition: {
      groups: [
        { group: 'organizational', share: 0.6, share_ci: [0.5, 0.7] },
        { group: 'individual', share: 0.4, share_ci: null },
      ],
    },
    segments: {
      overall: {
        misaligned: { suppressed: false, n: 100, value: 0.2 },
        high_performer: { suppressed: true, n_below: 5 },
      },
    },
    scales: [
      { id: 'dr', title: 'Decision rights', n: 100, mean: 3, sd: 1 },
      { id: 'empty', title: 'Empty', n: 0, mean: Number.NaN, sd: Number.NaN },
    ],
  } as unknown as FullReport;

  it('reads the split with its bootstrap interval, segments with Wilson intervals and scale means with normal ones', () => {
    const figures = positionFigures(report);
    expect(figures.map((f) => f.key)).toEqual(['org_share', 'ind_share', 'misaligned', 'scale:dr:mean']);
    expect(figures[0]).toMatchObject({ value: 0.6, interval: [0.5, 0.7], method: 'bootstrap' });
    expect(figures[1]).toMatchObject({ value: 0.4, interval: null, method: null });
    // R: prop.test(20, 100, correct = FALSE)$conf.int = 0.1333669 0.2888292
    expect(figures[2].method).toBe('wilson');
    expect(figures[2].interval![0]).toBeCloseTo(0.1333669, 6);
    expect(figures[3]).toMatchObject({ label: 'Decision rights: mean', method: 'normal' });
    expect(figures[3].interval![1]).toBeCloseTo(3.1959964, 6);
    expect(poolValues(report)).toEqual({ org_share: 0.6, ind_share: 0.4, misaligned: 0.2, 'scale:dr:mean': 3 });
  });
});
