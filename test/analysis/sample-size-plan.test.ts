/**
 * The sample-size planner (analysis/planning/): its population has the assumed R² and split, its
 * delta-method width agrees with simulated surveys, and its minimums are the report's own.
 */
import { describe, expect, it } from 'vitest';
import { choleskySolve } from '../../analysis/linear/cholesky.js';
import { expectedOrgShareInterval, orgShareAsymptoticVariance } from '../../analysis/planning/org-share-variance.js';
import { planSentences } from '../../analysis/planning/plan-sentences.js';
import {
  DEFAULT_ASSUMPTIONS,
  orgShareOfCovariance,
  planningPopulation,
} from '../../analysis/planning/planning-population.js';
import { planSurvey, TARGET_HALF_WIDTH } from '../../analysis/planning/sample-size-plan.js';
import { simulatedOrgShares } from '../../analysis/planning/share-simulation.js';
import { decompositionNeeds } from '../../analysis/report/report-decomposition.js';
import { MIN_N_PER_PREDICTOR } from '../../analysis/report/report-workflows.js';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { instrument } from '../fixtures/demo-report-input.js';

/** R² of the outcome (column 0) on the rest, from a (1 + p) × (1 + p) covariance: c′Σxx⁻¹c / σ²y. */
function populationR2(sigma: Float64Array, p: number): number {
  const q = p + 1;
  const sxx = Float64Array.from({ length: p * p }, (_, k) => sigma[(Math.floor(k / p) + 1) * q + (k % p) + 1]);
  const c = Float64Array.from({ length: p }, (_, i) => sigma[(i + 1) * q]);
  const b = choleskySolve(sxx, c, p);
  return c.reduce((s, v, i) => s + v * b[i], 0) / sigma[0];
}

const sd = (xs: readonly number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

describe('the planning population', () => {
  it.each([
    [5, 3, DEFAULT_ASSUMPTIONS],
    [2, 4, { r2: 0.5, org_share: 0.4, within_org: 0.6, within_ind: 0.2, between: 0.3 }],
  ])('has the assumed R² and organizational share (%i organizational, %i individual scales)', (o, i, a) => {
    const population = planningPopulation(o, i, a);
    expect(populationR2(population.sigma, o + i)).toBeCloseTo(a.r2, 10);
    expect(orgShareOfCovariance(population.sigma, o, i)).toBeCloseTo(a.org_share, 10);
  });

  it('refuses assumptions out of range, correlations that cannot coexist and a split they cannot reach', () => {
    expect(() => planningPopulation(5, 3, { ...DEFAULT_ASSUMPTIONS, r2: 1 })).toThrow(
      /R² must lie strictly between 0 and 1/,
    );
    expect(() => planningPopulation(5, 3, { ...DEFAULT_ASSUMPTIONS, org_share: 0 })).toThrow(/organizational share/);
    expect(() =>
      planningPopulation(5, 3, { ...DEFAULT_ASSUMPTIONS, within_org: 0.1, within_ind: 0.1, between: 0.9 }),
    ).toThrow(/not possible together/);
    expect(() => planningPopulation(5, 3, { ...DEFAULT_ASSUMPTIONS, org_share: 0.99 })).toThrow(
      /can only lie between 0\.\d\d and 0\.\d\d/,
    );
  });
});

describe('the delta-method width against simulated surveys', () => {
  // 300 seeded surveys per n from the default population of the default instrument (5 + 3 scales).
  const population = planningPopulation(5, 3);
  const v = orgShareAsymptoticVariance(population);
  it.each([100, 300, 1000])(
    'predicts the half-width of the 95 percent interval at n = %i within a quarter of 1.96 × the simulated SD',
    (n) => {
      const shares = simulatedOrgShares(population, n, 300, 20260 + n);
      const simulated = 1.96 * sd(shares);
      const predicted = expectedOrgShareInterval(v, n, DEFAULT_ASSUMPTIONS.org_share).half_width;
      expect(predicted / simulated).toBeGreaterThan(0.75);
      expect(predicted / simulated).toBeLessThan(1.25);
    },
  );

  it('halves the width when the responses are four times as many, at large n', () => {
    const at = (n: number) => expectedOrgShareInterval(v, n, DEFAULT_ASSUMPTIONS.org_share).half_width;
    expect(at(8000) / at(2000)).toBeCloseTo(0.5, 2);
  });

  it('keeps the expected interval inside [0, 1] even at a handful of responses', () => {
    const { interval } = expectedOrgShareInterval(v, 10, DEFAULT_ASSUMPTIONS.org_share);
    expect(interval[0]).toBeGreaterThan(0);
    expect(interval[1]).toBeLessThan(1);
  });
});

describe('planSurvey', () => {
  const p = 8; // the default instrument: 5 organizational + 3 individual scales

  it('expects invitations × rate responses and takes the breakdown minimum from the report (decompositionNeeds)', () => {
    const thin = planSurvey(instrument, { invitations: 12, response_rate: 0.6 });
    expect(thin.expected_responses).toBe(7);
    expect(thin.breakdown.needs).toEqual(decompositionNeeds(p, 7));
    expect(thin.breakdown.half_width).toBeNull();
    expect(planSentences(thin)).toContain(decompositionNeeds(p, 7)!.sentence);
    const enough = planSurvey(instrument, { invitations: 10, response_rate: 1 });
    expect(enough.breakdown.needs).toBeNull();
    expect(enough.breakdown.minimum).toBe(p + 2);
    expect(enough.breakdown.half_width).toBeGreaterThan(0);
  });

  it('makes a workflow recommendation possible exactly when an even split gives each workflow MIN_N_PER_PREDICTOR × p', () => {
    const minimum = MIN_N_PER_PREDICTOR * p;
    const at = (responses: number) =>
      planSurvey(instrument, { invitations: responses, response_rate: 1, workflows: 4 }).workflows!;
    expect(at(4 * minimum).recommendation_possible).toBe(true);
    expect(at(4 * minimum - 1).recommendation_possible).toBe(false);
    expect(at(4 * minimum - 1).per_workflow).toBe(minimum - 1);
    const plan = planSurvey(instrument, { invitations: 500, response_rate: 0.6, workflows: 4 });
    expect(plan.workflow_minimum).toBe(minimum);
    expect(plan.workflows!.invitations_needed).toBe(Math.ceil((4 * minimum) / 0.6));
    expect(planSentences(plan).join(' ')).toMatch(/too few for a recommendation/);
    expect(planSurvey(instrument, { invitations: 500, response_rate: 0.6 }).workflows).toBeNull();
  });

  it('says how many invitations a team needs to reach the anonymity threshold', () => {
    expect(planSurvey(instrument, { invitations: 100, response_rate: 0.6 }).team_invitations).toBe(9);
    expect(planSurvey(instrument, { invitations: 100, response_rate: 0.5, threshold: 10 }).team_invitations).toBe(20);
  });

  it('finds the fewest responses for the target half-width', () => {
    const { for_target } = planSurvey(instrument, { invitations: 300, response_rate: 0.6 });
    const width = (n: number) => planSurvey(instrument, { invitations: n, response_rate: 1 }).breakdown.half_width!;
    expect(width(for_target!.responses)).toBeLessThanOrEqual(TARGET_HALF_WIDTH);
    expect(width(for_target!.responses - 1)).toBeGreaterThan(TARGET_HALF_WIDTH);
    expect(for_target!.invitations).toBe(Math.ceil(for_target!.responses / 0.6));
  });

  it('widens with a lower assumed R²', () => {
    const width = (r2: number) =>
      planSurvey(instrument, { invitations: 400, response_rate: 1, assumptions: { r2 } }).breakdown.half_width!;
    expect(width(0.1)).toBeGreaterThan(width(0.5));
  });

  it('refuses bad input with a RangeError naming it', () => {
    const plan = (input: object) => () => planSurvey(instrument, { invitations: 100, response_rate: 0.5, ...input });
    expect(plan({ invitations: 0 })).toThrow(/invitations must be a whole number of at least 1/);
    expect(plan({ invitations: 2.5 })).toThrow(/invitations/);
    expect(plan({ response_rate: 0 })).toThrow(/response rate/);
    expect(plan({ response_rate: 1.2 })).toThrow(/response rate/);
    expect(plan({ workflows: -1 })).toThrow(/workflows/);
    expect(plan({ threshold: 0 })).toThrow(/threshold/);
  });

  it('has no split to estimate for an instrument without individual scales, and says so', () => {
    const orgOnly: Instrument = { ...instrument, scales: instrument.scales.filter((s) => s.group !== 'individual') };
    const plan = planSurvey(orgOnly, { invitations: 300, response_rate: 0.6 });
    expect(plan.breakdown.half_width).toBeNull();
    expect(plan.for_target).toBeNull();
    expect(planSentences(plan).join(' ')).toMatch(/no split to estimate/);
  });
});
