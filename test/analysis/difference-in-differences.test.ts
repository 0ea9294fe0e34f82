/**
 * differenceInDifferences: a hand-computed case, the same estimate by a second method (the
 * interaction coefficient of a saturated least-squares fit, solved here by Gaussian elimination),
 * the report's own workflow figures, and planted / absent changes in waves from the demo generator.
 */
import { describe, expect, it } from 'vitest';
import { differenceInDifferences, type DidResponses } from '../../analysis/action/difference-in-differences.js';
import { buildReport } from '../../analysis/report/build-report.js';
import { instrument } from '../fixtures/demo-report-input.js';
import { plantImprovement, waveOf } from '../fixtures/did-waves.js';

/** Every item of every scale answered so that each scale scores `level[scale] ?? 3`. */
function respondent(workflow: string | null, level: Record<string, number>) {
  const answers: Record<string, number> = {};
  for (const s of instrument.scales)
    for (const i of s.items) {
      const v = level[s.id] ?? 3;
      answers[i.id] = i.reverse ? instrument.likert.min + instrument.likert.max - v : v;
    }
  return { workflow, answers };
}

const da = (workflow: string | null, v: number) => respondent(workflow, { data_access: v, ai_performance: v });

describe('differenceInDifferences', () => {
  // Wave a: W = [2, 4] (mean 3), rest = [3, 3, 3] (3). Wave b: W = [4, 5] (4.5), rest = [3, 4, 2] (3).
  // DiD = (4.5 − 3) − (3 − 3) = 1.5.
  const a = [da('W', 2), da('W', 4), da('X', 3), da('Y', 3), da('X', 3), da(null, 1)];
  const b = [da('W', 4), da('W', 5), da('X', 3), da('Y', 4), da('Y', 2), da(null, 5)];
  const options = { instrument, workflow: 'W', levers: ['dataAccess'] as const, threshold: 2, B: 0 };

  it('computes the hand-worked difference in differences of the lever and the outcome, ignoring no-workflow rows', () => {
    const r = differenceInDifferences(a, b, options);
    if (r.suppressed) throw new Error('expected figures');
    expect(r.n).toEqual({ workflow: { a: 2, b: 2 }, rest: { a: 3, b: 3 } });
    const lever = r.figures.find((f) => f.measure === 'lever')!;
    expect(lever.scale).toBe('data_access');
    expect(lever.workflow).toEqual({ a: 3, b: 4.5, change: 1.5 });
    expect(lever.rest.change).toBeCloseTo(0, 12);
    expect(lever.did).toBeCloseTo(1.5, 12);
    expect(r.figures.find((f) => f.measure === 'outcome')!.did).toBeCloseTo(1.5, 12);
    expect(r.org_share_withheld).toMatch(/complete responses/);
    expect(r.figures.some((f) => f.measure === 'org_share')).toBe(false);
  });

  it('shows no figure when the workflow is below the threshold in one wave', () => {
    expect(differenceInDifferences(a, b, { ...options, threshold: 3 })).toEqual({ suppressed: true, n_below: 3 });
  });

  it('agrees with the interaction coefficient of a saturated least-squares fit', () => {
    const w1 = waveOf({ seed: 31 }),
      w2 = waveOf({ seed: 32 });
    const r = differenceInDifferences(w1, w2, { ...options, workflow: 'Sales proposals', threshold: 5 });
    if (r.suppressed) throw new Error('expected figures');
    const ols = interactionCoefficient(w1, w2, 'Sales proposals', 'data_access');
    expect(r.figures[0].did).toBeCloseTo(ols, 10);
  });

  it("uses the report's workflow organizational share", () => {
    const w1 = waveOf({ seed: 31 }),
      w2 = waveOf({ seed: 32 });
    const r = differenceInDifferences(w1, w2, { ...options, workflow: 'Sales proposals', threshold: 5 });
    if (r.suppressed) throw new Error('expected figures');
    const report = buildReport({
      instrument,
      responses: w1.map((x) => ({ ...x, unit: null })),
      threshold: 5,
      bootstrap: 0,
    });
    if (!('workflows' in report)) throw new Error('expected a full report');
    const row = report.workflows.find((w) => w.workflow === 'Sales proposals')!;
    const share = r.figures.find((f) => f.measure === 'org_share')!;
    expect(row.org_share.suppressed).toBe(false);
    if (!row.org_share.suppressed) expect(share.workflow.a).toBeCloseTo(row.org_share.value!, 10);
  });

  it('finds a planted improvement in the workflow with an interval excluding 0', () => {
    const w1 = waveOf({ seed: 41 });
    const w2 = plantImprovement(waveOf({ seed: 42 }), 'Financial reporting', ['data_access', 'ai_performance']);
    const r = differenceInDifferences(w1, w2, {
      instrument,
      workflow: 'Financial reporting',
      levers: ['dataAccess'],
      threshold: 5,
      B: 200,
      seed: 3,
    });
    if (r.suppressed) throw new Error('expected figures');
    for (const measure of ['lever', 'outcome'] as const) {
      const f = r.figures.find((x) => x.measure === measure)!;
      expect(f.did).toBeGreaterThan(0.3);
      expect(f.ci![0]).toBeGreaterThan(0);
      expect(f.ci![1]).toBeGreaterThan(f.did);
    }
  });

  it('gives intervals covering 0 when nothing changed, about as wide as the analytic standard error implies', () => {
    // Each 95% interval misses 0 by chance one time in twenty (seeds 51 and 52 do, for the outcome).
    const w1 = waveOf({ seed: 61 }),
      w2 = waveOf({ seed: 62 });
    const r = differenceInDifferences(w1, w2, {
      instrument,
      workflow: 'Financial reporting',
      levers: ['dataAccess', 'measurement'],
      threshold: 5,
      B: 400,
      seed: 3,
    });
    if (r.suppressed) throw new Error('expected figures');
    expect(r.figures.map((f) => f.measure)).toEqual(['lever', 'lever', 'outcome', 'org_share']);
    for (const f of r.figures) {
      expect(f.ci![0]).toBeLessThan(0);
      expect(f.ci![1]).toBeGreaterThan(0);
    }
    // Normal-theory standard error of a difference of four independent means: √Σ s²/n.
    const se = analyticSe([w1, w2], 'Financial reporting', 'data_access');
    const width = r.figures[0].ci![1] - r.figures[0].ci![0];
    expect(width / (2 * 1.96 * se)).toBeGreaterThan(0.85);
    expect(width / (2 * 1.96 * se)).toBeLessThan(1.15);
  });
});

function scaleScore(r: DidResponses[number], scale: string): number {
  const s = instrument.scales.find((x) => x.id === scale)!;
  const { min, max } = instrument.likert;
  const values = s.items.map((i) => (i.reverse ? min + max - r.answers[i.id]! : r.answers[i.id]!));
  return values.reduce((x, y) => x + y, 0) / values.length;
}

/** b3 of y = b0 + b1·W + b2·T + b3·W·T by the normal equations and Gaussian elimination. */
function interactionCoefficient(a: DidResponses, b: DidResponses, workflow: string, scale: string): number {
  const xtx = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
  const xty = [0, 0, 0, 0];
  [a, b].forEach((wave, t) =>
    wave
      .filter((r) => r.workflow !== null)
      .forEach((r) => {
        const w = r.workflow === workflow ? 1 : 0;
        const x = [1, w, t, w * t];
        const y = scaleScore(r, scale);
        for (let i = 0; i < 4; i++) {
          xty[i] += x[i] * y;
          for (let j = 0; j < 4; j++) xtx[i][j] += x[i] * x[j];
        }
      }),
  );
  for (let i = 0; i < 4; i++)
    for (let k = i + 1; k < 4; k++) {
      const f = xtx[k][i] / xtx[i][i];
      for (let j = i; j < 4; j++) xtx[k][j] -= f * xtx[i][j];
      xty[k] -= f * xty[i];
    }
  const beta = [0, 0, 0, 0];
  for (let i = 3; i >= 0; i--) {
    let s = xty[i];
    for (let j = i + 1; j < 4; j++) s -= xtx[i][j] * beta[j];
    beta[i] = s / xtx[i][i];
  }
  return beta[3];
}

function analyticSe(waves: DidResponses[], workflow: string, scale: string): number {
  let variance = 0;
  for (const wave of waves)
    for (const inside of [true, false]) {
      const y = wave
        .filter((r) => r.workflow !== null && (r.workflow === workflow) === inside)
        .map((r) => scaleScore(r, scale));
      const m = y.reduce((s, v) => s + v, 0) / y.length;
      variance += y.reduce((s, v) => s + (v - m) ** 2, 0) / (y.length - 1) / y.length;
    }
  return Math.sqrt(variance);
}
