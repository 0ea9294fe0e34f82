/**
 * The report's one pass over its columns (analysis/report/report-item-pass.ts) and its responses
 * given as columns (analysis/report/report-responses.ts) against the straightforward computations
 * they replace: cronbachAlpha on the scale's columns, meanSd of the scores, answer counts item by
 * item, importancePerformanceOf, and buildReport on one object per response. The pass adds the
 * same numbers in the same order, so every comparison is exact (toEqual / toBe), not within a
 * tolerance; unit means and rwg(j) are checked the same way in report-fast-paths.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importancePerformanceFrom, importancePerformanceOf } from '../../analysis/action/priorities.js';
import { mulberry32 } from '../../analysis/linear/random.js';
import { buildReport } from '../../analysis/report/build-report.js';
import { reportItemPass, scalePerformance } from '../../analysis/report/report-item-pass.js';
import type { ResponseColumns } from '../../analysis/report/report-responses.js';
import { meanSd } from '../../analysis/report/report-scales.js';
import { unitIndex, unitNodes } from '../../analysis/report/report-units.js';
import { alphaFromMoments, cronbachAlpha } from '../../analysis/scales/cronbach-alpha.js';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { scoreColumns, scoreRows, type ItemColumn } from '../../analysis/scales/scoring.js';
import { demoResponses, departmentOf, instrument, itemIds } from '../fixtures/demo-report-input.js';

/** A one-scale instrument of k items on 1..5 (the other scales the pass needs none of). */
function oneScale(k: number): Instrument {
  return {
    ...instrument,
    scales: [
      {
        id: 's',
        title: 'S',
        group: 'organizational',
        items: Array.from({ length: k }, (_, i) => ({ id: `q${i}`, text: '', reverse: i % 3 === 2 })),
      },
    ],
  };
}

/** A tree of two departments with two teams each; responses spread over the teams and none. */
function tree(n: number, random: () => number) {
  const units = [
    { id: 'd1', name: 'D1', parent: null },
    { id: 't1', name: 'T1', parent: 'd1' },
    { id: 't2', name: 'T2', parent: 'd1' },
    { id: 'd2', name: 'D2', parent: null },
    { id: 't3', name: 'T3', parent: 'd2' },
  ];
  const nodes = unitNodes([], [], units);
  const teams = [1, 2, 4].map((i) => nodes.findIndex((u) => u.id === units[i].id));
  return unitIndex(
    nodes,
    Int32Array.from({ length: n }, () => (random() < 0.1 ? -1 : teams[Math.floor(random() * teams.length)])),
  );
}

/** The result, or the message it throws. */
function outcome<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (error) {
    return (error as Error).message;
  }
}

const float32 = (cols: Readonly<Record<string, ItemColumn>>) =>
  Object.fromEntries(Object.entries(cols).map(([id, c]) => [id, Float32Array.from(c)]));

describe('reportItemPass', () => {
  it('gives alpha moments that make exactly cronbachAlpha of the scale’s columns (or the same refusal), from Float64 or Float32 columns', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 3, max: 400 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (seed, k, n, missing) => {
          const random = mulberry32(seed);
          const inst = oneScale(k);
          const rows = Array.from({ length: n }, () =>
            Object.fromEntries(
              inst.scales[0].items.map((i) => [i.id, random() < missing ? null : 1 + Math.floor(random() * 5)]),
            ),
          );
          const { keyed, scores } = scoreRows(inst, rows);
          const units = tree(n, random);
          const ids = inst.scales[0].items.map((i) => i.id);
          const columns = ids.map((id) => keyed[id]);
          const expected = outcome(() => cronbachAlpha(ids, columns));
          for (const cols of [keyed, float32(keyed)]) {
            const moments = reportItemPass(inst, cols, scores, units).scales[0].alpha!;
            expect(outcome(() => alphaFromMoments(ids, moments))).toEqual(expected);
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('gives each scale’s meanSd, answer counts and importance–performance exactly as the plain walks do', () => {
    const scored = scoreRows(
      instrument,
      demoResponses({ n: 900, seed: 5 }).map((r, i) =>
        // Some answers missing, so the counts and scores see NaN.
        Object.fromEntries(Object.entries(r.answers).map(([id, v], c) => [id, (i + c) % 17 === 0 ? null : v])),
      ),
    );
    const pass = reportItemPass(instrument, scored.keyed, scored.scores, tree(900, mulberry32(3)));
    const { min, max } = instrument.likert;
    instrument.scales.forEach((scale, s) => {
      const { n, mean, sd } = meanSd(scored.scores[scale.id]);
      expect([pass.scales[s].n, pass.scales[s].mean, pass.scales[s].sd]).toEqual([n, mean, sd]);
      const counts = new Array<number>(max - min + 1).fill(0);
      for (const item of scale.items) for (const v of scored.keyed[item.id]) if (!Number.isNaN(v)) counts[v - min]++;
      expect(Array.from(pass.scales[s].counts)).toEqual(counts);
    });
    const lmg = Object.fromEntries(instrument.scales.map((s, i) => [s.id, 0.01 * (i + 1)]));
    expect(
      importancePerformanceFrom(
        instrument,
        (scale) => scalePerformance(pass.scales[instrument.scales.indexOf(scale)], instrument.likert),
        lmg,
        0.5,
      ),
    ).toEqual(importancePerformanceOf(instrument, scored.keyed, scored.scores, lmg, 0.5));
  });
});

describe('buildReport with the responses as columns', () => {
  it('builds the same report as from one object per response (units, workflows, comments, no unit)', () => {
    const objects = demoResponses({ n: 600, seed: 9 }).map((r, i) => ({
      ...r,
      unit: i % 41 === 0 ? null : r.unit,
      workflow: i % 37 === 0 ? null : i % 53 === 0 ? '' : r.workflow,
      comment: i % 7 === 0 ? ` idea ${i % 5} ` : i % 11 === 0 ? '  ' : null,
    }));
    const units = [...new Set(departmentOf.values())].flatMap((d) => [
      { id: d, name: d, parent: null },
      ...[...departmentOf].filter(([, dep]) => dep === d).map(([t]) => ({ id: t, name: t, parent: d })),
    ]);
    const workflows = [...new Set(objects.map((r) => r.workflow ?? ''))];
    const columns: ResponseColumns = {
      unit: Int32Array.from(objects, (r) => (r.unit === null ? -1 : units.findIndex((u) => u.id === r.unit))),
      workflow: Int32Array.from(objects, (r) => (r.workflow === null ? -1 : workflows.indexOf(r.workflow))),
      workflows,
      comments: objects.map((r) => r.comment),
    };
    const scored = () =>
      scoreColumns(
        instrument,
        Object.fromEntries(itemIds.map((id) => [id, Float32Array.from(objects, (r) => r.answers[id] ?? NaN)])),
      );
    const options = { instrument, units, bootstrap: 30, seed: 4 };
    const fromObjects = buildReport({ ...options, responses: objects });
    expect(fromObjects.status).toBe('ok');
    expect(buildReport({ ...options, responses: columns, scored: scored() })).toEqual(fromObjects);
    expect(() => buildReport({ ...options, responses: columns })).toThrow(/need their answers already scored/);
  });
});
