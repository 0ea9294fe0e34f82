/**
 * Seeded k-fold cross-validated R² from per-fold moments: the rows are passed over once, each fold
 * keeps its own mergeable moments, and each fit on k − 1 folds is a merge of theirs, so no row is
 * revisited (Stone 1974; Hastie, Tibshirani & Friedman 2009, §7.10 for k-fold cross-validation).
 */
import { comoment, emptyMoments, mergeMoments, momentsBuilder, type Moments } from '../linear/moments.js';
import { fitOls } from '../linear/ols.js';
import { mulberry32 } from '../linear/random.js';

/** Default number of folds. */
export const DEFAULT_FOLDS = 10;

/**
 * Seeded fold assignment for a stream of rows of unknown length: each consecutive block of k rows
 * gets a fresh random permutation of the folds 0 … k − 1 (Fisher–Yates on mulberry32), so fold
 * sizes differ by at most one and the same seed gives the same folds. Throws when k < 2.
 */
export function foldAssigner(k: number, seed: number): () => number {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`cross-validation needs at least 2 folds (got ${k})`);
  const random = mulberry32(seed);
  const order = Array.from({ length: k }, (_, i) => i);
  let next = k;
  return () => {
    if (next === k) {
      for (let i = k - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      next = 0;
    }
    return order[next++];
  };
}

/** One moments accumulator per fold; `add` routes a complete row to the next fold of the assigner. */
export function foldMomentsBuilder(
  p: number,
  k: number,
  seed: number,
): { add(row: ArrayLike<number>): void; finish(): Moments[] } {
  const assign = foldAssigner(k, seed);
  const builders = Array.from({ length: k }, () => momentsBuilder(p));
  return {
    add: (row) => builders[assign()].add(row),
    finish: () => builders.map((b) => b.finish()),
  };
}

/**
 * Cross-validated R² from fold moments whose columns are [outcome, ...predictors]:
 * CV R² = 1 − SSE_pred / SST_total, where SSE_pred = Σ over folds f of Σ over the rows of f of
 * (y − ŷ_{−f})², ŷ_{−f} the OLS prediction fitted on the other k − 1 folds, and SST_total the sum of
 * squares of y about its mean over all rows. Each fold's SSE comes from its own moments:
 * n_f·(ȳ_f − a − b'x̄_f)² + C_yy − 2 b'C_xy + b'C_xx b. It can be negative (worse than the mean).
 * Throws (RangeError) when a training set has too few rows, a constant column or collinear predictors.
 */
export function crossValidatedR2(folds: readonly Moments[]): number {
  if (folds.length < 2) throw new RangeError(`cross-validation needs at least 2 folds (got ${folds.length})`);
  const q = folds[0].p;
  const predictors = Array.from({ length: q - 1 }, (_, i) => i + 1);
  const total = folds.reduce((acc, f) => mergeMoments(acc, f), emptyMoments(q));
  const sst = comoment(total, 0, 0);
  let sse = 0;
  folds.forEach((fold, f) => {
    if (fold.n === 0) return;
    const train = folds.reduce((acc, g, h) => (h === f ? acc : mergeMoments(acc, g)), emptyMoments(q));
    const fit = fitOls(train, 0, predictors);
    let bias = fold.mean[0] - fit.intercept;
    let cross = 0;
    let quad = 0;
    for (let a = 0; a < q - 1; a++) {
      const ba = fit.slopes[a];
      bias -= ba * fold.mean[a + 1];
      cross += ba * comoment(fold, 0, a + 1);
      for (let b = 0; b < q - 1; b++) quad += ba * fit.slopes[b] * comoment(fold, a + 1, b + 1);
    }
    sse += fold.n * bias * bias + comoment(fold, 0, 0) - 2 * cross + quad;
  });
  return 1 - sse / sst;
}
