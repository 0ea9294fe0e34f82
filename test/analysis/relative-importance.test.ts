import { describe, expect, it } from 'vitest';
import { relativeImportance } from '../../analysis/importance/relative-importance.js';
import { expectClose, loadReference, type SwissCase } from './reference-case.js';

// Every expected value: R 4.2.2 on datasets::swiss, Fertility ~ 5 predictors (see the JSON's `source`):
// stats::lm, relaimpo 2.2-7 calc.relimp(type = "lmg", groups = …), domir 1.2.0 / dominanceanalysis 2.1.0,
// rwa 0.1.0 / yhat 2.0-4 rlw(). Tolerance 1e-9 relative, as the reference README asks.
const swiss = loadReference<SwissCase>('swiss_fertility.json');
const result = relativeImportance(swiss.data, {
  outcome: swiss.outcome,
  predictors: swiss.predictors,
  groups: swiss.groups,
});
const e = swiss.expected;

describe('relative importance on R datasets::swiss', () => {
  it('fits the OLS model as lm() does', () => {
    expect(result.n).toBe(e.n_used);
    expectClose(result.r2, e.r2);
    expectClose(result.adjR2, e.adj_r2);
    expectClose(result.coefficients.intercept, e.coefficients['(Intercept)']);
    for (const name of swiss.predictors) expectClose(result.coefficients.slopes[name], e.coefficients[name]);
  });

  it('splits R² by LMG per predictor as relaimpo does', () => {
    for (const name of swiss.predictors) expectClose(result.lmg[name], e.lmg[name]);
  });

  it('treats each group as one player, not the sum of its members', () => {
    expect(Object.keys(result.groupLmg ?? {})).toEqual(Object.keys(e.lmg_groups));
    for (const [group, value] of Object.entries(e.lmg_groups)) expectClose(result.groupLmg?.[group] ?? NaN, value);
  });

  it('reports general and conditional dominance as domir does', () => {
    for (const name of swiss.predictors) {
      expectClose(result.dominance.general[name], e.dominance.general[name]);
      expect(result.dominance.conditional[name]).toHaveLength(swiss.predictors.length);
      e.dominance.conditional[name].forEach((v, k) => expectClose(result.dominance.conditional[name][k], v));
    }
  });

  it('reports complete dominance and its proportions exactly', () => {
    expect(result.dominance.complete).toEqual(e.dominance.complete);
    expect(result.dominance.completeProportion).toEqual(e.dominance.complete_proportion);
  });

  it("computes Johnson's relative weights as rwa does", () => {
    for (const name of swiss.predictors) {
      expectClose(result.relativeWeights.raw[name], e.relative_weights.raw[name]);
      expectClose(result.relativeWeights.percent[name], e.relative_weights.percent[name]);
    }
  });
});
