import { describe, expect, it } from 'vitest';
import { importancePerformance } from '../../analysis/action/priorities.js';
import { recommendWorkflow, type WorkflowFigures } from '../../analysis/action/recommendation.js';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { itemColumnsFromRows } from '../../analysis/scales/scoring.js';

const item = (id: string, reverse = false) => ({ id, text: id, reverse });
const instrument: Instrument = {
  id: 'tiny',
  version: 1,
  title: 'Tiny',
  roleLevels: [],
  likert: { min: 1, max: 5, labels: ['1', '2', '3', '4', '5'] },
  scales: [
    { id: 'dr', title: 'Decision rights', group: 'organizational', items: [item('dr1'), item('dr2', true)] },
    { id: 'da', title: 'Data access', group: 'organizational', items: [item('da1'), item('da2')] },
    { id: 'skill', title: 'Skill', group: 'individual', items: [item('sk1'), item('sk2')] },
    { id: 'perf', title: 'Performance', group: 'outcome', items: [item('pf1'), item('pf2')] },
  ],
  segments: {
    misaligned: { usageScale: 'skill', usageAtLeast: 4, alignmentScale: 'dr', alignmentAtMost: 2 },
    highPerformer: { outcomeScale: 'perf', atLeast: 4 },
  },
  levers: { decisionRights: 'dr', dataAccess: 'da', measurement: 'da' },
};

describe('importancePerformance', () => {
  it('ranks organizational factors by importance × normalised distance to the top (hand-computed)', () => {
    const rows = [
      { dr1: 2, dr2: 4, da1: 5, da2: 4, sk1: 3, sk2: 3, pf1: 3, pf2: 3 }, // dr: (2 + 2)/2 = 2; da: 4.5
      { dr1: 4, dr2: 1, da1: 4, da2: 4, sk1: 3, sk2: 3, pf1: 3, pf2: 3 }, // dr: (4 + 5)/2 = 4.5; da: 4
      { dr1: 1, dr2: null, da1: 5, da2: 3, sk1: 3, sk2: 3, pf1: 3, pf2: 3 }, // dr: 1 (1 of 2 answered); da: 4
    ];
    const items = itemColumnsFromRows(rows, ['dr1', 'dr2', 'da1', 'da2', 'sk1', 'sk2', 'pf1', 'pf2']);
    const res = importancePerformance(instrument, items, { dr: 0.1, da: 0.2, skill: 0.1 }, 0.4);
    // dr: importance 0.25, mean 7.5/3 = 2.5, keyed answers 2,2,4,5,1 → 2 of 5 favourable, priority 0.25 × 2.5/4
    // da: importance 0.5, mean 12.5/3, answers 5,4,4,4,5,3 → 5 of 6 favourable, priority 0.5 × (5 − 12.5/3)/4
    expect(res.map((r) => r.scale)).toEqual(['dr', 'da']);
    expect(res[0]).toMatchObject({ scale: 'dr', n: 3, lever: 'decisionRights' });
    expect(res[0].importance).toBeCloseTo(0.25, 14);
    expect(res[0].mean).toBeCloseTo(2.5, 14);
    expect(res[0].favourable).toBeCloseTo(2 / 5, 14);
    expect(res[0].priority).toBeCloseTo((0.25 * 2.5) / 4, 14);
    expect(res[1].favourable).toBeCloseTo(5 / 6, 14);
    expect(res[1].priority).toBeCloseTo((0.5 * (5 - 12.5 / 3)) / 4, 14);
  });
  it('names a missing LMG value and rejects a non-positive R²', () => {
    const items = itemColumnsFromRows([{}], ['dr1', 'dr2', 'da1', 'da2', 'sk1', 'sk2', 'pf1', 'pf2']);
    expect(() => importancePerformance(instrument, items, { dr: 0.1 }, 0.4)).toThrow(/organizational scale "da"/);
    expect(() => importancePerformance(instrument, items, { dr: 0.1, da: 0.1 }, 0)).toThrow(/positive R²/);
  });
});

const likert = { min: 1, max: 5 };
const levers = { decisionRights: 'dr', dataAccess: 'da', measurement: 'm' };
const even = { decisionRights: 0.1, dataAccess: 0.1, measurement: 0.1 };
const base: WorkflowFigures[] = [
  {
    workflow: 'claims',
    n: 120,
    p: 8,
    r2: 0.5,
    orgShare: 0.7,
    leverMeans: { decisionRights: 2.0, dataAccess: 3.0, measurement: 2.5 },
    leverImportance: even,
  },
  {
    workflow: 'underwriting',
    n: 90,
    p: 8,
    r2: 0.4,
    orgShare: 0.4,
    leverMeans: { decisionRights: 3.5, dataAccess: 2.2, measurement: 3.0 },
    leverImportance: even,
  },
  {
    workflow: 'pricing',
    n: 23,
    p: 8,
    r2: 0.6,
    orgShare: 0.9,
    leverMeans: { decisionRights: 1.0, dataAccess: 1.0, measurement: 1.0 },
    leverImportance: even,
  },
];

describe('recommendWorkflow', () => {
  it('picks the eligible workflow with the highest orgShare × normalised distance to the top and its highest-priority lever', () => {
    const rec = recommendWorkflow(base, { likert, levers });
    // claims: 0.7 × (5 − 2.5)/4 = 0.4375; underwriting: 0.4 × (5 − 2.9)/4 = 0.21; pricing ineligible (23 < 80)
    expect(rec.workflow).toBe('claims');
    expect(rec.lever).toBe('decisionRights');
    expect(rec.ranked[0].priority).toBeCloseTo(0.4375, 14);
    expect(rec.ranked[1].priority).toBeCloseTo(0.21, 14);
    // levers in claims: importance 0.1 each, so priority 0.1 × (5 − mean)/4: decision rights 0.075 first
    expect(rec.ranked[0].levers.map((l) => [l.lever, l.scale])).toEqual([
      ['decisionRights', 'dr'],
      ['measurement', 'm'],
      ['dataAccess', 'da'],
    ]);
    expect(rec.ranked[0].levers[0].priority).toBeCloseTo(0.075, 14);
    // without draws: no frequencies, no intervals, no ties, and no uncertainty sentence
    expect(rec.ranked[0]).toMatchObject({
      pick_frequency: null,
      priority_ci: null,
      org_share_ci: null,
      tied_levers: [],
    });
    expect(rec).toMatchObject({ tied_workflows: [], tied_levers: [], uncertainty: null });
    expect(rec.ineligible).toEqual([{ workflow: 'pricing', reason: 'n = 23 is below 10 × 8 = 80 needed' }]);
    expect(rec.sentence).toMatch(
      /^Start with "claims" and redesign decision rights there first\. "claims" has the highest priority, 0\.44 \(next "underwriting", 0\.21\)\. Organizational factors carry 70% of the explained variance in "claims" \(n = 120\)/,
    );
    expect(rec.sentence).toMatch(
      /Of the three levers there, decision rights has the highest priority, 0\.08; its mean is 2\.00\.$/,
    );
    expect(rec.sentence).not.toMatch(/resamples|tied/);
  });
  it('changes its answer when the inputs are built to point at another workflow and lever', () => {
    const moved = base.map((w) =>
      w.workflow === 'underwriting'
        ? { ...w, orgShare: 0.95, leverMeans: { decisionRights: 2.0, dataAccess: 1.5, measurement: 2.0 } }
        : w,
    );
    const rec = recommendWorkflow(moved, { likert, levers });
    expect(rec.workflow).toBe('underwriting');
    expect(rec.lever).toBe('dataAccess');
    const eligibleNow = recommendWorkflow(base, { likert, levers, minNPerPredictor: 2 });
    expect(eligibleNow.workflow).toBe('pricing'); // 23 ≥ 2 × 8 and 0.9 × 4/4 beats claims
  });
  it('ranks levers by the same rule as workflows: a higher LMG share can outrank a lower mean', () => {
    const weighted = [
      {
        ...base[0],
        leverMeans: { decisionRights: 2.0, dataAccess: 2.4, measurement: 3.0 },
        leverImportance: { decisionRights: 0.05, dataAccess: 0.12, measurement: 0.1 },
      },
    ];
    // data access 0.12 × 2.6/4 = 0.078 beats decision rights 0.05 × 3/4 = 0.0375 despite its higher mean
    expect(recommendWorkflow(weighted, { likert, levers }).lever).toBe('dataAccess');
  });
  it('hides n below the anonymity threshold and recommends nothing when no workflow is eligible', () => {
    const rec = recommendWorkflow([{ ...base[2], n: 3 }], { likert, levers, threshold: 5 });
    expect(rec.workflow).toBeNull();
    expect(rec.ineligible[0].reason).toBe('fewer than 5 responses is below 10 × 8 = 80 needed');
    expect(rec.sentence).toMatch(/No workflow has enough responses/);
  });
  it('throws when a lever mean is missing', () => {
    expect(() =>
      recommendWorkflow([{ ...base[0], leverMeans: { ...base[0].leverMeans, measurement: NaN } }], { likert, levers }),
    ).toThrow(/"claims": no mean for measurement/);
  });
});
