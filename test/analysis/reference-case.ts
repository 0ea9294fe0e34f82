/** Loads a reference case from ../shared/reference (beside the repository, also in CI). */
import { readFileSync } from 'node:fs';

export interface ReferenceData {
  readonly columns: string[];
  readonly rows: (number | null)[][];
}

export function loadReference<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../../../shared/reference/${file}`, import.meta.url), 'utf8')) as T;
}

/** Relative-tolerance comparison: |actual − expected| ≤ tol · max(1, |expected|). */
export function expectClose(actual: number, expected: number, tol = 1e-9): void {
  const err = Math.abs(actual - expected);
  if (!(err <= tol * Math.max(1, Math.abs(expected)))) {
    throw new Error(`expected ${expected}, got ${actual} (difference ${err}, tolerance ${tol} relative)`);
  }
}

/** swiss_fertility.json: R's datasets::swiss, Fertility ~ 5 predictors, with the expected values (see its field_doc). */
export interface SwissCase {
  readonly data: ReferenceData;
  readonly outcome: string;
  readonly predictors: string[];
  readonly groups: Record<string, string[]>;
  readonly expected: {
    readonly r2: number;
    readonly adj_r2: number;
    readonly n_used: number;
    readonly coefficients: Record<string, number>;
    readonly lmg: Record<string, number>;
    readonly lmg_groups: Record<string, number>;
    readonly dominance: {
      readonly general: Record<string, number>;
      readonly conditional: Record<string, number[]>;
      readonly complete: number[][];
      readonly complete_proportion: (number | null)[][];
    };
    readonly relative_weights: { readonly raw: Record<string, number>; readonly percent: Record<string, number> };
  };
}
