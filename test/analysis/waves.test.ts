/**
 * compareWaves on waves drawn from the seeded demo generator. Expected point values are the plain
 * scale means and the group-LMG share (relativeImportance) of each wave; the direction of the
 * changes comes from the generator's model: planting the bottleneck in every response lowers the
 * lever (data access) by BOTTLENECK_SHIFT and raises the organizational share.
 */
import { describe, expect, it } from 'vitest';
import { compareWaves } from '../../analysis/action/waves.js';
import { completeModelRows } from '../../analysis/bootstrap/decomposition-bootstrap.js';
import { relativeImportance } from '../../analysis/importance/relative-importance.js';
import { instrumentModel } from '../../analysis/report/report-decomposition.js';
import { itemColumnsFromRows, scoreScales } from '../../analysis/scales/scoring.js';
import { demoRows, instrument, itemIds } from '../fixtures/demo-report-input.js';

const base = demoRows({ n: 300, seed: 11, workflows: ['all'], bottleneck: undefined }).map((r) => ({
  answers: r.answers,
}));
const same = demoRows({ n: 150, seed: 13, workflows: ['all'], bottleneck: undefined }).map((r) => ({
  answers: r.answers,
}));
const after = demoRows({
  n: 300,
  seed: 12,
  workflows: ['all'],
  bottleneck: { workflow: 'all', lever: 'dataAccess' },
}).map((r) => ({ answers: r.answers }));

function plain(responses: readonly { answers: Record<string, number> }[]) {
  const scores = scoreScales(
    instrument,
    itemColumnsFromRows(
      responses.map((r) => r.answers),
      itemIds,
    ),
  );
  const model = instrumentModel(instrument);
  const result = relativeImportance(
    { columns: [model.outcome, ...model.predictors], rows: completeModelRows(scores, model) },
    model,
  );
  const mean = (id: string) => scores[id].reduce((s, v) => s + v, 0) / scores[id].length;
  return { mean, share: result.groupLmg!.organizational / result.r2 };
}

describe('compareWaves', () => {
  it('reports each scale mean and the organizational share per wave and their difference b − a', () => {
    const c = compareWaves(base, after, { instrument, B: 0 });
    const a = plain(base),
      b = plain(after);
    expect(c.n).toEqual({ a: 300, b: 300 });
    for (const s of c.scales) {
      expect(s.a).toBeCloseTo(a.mean(s.id), 12);
      expect(s.b).toBeCloseTo(b.mean(s.id), 12);
      expect(s.change).toBeCloseTo(b.mean(s.id) - a.mean(s.id), 12);
      expect(s.ci).toBeNull();
    }
    expect(c.org_share!.a).toBeCloseTo(a.share, 12);
    expect(c.org_share!.b).toBeCloseTo(b.share, 12);
    expect(c.bootstrap).toBeNull();
  });

  it('finds the planted drop in data access and rise in the organizational share, with intervals excluding 0', () => {
    const c = compareWaves(base, after, { instrument, B: 100, seed: 5 });
    const dataAccess = c.scales.find((s) => s.id === 'data_access')!;
    expect(dataAccess.change).toBeLessThan(-0.5);
    expect(dataAccess.ci![1]).toBeLessThan(0);
    expect(dataAccess.ci![0]).toBeLessThan(dataAccess.change);
    expect(c.org_share!.change).toBeGreaterThan(0);
    expect(c.org_share!.ci![0]).toBeGreaterThan(0);
    expect(c.org_share!.ci![1]).toBeGreaterThan(c.org_share!.change);
  });

  it('gives intervals that cover 0 for two waves from the same model', () => {
    const c = compareWaves(base, same, { instrument, B: 100, seed: 5 });
    for (const s of c.scales) {
      expect(s.ci![0]).toBeLessThanOrEqual(s.change);
      expect(s.ci![1]).toBeGreaterThanOrEqual(s.change);
    }
    const da = c.scales.find((s) => s.id === 'data_access')!;
    expect(da.ci![0]).toBeLessThan(0);
    expect(da.ci![1]).toBeGreaterThan(0);
  });

  it('is reproducible for a seed and differs for another seed', () => {
    const one = compareWaves(base, after, { instrument, B: 50, seed: 3 });
    expect(compareWaves(base, after, { instrument, B: 50, seed: 3 })).toEqual(one);
    expect(compareWaves(base, after, { instrument, B: 50, seed: 4 }).org_share!.ci).not.toEqual(one.org_share!.ci);
  });

  it('reports progress once per replicate, ending at (B, B), and not at all without a bootstrap', () => {
    const calls: [number, number][] = [];
    compareWaves(base, same, { instrument, B: 20, seed: 2, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual(Array.from({ length: 20 }, (_, i) => [i + 1, 20]));
    const none: number[] = [];
    compareWaves(base, same, { instrument, B: 0, onProgress: (done) => none.push(done) });
    expect(none).toEqual([]);
  });

  it('throws on a wave with fewer than 2 responses or a bad B', () => {
    expect(() => compareWaves(base.slice(0, 1), after, { instrument })).toThrow(/at least 2 responses/);
    expect(() => compareWaves(base, after, { instrument, B: 1 })).toThrow(/B must be 0 or an integer ≥ 2/);
  });
});
