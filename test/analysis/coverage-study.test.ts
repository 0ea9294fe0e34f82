/**
 * The coverage study's machinery (bench/coverage.ts, bench/coverage-population.ts): its true values
 * must be what a very large sample from its population gives, and a small run must tally every
 * replication once and repeat itself for a seed. (The study's figures come from running it.)
 */
import { describe, expect, it } from 'vitest';
import { decompositionOf } from '../../analysis/bootstrap/decomposition-bootstrap.js';
import { drawRows, POPULATION_MODEL, populationTruth } from '../../bench/coverage-population.js';
import { coverageStudy, coverageText } from '../../bench/coverage.js';
import { createPrng } from '../../server/demo/prng.js';

describe('the coverage study', () => {
  it('computes the true R² and organizational share that a sample of 200,000 from its population estimates', () => {
    const truth = populationTruth();
    const d = decompositionOf(drawRows(200_000, createPrng(11).normal), POPULATION_MODEL)!;
    // Sampling s.e. at n = 200,000: about 0.0015 for R² and 0.002 for the share.
    expect(Math.abs(d.r2 - truth.r2)).toBeLessThan(0.006);
    expect(Math.abs(d.groups[0] / d.r2 - truth.org_share)).toBeLessThan(0.008);
    expect(truth.groups.organizational + truth.groups.individual).toBeCloseTo(truth.r2, 12);
  });

  it('tallies each replication once per figure and method, and repeats itself for a seed', () => {
    const options = { replications: 4, B: 40, n: 120, seed: 3, level: 0.9 };
    const a = coverageStudy(options);
    for (const figure of ['r2', 'org_lmg', 'org_share'] as const)
      for (const method of ['percentile', 'bca'] as const) {
        const c = a.cells[figure][method];
        expect(c.covered + c.below + c.above).toBe(4);
        expect(c.width).toBeGreaterThan(0);
      }
    expect(coverageStudy(options)).toEqual(a);
    expect(coverageStudy({ ...options, seed: 4 }).cells.r2.bca.width).not.toBe(a.cells.r2.bca.width);
    expect(coverageText(a)).toMatch(/R²\s+bca\s+\d+\.\d%\s+\d+\.\d%/);
  });
});
