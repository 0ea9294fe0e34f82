/**
 * The workflow bootstrap (analysis/action/workflow-bootstrap.ts): a replicate that draws the whole
 * sample reproduces the engine's figures; percentile intervals on the organizational share and on a
 * lever mean cover a planted population truth about as often as they claim, both when every block
 * is one respondent (the row bootstrap) and when respondents are resampled in blocks.
 */
import { describe, expect, it } from 'vitest';
import { finiteInterval } from '../../analysis/action/ranking-uncertainty.js';
import { workflowReplicates, type WorkflowSample } from '../../analysis/action/workflow-bootstrap.js';
import { relativeImportance } from '../../analysis/importance/relative-importance.js';
import { subsetR2Table } from '../../analysis/importance/subset-r2.js';
import { mulberry32 } from '../../analysis/linear/random.js';

const ORG = ['o1', 'o2', 'o3', 'o4', 'o5'];
const IND = ['i1', 'i2', 'i3'];
const PREDICTORS = [...ORG, ...IND];
const model = { outcome: 'y', predictors: PREDICTORS, groups: { organizational: ORG, individual: IND } };
/** Population: x = A z (z standard normal), y = βᵀx + σ e; lever o3 has mean MU on its scale. */
const A = PREDICTORS.map((_, i) => PREDICTORS.map((__, j) => (i === j ? 1 : i < 5 === j < 5 ? 0.35 : 0.15)));
const BETA = [0.3, 0.2, 0.45, 0.15, 0.1, 0.25, 0.2, 0.1];
const SIGMA = 0.9;
const MU = 2.7;

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** n rows from the population: score columns by name (predictor o3 shifted to mean MU). */
function sample(n: number, random: () => number): Record<string, Float64Array> {
  const cols: Record<string, Float64Array> = { y: new Float64Array(n) };
  for (const name of PREDICTORS) cols[name] = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const z = PREDICTORS.map(() => normal(random));
    let y = SIGMA * normal(random);
    PREDICTORS.forEach((name, i) => {
      const x = A[i].reduce((s, a, j) => s + a * z[j], 0);
      cols[name][r] = x + (name === 'o3' ? MU : 0);
      y += BETA[i] * x;
    });
    cols.y[r] = y;
  }
  return cols;
}

/** The population's organizational share of R² (two players, as relaimpo's groups): from Σ = AAᵀ and β. */
function trueOrgShare(): number {
  const p = PREDICTORS.length;
  const cov = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (__, j) => A[i].reduce((s, a, t) => s + a * A[j][t], 0)),
  );
  const covXy = cov.map((row) => row.reduce((s, c, j) => s + c * BETA[j], 0));
  const varY = covXy.reduce((s, c, i) => s + c * BETA[i], 0) + SIGMA * SIGMA;
  const rxx = cov.flatMap((row, i) => row.map((c, j) => c / Math.sqrt(cov[i][i] * cov[j][j])));
  const rxy = covXy.map((c, i) => c / Math.sqrt(cov[i][i] * varY));
  const table = subsetR2Table(rxx, rxy, p);
  const org = 0b00011111;
  const full = table.length - 1;
  return (table[org] + table[full] - table[full ^ org]) / 2 / table[full];
}

const input = (scores: Record<string, Float64Array>, n: number): WorkflowSample => ({
  scores,
  members: Array.from({ length: n }, (_, i) => i),
  model,
  organizational: ORG,
  meanScales: ['o3'],
  fit: true,
});

describe('workflowReplicates', () => {
  it('reproduces the engine’s organizational share, LMG shares and means when a replicate draws the whole sample', () => {
    const scores = sample(300, mulberry32(9));
    // One block holding every respondent: each replicate draws it once, i.e. the sample itself.
    const reps = workflowReplicates(input(scores, 300), 3, mulberry32(1), 1);
    const rows = Array.from({ length: 300 }, (_, r) => ['y', ...PREDICTORS].map((c) => scores[c][r]));
    const engine = relativeImportance({ columns: ['y', ...PREDICTORS], rows }, model);
    const mean = scores.o3.reduce((s, v) => s + v, 0) / 300;
    const shares = reps.shares(['o3', 'i1']);
    for (let b = 0; b < 3; b++) {
      expect(reps.orgShare[b]).toBeCloseTo(engine.groupLmg!.organizational / engine.r2, 10);
      expect(reps.means.o3[b]).toBeCloseTo(mean, 12);
      expect(shares.o3[b]).toBeCloseTo(engine.lmg.o3 / engine.r2, 10);
      expect(shares.i1[b]).toBeCloseTo(engine.lmg.i1 / engine.r2, 10);
    }
    expect(reps).toMatchObject({ failed: 0, blocks: 1 });
  });

  it('resamples only means, and no share, when the workflow is too small for a fit', () => {
    const reps = workflowReplicates({ ...input(sample(40, mulberry32(2)), 40), fit: false }, 50, mulberry32(3));
    expect(Array.from(reps.orgShare).every(Number.isNaN)).toBe(true);
    expect(Array.from(reps.means.o3).every(Number.isFinite)).toBe(true);
    expect(Array.from(reps.shares(['o3']).o3).every(Number.isNaN)).toBe(true);
  });

  it('is reproducible from its seed', () => {
    const scores = sample(120, mulberry32(4));
    const a = workflowReplicates(input(scores, 120), 20, mulberry32(5));
    const b = workflowReplicates(input(scores, 120), 20, mulberry32(5));
    expect(Array.from(a.orgShare)).toEqual(Array.from(b.orgShare));
    expect(Array.from(a.means.o3)).toEqual(Array.from(b.means.o3));
  });

  // 120 simulated workflows, B = 300: coverage of a nominal 95 % interval should be 95 % ± 4 (2 binomial sd);
  // the bounds leave room for the percentile interval's known under-coverage of a bounded share.
  for (const { n, how } of [
    { n: 90, how: 'one respondent per block (the row bootstrap)' },
    { n: 400, how: 'four respondents per block' },
  ])
    it(`covers the planted organizational share and lever mean in about 95% of samples, with ${how}`, () => {
      const truth = trueOrgShare();
      const random = mulberry32(n);
      let shareHits = 0,
        meanHits = 0;
      const runs = 120;
      for (let k = 0; k < runs; k++) {
        const reps = workflowReplicates(input(sample(n, random), n), 300, random);
        expect(reps.blocks).toBe(Math.min(n, 100));
        const share = finiteInterval(reps.orgShare, 0.95)!;
        const mean = finiteInterval(reps.means.o3, 0.95)!;
        if (share[0] <= truth && truth <= share[1]) shareHits++;
        if (mean[0] <= MU && MU <= mean[1]) meanHits++;
      }
      expect(shareHits / runs).toBeGreaterThanOrEqual(0.88);
      expect(shareHits / runs).toBeLessThanOrEqual(0.995);
      expect(meanHits / runs).toBeGreaterThanOrEqual(0.9);
      expect(meanHits / runs).toBeLessThanOrEqual(0.995);
    });

  it('throws on a replicate count or block count below 1', () => {
    const scores = sample(20, mulberry32(6));
    expect(() => workflowReplicates(input(scores, 20), 0, mulberry32(1))).toThrow(/replicates/);
    expect(() => workflowReplicates(input(scores, 20), 5, mulberry32(1), 0)).toThrow(/blocks/);
  });
});
