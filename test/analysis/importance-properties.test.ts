import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relativeImportance } from '../../analysis/importance/relative-importance.js';
import { subsetR2FromMoments } from '../../analysis/importance/subset-r2.js';
import { correlationMatrix } from '../../analysis/linear/covariance.js';
import { momentsOfRows } from '../../analysis/linear/moments.js';
import { fitOls } from '../../analysis/linear/ols.js';
import { expectClose } from './reference-case.js';

/**
 * n rows of q columns on a 0.01 grid in [−10, 10] (survey-like magnitudes, no subnormal noise);
 * draws with collinear or constant columns are filtered out below.
 */
const dataArb = fc
  .integer({ min: 2, max: 6 })
  .chain((p) =>
    fc.record({
      p: fc.constant(p),
      rows: fc.array(
        fc.array(
          fc.integer({ min: -1000, max: 1000 }).map((v) => v / 100),
          { minLength: p + 1, maxLength: p + 1 },
        ),
        {
          minLength: p + 8,
          maxLength: 40,
        },
      ),
    }),
  )
  .filter(({ p, rows }) => {
    // Skip the rare draw where two columns are (nearly) identical or constant.
    try {
      relativeImportance({ columns: names(p + 1), rows }, model(p));
      return true;
    } catch {
      return false;
    }
  });

const names = (q: number) => Array.from({ length: q }, (_, i) => `c${i}`);
const model = (p: number) => ({ outcome: 'c0', predictors: names(p + 1).slice(1) });
const sum = (o: Readonly<Record<string, number>>) => Object.values(o).reduce((a, b) => a + b, 0);

describe('subset-R² table', () => {
  it('holds, for every subset, the R² of a direct OLS fit on that subset', () => {
    fc.assert(
      fc.property(dataArb, ({ p, rows }) => {
        const all = Array.from({ length: p + 1 }, (_, i) => i);
        const m = momentsOfRows(rows, all).moments;
        const { table } = subsetR2FromMoments(m);
        expect(table[0]).toBe(0);
        for (let mask = 1; mask < 1 << p; mask++) {
          const subset = all.slice(1).filter((i) => mask & (1 << (i - 1)));
          expectClose(table[mask], fitOls(m, 0, subset).r2, 1e-8);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('relative importance', () => {
  it('splits exactly R²: LMG, relative weights and group LMG each sum to it', () => {
    fc.assert(
      fc.property(dataArb, ({ p, rows }) => {
        const preds = model(p).predictors;
        const r = relativeImportance(
          { columns: names(p + 1), rows },
          { ...model(p), groups: { first: preds.slice(0, 2) } },
        );
        expectClose(sum(r.lmg), r.r2, 1e-9);
        expectClose(sum(r.relativeWeights.raw), r.r2, 1e-9);
        expectClose(sum(r.groupLmg ?? {}), r.r2, 1e-9);
        expectClose(sum(r.relativeWeights.percent), 100, 1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('gives each predictor the same shares whatever order the predictors are listed in', () => {
    fc.assert(
      fc.property(dataArb, fc.integer(), ({ p, rows }, seed) => {
        const preds = model(p).predictors;
        const shuffled = [...preds].sort(
          (a, b) => ((a.charCodeAt(1) * 31 + seed) % 7) - ((b.charCodeAt(1) * 31 + seed) % 7),
        );
        const data = { columns: names(p + 1), rows };
        const a = relativeImportance(data, model(p));
        const b = relativeImportance(data, { outcome: 'c0', predictors: shuffled });
        for (const name of preds) {
          expectClose(b.lmg[name], a.lmg[name], 1e-9);
          expectClose(b.relativeWeights.raw[name], a.relativeWeights.raw[name], 1e-9);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("gives a one-member group exactly its member's LMG", () => {
    fc.assert(
      fc.property(dataArb, ({ p, rows }) => {
        const r = relativeImportance({ columns: names(p + 1), rows }, { ...model(p), groups: { solo: ['c1'] } });
        expectClose(r.groupLmg?.solo ?? NaN, r.lmg.c1, 1e-12);
      }),
      { numRuns: 30 },
    );
  });

  it("starts conditional dominance at the squared zero-order correlation and ends at the predictor's unique R²", () => {
    fc.assert(
      fc.property(dataArb, ({ p, rows }) => {
        const data = { columns: names(p + 1), rows };
        const r = relativeImportance(data, model(p));
        const m = momentsOfRows(rows, [0, 1]).moments;
        const corr = correlationMatrix(m);
        expectClose(r.dominance.conditional.c1[0], corr[1] ** 2, 1e-9);
        const without = relativeImportance(data, { outcome: 'c0', predictors: model(p).predictors.slice(1) });
        const last = r.dominance.conditional.c1[p - 1];
        expectClose(last, p === 1 ? r.r2 : r.r2 - without.r2, 1e-8);
      }),
      { numRuns: 30 },
    );
  });
});

/** Shapley values by their definition: the mean gain over all p! orderings of the predictors. */
function shapleyByOrderings(table: ArrayLike<number>, p: number): number[] {
  const out = new Array<number>(p).fill(0);
  let count = 0;
  const walk = (order: number[], rest: number[]) => {
    if (rest.length === 0) {
      let mask = 0;
      for (const i of order) {
        out[i] += table[mask | (1 << i)] - table[mask];
        mask |= 1 << i;
      }
      count++;
      return;
    }
    rest.forEach((i, k) => walk([...order, i], [...rest.slice(0, k), ...rest.slice(k + 1)]));
  };
  walk([], [...Array(p).keys()]);
  return out.map((v) => v / count);
}

describe('relative importance: definitions and invariances', () => {
  it('gives LMG and general dominance equal to the Shapley value over all orderings', () => {
    fc.assert(
      fc.property(dataArb, ({ p, rows }) => {
        const r = relativeImportance({ columns: names(p + 1), rows }, model(p));
        const { table } = subsetR2FromMoments(momentsOfRows(rows, [...Array(p + 1).keys()]).moments);
        shapleyByOrderings(table, p).forEach((v, i) => {
          expectClose(r.lmg[`c${i + 1}`], v, 1e-10);
          expectClose(r.dominance.general[`c${i + 1}`], v, 1e-10);
        });
      }),
      { numRuns: 50 },
    );
  });

  it('is unchanged when any column is rescaled as a·x + b, a negative included (only betas flip sign)', () => {
    const scale = fc.record({
      a: fc.oneof(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: -100, max: -0.01, noNaN: true })),
      b: fc.double({ min: -1000, max: 1000, noNaN: true }),
    });
    fc.assert(
      fc.property(dataArb, fc.array(scale, { minLength: 7, maxLength: 7 }), ({ p, rows }, scales) => {
        const columns = names(p + 1);
        const groups = { first: model(p).predictors.slice(0, 2) };
        const a = relativeImportance({ columns, rows }, { ...model(p), groups });
        const moved = rows.map((row) => row.map((v, c) => scales[c].a * v + scales[c].b));
        const b = relativeImportance({ columns, rows: moved }, { ...model(p), groups });
        expectClose(b.r2, a.r2, 1e-8);
        expectClose(b.cvR2 ?? NaN, a.cvR2 ?? NaN, 1e-7);
        for (const name of model(p).predictors) {
          expectClose(b.lmg[name], a.lmg[name], 1e-8);
          expectClose(b.relativeWeights.raw[name], a.relativeWeights.raw[name], 1e-8);
          b.dominance.conditional[name].forEach((v, k) => expectClose(v, a.dominance.conditional[name][k], 1e-8));
          const flip = Math.sign(scales[0].a) * Math.sign(scales[columns.indexOf(name)].a);
          expectClose(b.betas[name], flip * a.betas[name], 1e-7);
        }
        for (const [g, v] of Object.entries(a.groupLmg ?? {})) expectClose(b.groupLmg?.[g] ?? NaN, v, 1e-8);
      }),
      { numRuns: 50 },
    );
  });
});
