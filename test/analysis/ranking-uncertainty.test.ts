/**
 * Pick frequencies, priority intervals and the near-tie rule of analysis/action/ranking-uncertainty.ts,
 * and how recommendWorkflow words them: on hand-made replicates whose separation is known.
 */
import { describe, expect, it } from 'vitest';
import { rankingUncertainty } from '../../analysis/action/ranking-uncertainty.js';
import { recommendWorkflow, type WorkflowFigures } from '../../analysis/action/recommendation.js';
import { mulberry32 } from '../../analysis/linear/random.js';

/** B normal draws around `centre` with spread `sd` (Box–Muller on a seeded stream). */
function draws(centre: number, sd: number, seed: number, B = 1000): Float64Array {
  const random = mulberry32(seed);
  return Float64Array.from({ length: B }, () => {
    const u = 1 - random();
    return centre + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  });
}

describe('rankingUncertainty', () => {
  it('gives a clear winner its pick frequency and no tie', () => {
    const u = rankingUncertainty(
      [
        { priority: 0.5, draws: draws(0.5, 0.02, 1) },
        { priority: 0.3, draws: draws(0.3, 0.02, 2) },
      ],
      0.95,
    );
    expect(u.pickFrequency).toEqual([1, 0]);
    expect(u.tiedWithFirst).toEqual([]);
    expect(u.resamples).toBe(1000);
    // ±1.96 sd around the centre, within the sampling error of 1000 draws
    expect(u.priorityCi[0]![0]).toBeCloseTo(0.5 - 1.96 * 0.02, 2);
    expect(u.priorityCi[0]![1]).toBeCloseTo(0.5 + 1.96 * 0.02, 2);
  });

  it('reports a near tie when the interval of the difference reaches 0, and only for the candidates it concerns', () => {
    const u = rankingUncertainty(
      [
        { priority: 0.5, draws: draws(0.5, 0.05, 3) },
        { priority: 0.49, draws: draws(0.49, 0.05, 4) },
        { priority: 0.1, draws: draws(0.1, 0.05, 5) },
      ],
      0.95,
    );
    expect(u.tiedWithFirst).toEqual([1]);
    expect(u.pickFrequency[0]).toBeGreaterThan(0.35);
    expect(u.pickFrequency[1]).toBeGreaterThan(0.35);
    expect(u.pickFrequency[0] + u.pickFrequency[1] + u.pickFrequency[2]).toBeCloseTo(1, 12);
  });

  it('separates the first only when it wins in more than (1 + level)/2 of the paired replicates', () => {
    // The second is ahead in exactly 40 of 1000 replicates: separated at 90 % (needs < 5 %), tied at 95 % (needs < 2.5 %).
    const first = new Float64Array(1000).fill(1);
    const second = Float64Array.from({ length: 1000 }, (_, b) => (b < 40 ? 1.5 : 0.5));
    const candidates = [
      { priority: 1, draws: first },
      { priority: 0.5, draws: second },
    ];
    expect(rankingUncertainty(candidates, 0.9).tiedWithFirst).toEqual([]);
    expect(rankingUncertainty(candidates, 0.95).tiedWithFirst).toEqual([1]);
    expect(rankingUncertainty(candidates, 0.95).pickFrequency).toEqual([0.96, 0.04]);
  });

  it('leaves out replicates where a priority was not computed, and breaks a tie within a replicate by the given order', () => {
    const u = rankingUncertainty(
      [
        { priority: 1, draws: [1, NaN, 2, 3] },
        { priority: 1, draws: [1, 5, 1, 3] },
      ],
      0.5,
    );
    expect(u.resamples).toBe(3);
    expect(u.pickFrequency).toEqual([1, 0]);
    expect(u.priorityCi[0]).toEqual([1.5, 2.5]); // R quantile type 7 of 1, 2, 3 at 0.25 and 0.75
  });

  it('throws on no candidates and on a level outside (0, 1)', () => {
    expect(() => rankingUncertainty([], 0.95)).toThrow(/at least one candidate/);
    expect(() => rankingUncertainty([{ priority: 1, draws: [1] }], 1)).toThrow(/level/);
  });
});

const likert = { min: 1, max: 5 };
const levers = { decisionRights: 'dr', dataAccess: 'da', measurement: 'm' };

/** A workflow whose replicates scatter around its figures (seeded), with lever means and shares given. */
function workflow(
  name: string,
  orgShare: number,
  spread: number,
  seed: number,
  lever: { means: [number, number, number]; shares: [number, number, number] },
): WorkflowFigures {
  const keys = ['decisionRights', 'dataAccess', 'measurement'] as const;
  const of = <T>(values: readonly T[]) => Object.fromEntries(keys.map((k, i) => [k, values[i]])) as never;
  return {
    workflow: name,
    n: 300,
    p: 8,
    r2: 0.5,
    orgShare,
    orgMean: 3,
    leverMeans: of(lever.means),
    leverImportance: of(lever.shares),
    draws: {
      orgShare: draws(orgShare, spread, seed),
      orgMean: new Float64Array(1000).fill(3),
      leverMeans: of(lever.means.map((m, i) => draws(m, 0.05, seed * 10 + i))),
      leverImportance: () => of(lever.shares.map((s, i) => draws(s, 0.01, seed * 20 + i))),
    },
  };
}

const bootstrap = { B: 1000, seed: 1, blocks: 100, blocked: false };
const clearLever = {
  means: [3.2, 2.2, 3.0] as [number, number, number],
  shares: [0.1, 0.2, 0.1] as [number, number, number],
};

describe('recommendWorkflow with bootstrap replicates', () => {
  it('names a clear winner with how often it ranks first, and no tie', () => {
    const rec = recommendWorkflow(
      [workflow('Claims', 0.9, 0.03, 1, clearLever), workflow('Renewals', 0.5, 0.03, 2, clearLever)],
      { likert, levers, bootstrap },
    );
    expect(rec).toMatchObject({ workflow: 'Claims', lever: 'dataAccess', tied_workflows: [], tied_levers: [] });
    expect(rec.ranked[0].pick_frequency).toBe(1);
    expect(rec.ranked[0].levers[0]).toMatchObject({ lever: 'dataAccess', pick_frequency: 1 });
    expect(rec.ranked[0].org_share_ci![0]).toBeLessThan(0.9);
    expect(rec.ranked[0].org_share_ci![1]).toBeGreaterThan(0.9);
    expect(rec.sentence).toMatch(/^Start with "Claims" and redesign data access there first\./);
    expect(rec.sentence).toMatch(/ranks first in 100% of 1,000 resamples/);
    expect(rec.sentence).not.toMatch(/tied/);
    expect(rec.uncertainty).toMatchObject({ B: 1000, seed: 1, level: 0.95, resamples: 1000 });
    // levers are resampled only where the recommendation needs them: not in a workflow that is neither first nor tied
    expect(rec.ranked[1].levers[0].pick_frequency).toBeNull();
    expect(rec.ranked[1].levers[0].mean_ci).not.toBeNull();
  });

  it('reports a planted near tie as a tie, with both workflows named in the sentence', () => {
    const rec = recommendWorkflow(
      [workflow('Claims', 0.8, 0.05, 3, clearLever), workflow('Renewals', 0.79, 0.05, 4, clearLever)],
      { likert, levers, bootstrap },
    );
    expect(rec.tied_workflows).toEqual(['Renewals']);
    expect(rec.sentence).toMatch(
      /^No single workflow stands out: "Claims" and "Renewals" are tied \(priorities 0\.40 and 0\.40; first in \d+% and \d+% of 1,000 resamples\), so start with either\. In either, redesign data access first\./,
    );
  });

  it('reports a near tie between levers, named in the sentence', () => {
    const tiedLevers = {
      means: [3.0, 2.5, 2.5] as [number, number, number],
      shares: [0.1, 0.15, 0.15] as [number, number, number],
    };
    const rec = recommendWorkflow([workflow('Claims', 0.9, 0.03, 5, tiedLevers)], { likert, levers, bootstrap });
    expect(rec.tied_levers).toHaveLength(1);
    expect(rec.sentence).toMatch(/redesign (data access or measurement|measurement or data access) there first/);
    expect(rec.sentence).toMatch(
      /(Data access and measurement|Measurement and data access) are tied as the lever to redesign first there/,
    );
  });

  it('says that no lever stands out when all three are tied', () => {
    const even = {
      means: [2.8, 2.8, 2.8] as [number, number, number],
      shares: [0.1, 0.1, 0.1] as [number, number, number],
    };
    const rec = recommendWorkflow([workflow('Claims', 0.9, 0.03, 6, even)], { likert, levers, bootstrap });
    expect(rec.tied_levers).toHaveLength(2);
    expect(rec.sentence).toMatch(/^Start with "Claims"; no lever stands out there\./);
  });
});
