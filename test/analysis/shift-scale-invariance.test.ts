/**
 * R², LMG and the cross-validated R² do not depend on where a column sits or on its unit: a column
 * shifted by 1e12 (epoch milliseconds, say) or scaled by 1e-15 must give the figures of the column
 * as it is, to 1e-9 relative, whatever the number of folds. Data: R's datasets::swiss
 * (swiss_fertility.json). Only integer-valued columns are shifted (Examination, Education), so the
 * shifted values are exact in double precision and any difference comes from the computation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relativeImportance, type ImportanceResult } from '../../analysis/importance/relative-importance.js';
import { loadReference, type SwissCase } from './reference-case.js';

const swiss = loadReference<SwissCase>('swiss_fertility.json');
const model = { outcome: swiss.outcome, predictors: swiss.predictors, groups: swiss.groups };

/** The swiss rows with column `name` mapped through `f`. */
function mapColumn(name: string, f: (v: number) => number) {
  const c = swiss.data.columns.indexOf(name);
  return {
    columns: swiss.data.columns,
    rows: swiss.data.rows.map((row) => row.map((v, i) => (i === c && v !== null ? f(v) : v))),
  };
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** The largest relative difference over R², CV R², every LMG share and every group share. */
function largestDifference(a: ImportanceResult, b: ImportanceResult): number {
  const pairs: [number, number][] = [
    [a.r2, b.r2],
    [a.adjR2, b.adjR2],
    [a.cvR2 ?? NaN, b.cvR2 ?? NaN],
    ...swiss.predictors.map((name): [number, number] => [a.lmg[name], b.lmg[name]]),
    ...Object.keys(swiss.groups).map((name): [number, number] => [
      a.groupLmg?.[name] ?? NaN,
      b.groupLmg?.[name] ?? NaN,
    ]),
  ];
  return Math.max(...pairs.map(([x, y]) => relativeError(x, y)));
}

describe('importance of a column shifted far from zero', () => {
  for (const cvFolds of [2, 3, 5, 10]) {
    it(`gives the unshifted R², CV R² and LMG to 1e-9 relative with ${cvFolds} folds (Education + 1e12)`, () => {
      const plain = relativeImportance(swiss.data, model, { cvFolds });
      const shifted = relativeImportance(
        mapColumn('Education', (v) => v + 1e12),
        model,
        { cvFolds },
      );
      expect(largestDifference(shifted, plain)).toBeLessThan(1e-9);
    });
  }

  it('is invariant to any whole-number shift of an integer column, for any seed and number of folds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Examination', 'Education'),
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 0, max: 1000 }),
        (column, shift, cvFolds, seed) => {
          const plain = relativeImportance(swiss.data, model, { cvFolds, seed });
          const shifted = relativeImportance(
            mapColumn(column, (v) => v + shift),
            model,
            { cvFolds, seed },
          );
          expect(largestDifference(shifted, plain)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('importance of a column on a tiny or huge scale', () => {
  for (const [column, factor] of [
    ['Agriculture', 1e-15],
    ['Fertility', 1e-15],
    ['Catholic', 1e15],
  ] as const) {
    it(`gives the unscaled R², CV R² and LMG to 1e-9 relative with ${column} × ${factor}`, () => {
      const plain = relativeImportance(swiss.data, model);
      const scaled = relativeImportance(
        mapColumn(column, (v) => v * factor),
        model,
      );
      expect(largestDifference(scaled, plain)).toBeLessThan(1e-9);
    });
  }

  it('still refuses a column that is truly constant, whatever its level', () => {
    for (const level of [0, 1e-15, 3, 1e12]) {
      expect(
        () =>
          relativeImportance(
            mapColumn('Examination', () => level),
            model,
          ),
        String(level),
      ).toThrow(/column "Examination" is constant over the 47 complete rows/);
    }
  });
});
