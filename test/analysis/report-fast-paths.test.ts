/**
 * The report's faster code paths against straightforward reference computations: each reference
 * below is the plain version the fast path replaced (per-row objects, filters, repeated passes), kept
 * here only as the yardstick. The fast paths add the same numbers in the same order, so the
 * comparisons are exact (toBe / toEqual), not within a tolerance.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockDecompositionDraws, blockStatistics, mergedMoments } from '../../analysis/bootstrap/block-bootstrap.js';
import { completeModelRows, indexedModelRows } from '../../analysis/bootstrap/decomposition-bootstrap.js';
import { lmgShares } from '../../analysis/importance/lmg.js';
import {
  groupLmgShares,
  relativeImportance,
  type ImportanceModel,
} from '../../analysis/importance/relative-importance.js';
import { subsetR2FromMoments } from '../../analysis/importance/subset-r2.js';
import { mulberry32 } from '../../analysis/linear/random.js';
import { itemVariancesOfRows, rwgByUnit, rwgJ } from '../../analysis/multilevel/rwg.js';
import { reportItemPass } from '../../analysis/report/report-item-pass.js';
import { meanSd } from '../../analysis/report/report-scales.js';
import { unitIndex, unitNodes, unitsPart } from '../../analysis/report/report-units.js';
import { workflowsPart } from '../../analysis/report/report-workflows.js';
import { cronbachAlpha } from '../../analysis/scales/cronbach-alpha.js';
import type { Instrument } from '../../analysis/scales/instrument.js';
import {
  itemColumnsFromRows,
  keyedItems,
  scoreColumns,
  scoreRows,
  scoreScales,
} from '../../analysis/scales/scoring.js';

/** Likert 1..5 answers with about 10 % missing, from a seeded generator. */
function answerColumn(random: () => number, n: number, missing = 0.1): Float64Array {
  return Float64Array.from({ length: n }, () => (random() < missing ? NaN : 1 + Math.floor(random() * 5)));
}

// --- reference implementations (the plain versions the fast paths replaced) ---

function referenceAlpha(ids: readonly string[], columns: readonly Float64Array[]) {
  const k = ids.length;
  const rows: number[] = [];
  for (let r = 0; r < columns[0].length; r++) if (columns.every((c) => !Number.isNaN(c[r]))) rows.push(r);
  const n = rows.length;
  const means = columns.map((c) => rows.reduce((s, r) => s + c[r], 0) / n);
  const cov = ids.map(() => new Float64Array(k));
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let s = 0;
      for (const r of rows) s += (columns[i][r] - means[i]) * (columns[j][r] - means[j]);
      cov[i][j] = cov[j][i] = s / (n - 1);
    }
  }
  const scaleMeans = rows.map((r) => columns.reduce((s, c) => s + c[r], 0) / k);
  const mean = scaleMeans.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(scaleMeans.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return { n, cov, mean, sd };
}

function referenceRwg(items: readonly Float64Array[], rows: readonly number[], options: number): number {
  const variances = items.map((col) => {
    const xs = rows.map((r) => col[r]).filter((v) => !Number.isNaN(v));
    if (xs.length < 2) return NaN;
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    return xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1);
  });
  return rwgJ(variances, options);
}

const tiny: Instrument = {
  id: 'tiny',
  version: 1,
  title: 'Tiny',
  likert: { min: 1, max: 5, labels: ['1', '2', '3', '4', '5'] },
  scales: [
    {
      id: 'o1',
      title: 'O1',
      group: 'organizational',
      items: [
        { id: 'a1', text: '', reverse: false },
        { id: 'a2', text: '', reverse: true },
        { id: 'a3', text: '', reverse: false },
      ],
    },
    {
      id: 'o2',
      title: 'O2',
      group: 'organizational',
      items: [
        { id: 'b1', text: '', reverse: false },
        { id: 'b2', text: '', reverse: false },
      ],
    },
    {
      id: 'o3',
      title: 'O3',
      group: 'organizational',
      items: [
        { id: 'e1', text: '', reverse: false },
        { id: 'e2', text: '', reverse: true },
      ],
    },
    {
      id: 'i1',
      title: 'I1',
      group: 'individual',
      items: [
        { id: 'c1', text: '', reverse: false },
        { id: 'c2', text: '', reverse: true },
      ],
    },
    {
      id: 'y',
      title: 'Y',
      group: 'outcome',
      items: [
        { id: 'd1', text: '', reverse: false },
        { id: 'd2', text: '', reverse: false },
        { id: 'd3', text: '', reverse: false },
      ],
    },
  ],
  roleLevels: [],
  segments: {
    misaligned: { usageScale: 'i1', usageAtLeast: 4, alignmentScale: 'o1', alignmentAtMost: 2 },
    highPerformer: { outcomeScale: 'y', atLeast: 4 },
  },
  levers: { decisionRights: 'o1', dataAccess: 'o2', measurement: 'o3' },
};
const tinyIds = tiny.scales.flatMap((s) => s.items.map((i) => i.id));

/** Answers with a shared factor (so the decomposition has something to find), about 8 % missing or absent. */
function tinyAnswers(n: number, seed: number): Record<string, number | null>[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const f = random();
    const row: Record<string, number | null> = {};
    for (const id of tinyIds) {
      const u = random();
      if (u < 0.04) continue; // absent
      row[id] = u < 0.08 ? null : Math.min(5, Math.max(1, Math.round(1 + 4 * (0.6 * f + 0.4 * random()))));
    }
    return row;
  });
}

describe('cronbachAlpha (two tight passes)', () => {
  it('gives exactly the textbook two-pass sums on random scales with missing answers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 20, max: 300 }),
        (seed, k, n) => {
          const random = mulberry32(seed);
          const ids = Array.from({ length: k }, (_, i) => `q${i}`);
          const columns = ids.map(() => answerColumn(random, n));
          const ref = referenceAlpha(ids, columns);
          let fast;
          try {
            fast = cronbachAlpha(ids, columns);
          } catch {
            return; // too few complete rows or a constant item: both versions refuse alike (tested elsewhere)
          }
          expect(fast.n).toBe(ref.n);
          expect(fast.mean).toBe(ref.mean);
          expect(fast.sd).toBe(ref.sd);
          // raw alpha from the reference covariance matrix, with the same formula
          let trace = 0,
            total = 0;
          for (let i = 0; i < k; i++) {
            trace += ref.cov[i][i];
            for (let j = 0; j < k; j++) total += ref.cov[i][j];
          }
          expect(fast.rawAlpha).toBe((k / (k - 1)) * (1 - trace / total));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('itemVariancesOfRows', () => {
  it('gives rwg(j) of a group’s complete rows equal to the plain computation, and to rwgByUnit (listwise) per unit', () => {
    const random = mulberry32(4);
    const n = 500;
    const items = [answerColumn(random, n, 0.2), answerColumn(random, n, 0.2), answerColumn(random, n, 0.2)];
    const labels = Array.from({ length: n }, () => (random() < 0.1 ? null : `u${Math.floor(random() * 7)}`));
    const units = rwgByUnit(items, labels, 5);
    expect(units.length).toBe(7);
    for (const unit of units) {
      const rows = labels.flatMap((u, r) => (u === unit.unit && items.every((c) => !Number.isNaN(c[r])) ? [r] : []));
      const rwg = rwgJ(itemVariancesOfRows(items, Int32Array.from(rows)), 5);
      expect(rwg).toBe(referenceRwg(items, rows, 5));
      expect(unit.rwg).toBe(rwg);
      expect(unit.n).toBe(rows.length);
    }
  });
});

describe('scoring once', () => {
  it('scoreRows and scoreColumns equal keyedItems and scoreScales of the row objects, without touching the raw columns keyedItems reads', () => {
    const rows = tinyAnswers(400, 8);
    const columns = itemColumnsFromRows(rows, tinyIds);
    const keyed = keyedItems(tiny, columns);
    const scores = scoreScales(tiny, columns);
    for (const scored of [scoreRows(tiny, rows), scoreColumns(tiny, itemColumnsFromRows(rows, tinyIds))]) {
      expect(scored.n).toBe(400);
      for (const id of tinyIds) expect(Array.from(scored.keyed[id])).toEqual(Array.from(keyed[id]));
      for (const s of tiny.scales) expect(Array.from(scored.scores[s.id])).toEqual(Array.from(scores[s.id]));
    }
    expect(Array.from(columns.a2)).toEqual(rows.map((r) => (r.a2 === null || r.a2 === undefined ? NaN : r.a2)));
  });

  it('names the first non-number answer in item order, as the per-item pass did', () => {
    const rows = [{ a1: 1, b1: 'x' as unknown as number }, { a1: 'y' as unknown as number }];
    expect(() => itemColumnsFromRows(rows, ['a1', 'b1'])).toThrow(/item "a1", row 1: expected a number, got string/);
  });
});

describe('indexedModelRows', () => {
  it('holds the complete rows, in order, with the rows they came from', () => {
    const scores = scoreRows(tiny, tinyAnswers(300, 9)).scores;
    const model: ImportanceModel = { outcome: 'y', predictors: ['o1', 'o2', 'o3', 'i1'] };
    const names = [model.outcome, ...model.predictors];
    const expected: number[][] = [],
      sources: number[] = [];
    for (let r = 0; r < 300; r++) {
      const row = names.map((name) => scores[name][r]);
      if (!row.some(Number.isNaN)) {
        expected.push(row);
        sources.push(r);
      }
    }
    const indexed = indexedModelRows(scores, model);
    expect(indexed.rows.map((row) => Array.from(row))).toEqual(expected);
    expect(Array.from(indexed.source)).toEqual(sources);
    expect(completeModelRows(scores, model).map((row) => Array.from(row))).toEqual(expected);
  });
});

describe('blockDecompositionDraws (precomputed merge terms)', () => {
  it('gives the draws of merging the picked blocks with mergedMoments, replicate by replicate, up to rounding', () => {
    const scores = scoreRows(tiny, tinyAnswers(900, 10)).scores;
    const model: ImportanceModel = {
      outcome: 'y',
      predictors: ['o1', 'o2', 'o3', 'i1'],
      groups: { organizational: ['o1', 'o2', 'o3'], individual: ['i1'] },
    };
    const rows = completeModelRows(scores, model);
    const B = 30,
      blocks = 50;
    const fast = blockDecompositionDraws(rows, model, B, mulberry32(12), blocks);
    // reference: the same generator sequence, each replicate merged with mergedMoments
    const random = mulberry32(12);
    const stats = blockStatistics(rows, 5, blocks, random);
    const r2: number[] = [],
      lmg: number[][] = [[], [], [], []],
      groups: number[][] = [[], []];
    for (let b = 0; b < B; b++) {
      const picks = Array.from({ length: stats.blocks.length }, () => Math.floor(random() * stats.blocks.length));
      const table = subsetR2FromMoments(mergedMoments(stats, picks), [model.outcome, ...model.predictors]).table;
      r2.push(table[table.length - 1]);
      lmgShares(table, 4).forEach((v, i) => lmg[i].push(v));
      Object.values(groupLmgShares(table, model.predictors, model.groups!)).forEach((v, i) => groups[i].push(v));
    }
    // The fast path adds count-weighted block terms four replicates at a time (weighted-sums.ts): the
    // same sums in another order, so equal to rounding (1e-12), not bit for bit.
    const close = (actual: readonly number[], expected: readonly number[]) => {
      expect(actual).toHaveLength(expected.length);
      actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    };
    expect(fast.failed).toBe(0);
    close(fast.r2, r2);
    model.predictors.forEach((name, i) => close(fast.lmg[name], lmg[i]));
    close(fast.groups.organizational, groups[0]);
    close(fast.groups.individual, groups[1]);
  });
});

describe('unitsPart and workflowsPart (rows grouped once)', () => {
  const n = 1200;
  const scored = scoreRows(tiny, tinyAnswers(n, 13));
  const random = mulberry32(14);
  const teams = ['t1', 't2', 't3', 't4'];
  const unitOf = Array.from({ length: n }, () => (random() < 0.05 ? null : teams[Math.floor(random() * teams.length)]));
  const units = [
    { id: 'd1', name: 'D1', parent: null },
    { id: 't1', name: 'T1', parent: 'd1' },
    { id: 't2', name: 'T2', parent: 'd1' },
    { id: 'd2', name: 'D2', parent: null },
    { id: 't3', name: 'T3', parent: 'd2' },
    { id: 't4', name: 'T4', parent: 'd2' },
  ];

  it('heatmap means and agreement equal meanSd and rwgByUnit over each unit’s subtree, labelled row by row', () => {
    const nodes = unitNodes(unitOf, [], units);
    const index = unitIndex(
      nodes,
      Int32Array.from(unitOf, (u) => nodes.findIndex((x) => x.id === u)),
    );
    const part = unitsPart(tiny, scored.scores, index, reportItemPass(tiny, scored.keyed, scored.scores, index), 5);
    const parentOf = new Map(units.map((u) => [u.id, u.parent]));
    const inSubtree = (u: string | null, id: string) => {
      for (let x = u; x !== null && x !== undefined; x = parentOf.get(x) ?? null) if (x === id) return true;
      return false;
    };
    for (const row of part.rows) {
      if (row.scores.suppressed || row.agreement.suppressed) continue;
      const member = unitOf.map((u) => (inSubtree(u, row.id) ? row.id : null));
      for (const scale of tiny.scales) {
        expect(row.scores.value[scale.id]).toBe(
          meanSd(scored.scores[scale.id].filter((_, r) => member[r] !== null)).mean,
        );
        const [a] = rwgByUnit(
          scale.items.map((i) => scored.keyed[i.id]),
          member,
          5,
        );
        expect(row.agreement.value[scale.id]).toBe(a.rwg);
      }
    }
    expect(part.rows.filter((r) => !r.scores.suppressed).length).toBeGreaterThan(2);
  });

  it('a workflow’s R² and lever means equal those of its own rows scored on their own', () => {
    const workflows = Array.from({ length: n }, () => (random() < 0.5 ? 'claims' : 'billing'));
    const model: ImportanceModel = {
      outcome: 'y',
      predictors: ['o1', 'o2', 'o3', 'i1'],
      groups: { organizational: ['o1', 'o2', 'o3'], individual: ['i1'] },
    };
    const part = workflowsPart(tiny, scored.scores, workflows, model, 5);
    for (const row of part.rows) {
      const members = workflows.flatMap((w, r) => (w === row.workflow ? [r] : []));
      const local = Object.fromEntries(
        Object.entries(scored.scores).map(([id, col]) => [id, Float64Array.from(members, (r) => col[r])]),
      );
      const ref = relativeImportance(
        { columns: [model.outcome, ...model.predictors], rows: completeModelRows(local, model) },
        model,
      );
      if (row.r2.suppressed || row.lever_means.suppressed) throw new Error('expected both workflows shown');
      expect(row.r2.value).toBe(ref.r2);
      expect(row.lever_means.value.o2).toBe(meanSd(local.o2).mean);
    }
  });
});
