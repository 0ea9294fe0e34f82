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
