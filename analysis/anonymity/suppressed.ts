/**
 * A reported figure that carries its n, or only the fact that it rests on fewer than K responses.
 * A suppressed cell holds neither the true n nor the value, so no template, CSV export or JSON
 * serialisation can leak them by accident.
 */
export type Cell<T> =
  | { readonly suppressed: false; readonly n: number; readonly value: T }
  | { readonly suppressed: true; readonly n_below: number };

/** A suppressed cell: "fewer than `threshold` responses". */
export function suppressedCell<T>(threshold: number): Cell<T> {
  return { suppressed: true, n_below: threshold };
}

/**
 * Primary suppression of one figure (small-cell rule, as in statistical disclosure control, e.g.
 * Hundepool et al. 2012, "Statistical Disclosure Control", ch. 5): suppressed when 0 < n < threshold.
 * n = 0 is shown as a cell with n = 0 ("no responses"), since an empty group says nothing about
 * anyone. Use `suppressGroups` (analysis/anonymity/suppression.ts) when sibling groups share a shown total.
 * Throws on a negative or non-integer n or a threshold below 1.
 */
export function cell<T>(n: number, value: T, threshold: number): Cell<T> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`a cell count must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new RangeError(`the anonymity threshold must be an integer ≥ 1, got ${threshold}`);
  return n > 0 && n < threshold ? suppressedCell(threshold) : { suppressed: false, n, value };
}

/** A cell suppressed regardless of its n (secondary suppression decided by `suppressGroups`), else as `cell`. */
export function cellUnless<T>(suppress: boolean, n: number, value: T, threshold: number): Cell<T> {
  return suppress ? suppressedCell(threshold) : cell(n, value, threshold);
}

/** Maps the value of a shown cell; a suppressed cell stays suppressed. */
export function mapCell<T, U>(c: Cell<T>, f: (value: T, n: number) => U): Cell<U> {
  return c.suppressed ? c : { suppressed: false, n: c.n, value: f(c.value, c.n) };
}
