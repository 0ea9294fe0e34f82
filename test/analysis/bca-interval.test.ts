/**
 * BCa intervals (analysis/bootstrap/bca-interval.ts and decomposition-intervals.ts) against R's
 * boot package on one small case, replaying boot's own resamples; the normal distribution
 * functions against R; and the degenerate cases where BCa is undefined.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bcaInterval,
  jackknifeAcceleration,
  normalInterpolatedQuantile,
} from '../../analysis/bootstrap/bca-interval.js';
import {
  decompositionDraws,
  decompositionOf,
  percentileInterval,
} from '../../analysis/bootstrap/decomposition-bootstrap.js';
import { decompositionIntervals, intervalNotes } from '../../analysis/bootstrap/decomposition-intervals.js';
import { decompositionJackknife } from '../../analysis/bootstrap/decomposition-jackknife.js';
import { normalCdf, normalQuantile } from '../../analysis/linear/normal.js';
import { mulberry32 } from '../../analysis/linear/random.js';
import { expectClose } from './reference-case.js';

interface BootStat {
  readonly a: number;
  readonly bca: [number, number];
  readonly perc: [number, number];
  readonly t_sum: number;
}
interface BootReference {
  readonly R: number;
  readonly rows: number[][];
  readonly counts: string[];
  readonly t0: [number, number, number];
  readonly stats: { readonly r2: BootStat; readonly org_lmg: BootStat; readonly org_share: BootStat };
}

// Written by test/fixtures/bca-boot-reference.R (R 4.2.2, boot 1.3-28.1): boot(d, stat, R = 499), then per
// statistic k: L <- empinf(b, index = k, type = "jack"); boot.ci(b, type = "bca", index = k, L = L - mean(L)).
const ref = JSON.parse(
  readFileSync(new URL('../fixtures/bca-boot-reference.json', import.meta.url), 'utf8'),
) as BootReference;
const model = { outcome: 'y', predictors: ['x1', 'x2', 'x3'], groups: { org: ['x1', 'x2'], ind: ['x3'] } };

/** A `random` that makes decompositionDraws draw exactly boot's resamples: row r, counts[b][r] times. */
function replay(counts: readonly string[], n: number): () => number {
  const picks: number[] = [];
  for (const replicate of counts)
    for (let r = 0; r < n; r++) for (let c = 0; c < parseInt(replicate[r], 36); c++) picks.push((r + 0.5) / n);
  let k = 0;
  return () => picks[k++];
}

describe('BCa against boot::boot.ci(type = "bca") on boot’s own resamples', () => {
  const rows = ref.rows.map((r) => Float64Array.from(r));
  const draws = decompositionDraws(rows, model, ref.R, replay(ref.counts, rows.length));
  const point = decompositionOf(rows, model)!;
  const jackknife = decompositionJackknife(rows, model, mulberry32(1));
  const estimate = {
    r2: point.r2,
    lmg: { x1: point.lmg[0], x2: point.lmg[1], x3: point.lmg[2] },
    groups: { org: point.groups[0], ind: point.groups[1] },
  };
  const intervals = decompositionIntervals(draws, estimate, jackknife, 0.95, 'bca');

  it('replays the same resamples: the same statistics on the data and the same sum of draws', () => {
    expectClose(point.r2, ref.t0[0], 1e-12);
    expectClose(point.groups[0], ref.t0[1], 1e-12);
    expectClose(point.groups[0] / point.r2, ref.t0[2], 1e-12);
    expect(draws.failed).toBe(0);
    const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
    expectClose(sum(draws.r2), ref.stats.r2.t_sum, 1e-11);
    expectClose(sum(draws.groups.org), ref.stats.org_lmg.t_sum, 1e-11);
  });

  it('gets the acceleration of the centred leave-one-out jackknife', () => {
    expect(jackknife.leaveOneOut).toBe(true);
    expectClose(jackknifeAcceleration(jackknife.r2), ref.stats.r2.a, 1e-10);
    expectClose(jackknifeAcceleration(jackknife.groups.org), ref.stats.org_lmg.a, 1e-10);
    const shares = jackknife.groups.org.map((v, i) => v / jackknife.r2[i]);
    expectClose(jackknifeAcceleration(shares), ref.stats.org_share.a, 1e-10);
  });

  it('gives boot’s BCa interval for R², the organizational LMG and the organizational share', () => {
    expect(intervals.fallbacks).toEqual([]);
    expect(intervals.unaccelerated).toBeNull();
    const pairs: [readonly [number, number] | null, BootStat][] = [
      [intervals.r2, ref.stats.r2],
      [intervals.groups.org, ref.stats.org_lmg],
      [intervals.shares.org, ref.stats.org_share],
    ];
    for (const [got, want] of pairs) {
      expectClose(got![0], want.bca[0], 1e-9);
      expectClose(got![1], want.bca[1], 1e-9);
    }
    // The correction matters here: BCa moves the share's interval well away from the percentile one.
    expect(ref.stats.org_share.perc[0] - intervals.shares.org![0]).toBeGreaterThan(0.05);
  });
});

describe('normal distribution functions', () => {
  it('equal R’s pnorm and qnorm to 1e-15 relative, in the centre and far in both tails', () => {
    // R 4.2.2: sprintf("%.17g", pnorm(x)) and qnorm(p)
    const cdf: [number, number][] = [
      [-37, 5.7255712225245771e-300],
      [-8.3, 5.2055697448902552e-17],
      [-3, 0.0013498980316300946],
      [-1.96, 0.024997895148220428],
      [0.5, 0.69146246127401301],
      [0.675, 0.75016211752822293],
      [2.5, 0.99379033467422384],
    ];
    for (const [x, p] of cdf) expect(Math.abs(normalCdf(x) / p - 1)).toBeLessThan(1e-15);
    const quantile: [number, number][] = [
      [1e-300, -37.047096299361201],
      [1e-12, -7.0344838253011321],
      [0.025, -1.9599639845400538],
      [0.3, -0.52440051270804067],
      [0.924, 1.4325027208258119],
      [0.9999, 3.7190164854557084],
    ];
    for (const [p, z] of quantile) expect(Math.abs(normalQuantile(p) / z - 1)).toBeLessThan(1e-15);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(() => normalQuantile(1.5)).toThrow(/\[0, 1\]/);
  });
});

describe('bcaInterval', () => {
  const draws = Array.from({ length: 99 }, (_, i) => i + 1); // 1 … 99

  it('reads order statistics as boot’s norm.inter: an integer rank exactly, else interpolated on the normal scale', () => {
    expect(normalInterpolatedQuantile(draws, 0.05)).toBe(5); // (99 + 1) · 0.05 = 5
    expect(normalInterpolatedQuantile(draws, 0.001)).toBe(1); // below the first: the extreme draw
    expect(normalInterpolatedQuantile(draws, 0.9999)).toBe(99);
    const z = (p: number) => normalQuantile(p);
    expect(normalInterpolatedQuantile(draws, 0.025)).toBeCloseTo(2 + (z(0.025) - z(0.02)) / (z(0.03) - z(0.02)), 12);
  });

  it('is the bias-corrected interval when a = 0, with the levels moved by 2·z0 (checked by hand)', () => {
    // 30 of 99 draws lie below 30.5: z0 = Φ⁻¹(30/99); α' = Φ(2 z0 ± 1.96).
    const r = bcaInterval(draws, 30.5, 0, 0.95);
    const z0 = normalQuantile(30 / 99);
    expect(r.method).toBe('bca');
    expect(r.z0).toBeCloseTo(z0, 14);
    const lo = normalCdf(2 * z0 + normalQuantile(0.025));
    const hi = normalCdf(2 * z0 + normalQuantile(0.975));
    expect(r.interval[0]).toBeCloseTo(normalInterpolatedQuantile(draws, lo), 12);
    expect(r.interval[1]).toBeCloseTo(normalInterpolatedQuantile(draws, hi), 12);
    expect(r.interval[1]).toBeLessThan(percentileInterval(draws, 0.95)[1] - 10);
  });

  it('computes the acceleration from jackknife values by Efron’s formula', () => {
    // values 0, 0, 3: mean 1, d = 1, 1, −2; Σd² = 6, Σd³ = −6; a = −6 / (6 · 6^1.5).
    expect(jackknifeAcceleration([0, 0, 3])).toBeCloseTo(-1 / 6 ** 1.5, 14);
    expect(jackknifeAcceleration([1, 2, 3, 4])).toBe(0);
    expect(jackknifeAcceleration([2, 2, 2])).toBe(0); // no spread: no acceleration, not NaN
  });

  it('falls back to the percentile interval, saying why, when every draw is equal', () => {
    const r = bcaInterval([0.4, 0.4, 0.4, 0.4], 0.4, 0.1, 0.95);
    expect(r.method).toBe('percentile');
    expect(r.interval).toEqual([0.4, 0.4]);
    expect(r.fallback).toMatch(/same value/);
  });

  it('falls back to the percentile interval when the estimate lies outside the draws (z0 infinite)', () => {
    for (const [estimate, why] of [
      [0, /no resample fell below/],
      [100, /every resample fell below/],
    ] as const) {
      const r = bcaInterval(draws, estimate, 0, 0.95);
      expect(r.method).toBe('percentile');
      expect(Number.isFinite(r.z0)).toBe(false);
      expect(r.interval).toEqual(percentileInterval(draws, 0.95));
      expect(r.fallback).toMatch(why);
    }
  });

  it('falls back to the percentile interval when the acceleration passes the pole of the correction', () => {
    // 1 − a (z0 + 1.96) ≤ 0 for a = 0.6 at z0 = 0.
    const r = bcaInterval(draws, 50, 0.6, 0.95);
    expect(r.method).toBe('percentile');
    expect(r.fallback).toMatch(/acceleration is too large/);
  });

  it('ignores non-finite draws and rejects no draws or a bad level', () => {
    expect(bcaInterval([...draws, NaN, Infinity], 30.5, 0, 0.95)).toEqual(bcaInterval(draws, 30.5, 0, 0.95));
    expect(() => bcaInterval([], 1, 0, 0.95)).toThrow(/at least one/);
    expect(() => bcaInterval(draws, 1, 0, 95)).toThrow(/between 0 and 1/);
  });
});

describe('decompositionIntervals fallbacks', () => {
  const estimate = { r2: 0.5, lmg: { a: 0.3, b: 0.2 }, groups: { g: 0.3, h: 0.2 } };
  const draws = {
    r2: [0.6, 0.61, 0.62, 0.63], // all above the estimate: z0 = −∞
    lmg: { a: [0.3, 0.31, 0.29, 0.32], b: [0.2, 0.21, 0.19, 0.22] },
    groups: { g: [0.3, 0.31, 0.29, 0.32], h: [0.2, 0.21, 0.19, 0.22] },
    failed: 0,
  };

  it('names each figure that got a percentile interval, and why, in one sentence per reason', () => {
    const iv = decompositionIntervals(draws, estimate, null, 0.95);
    expect(iv.fallbacks.map((f) => [f.statistic, f.name])).toContainEqual(['r2', null]);
    const notes = intervalNotes(iv, (id) => id.toUpperCase());
    expect(notes[0]).toMatch(/^Percentile intervals instead of BCa for R².*: no resample fell below the estimate/);
    expect(notes.at(-1)).toBe(
      'The BCa intervals are bias-corrected but not accelerated: no jackknife values were computed.',
    );
  });

  it('by default (REPORT_METHODS) gives BCa for R² and the LMG values and the percentile interval for the shares', () => {
    const iv = decompositionIntervals({ ...draws, r2: [0.45, 0.5, 0.55, 0.6] }, estimate, null, 0.95);
    expect(iv.methods).toEqual({ r2: 'bca', lmg: 'bca', shares: 'percentile' });
    expect(iv.r2).toEqual(bcaInterval([0.45, 0.5, 0.55, 0.6], 0.5, 0, 0.95).interval);
    expect(iv.r2).not.toEqual(percentileInterval([0.45, 0.5, 0.55, 0.6], 0.95));
    expect(iv.shares.g).toEqual(
      percentileInterval(
        draws.groups.g.map((v, i) => v / [0.45, 0.5, 0.55, 0.6][i]),
        0.95,
      ),
    );
  });

  it('gives percentile intervals only when asked, with no notes', () => {
    const iv = decompositionIntervals(draws, estimate, null, 0.95, 'percentile');
    expect(iv.r2).toEqual(percentileInterval(draws.r2, 0.95));
    expect(iv.shares.g).toEqual(
      percentileInterval(
        draws.groups.g.map((v, i) => v / draws.r2[i]),
        0.95,
      ),
    );
    expect(intervalNotes(iv)).toEqual([]);
  });
});
