/**
 * Within-unit agreement rwg(j) for a multi-item scale (James, Demaree & Wolf 1984), as
 * multilevel::rwg.j in R with the uniform ("rectangular") null distribution.
 *
 * Missing answers (NaN: skipped or "does not apply") are handled listwise, as rwg.j does
 * (`na.exclude` on the scale's items and the unit): a response with any item of the scale missing
 * is left out of that scale's agreement in its unit. Checked against multilevel 2.7 on data with
 * missing cells (test/fixtures/rwg-listwise-reference.R).
 */
import type { Instrument } from '../scales/instrument.js';
import type { ItemColumn, ItemColumns } from '../scales/scoring.js';
import type { UnitLabels } from './icc.js';

export interface UnitAgreement {
  readonly unit: string;
  /** Respondents in the unit who answered every item of the scale (rwg.j's gsize). */
  readonly n: number;
  /** Mean of the within-unit item variances s̄² (n − 1 denominators). */
  readonly meanItemVariance: number;
  /** rwg(j) in [0, 1]; NaN with fewer than two complete responses in the unit. */
  readonly rwg: number;
}

/** Expected variance of the uniform null for A response options: σ²_EU = (A² − 1) / 12. */
export function uniformNullVariance(options: number): number {
  if (!Number.isInteger(options) || options < 2)
    throw new Error(`rwg needs at least 2 response options, got ${options}`);
  return (options * options - 1) / 12;
}

/**
 * rwg(j) = J(1 − s̄²/σ²_EU) / (J(1 − s̄²/σ²_EU) + s̄²/σ²_EU) with J items, s̄² the mean of the item
 * variances within the unit (each item over the unit's answers to it), σ²_EU = (A² − 1)/12
 * (James, Demaree & Wolf 1984). Truncated by the usual convention (Lindell & Brandt 1999): when
 * s̄² > σ²_EU (more disagreement than random answering) rwg(j) is set to 0, so it lies in [0, 1].
 */
export function rwgJ(itemVariances: readonly number[], options: number): number {
  const eu = uniformNullVariance(options);
  const vars = itemVariances.filter((v) => !Number.isNaN(v));
  if (vars.length === 0) return NaN;
  const J = vars.length;
  const ratio = vars.reduce((s, v) => s + v, 0) / J / eu;
  if (ratio >= 1) return 0;
  return (J * (1 - ratio)) / (J * (1 - ratio) + ratio);
}

/**
 * rwg(j) per unit for one scale from its (reverse-keyed) item columns, NaN = not answered.
 * Listwise, as multilevel::rwg.j: only rows that answered every item of the scale count; rows
 * without a unit (null, undefined, '' or a negative code) are ignored. `options` is the number of
 * Likert points (max − min + 1). Units are listed in order of their first complete row.
 */
export function rwgByUnit(items: readonly ItemColumn[], units: UnitLabels, options: number): UnitAgreement[] {
  if (items.length === 0) throw new Error('rwg(j) needs at least one item');
  for (const col of items)
    if (col.length !== units.length) throw new Error(`got ${col.length} answers but ${units.length} unit labels`);
  const rowsByUnit = new Map<string, number[]>();
  for (let r = 0; r < units.length; r++) {
    const u = units[r];
    if (u === null || u === undefined || u === '' || (typeof u === 'number' && u < 0)) continue;
    if (!isComplete(items, r)) continue;
    const key = String(u);
    const list = rowsByUnit.get(key);
    if (list) list.push(r);
    else rowsByUnit.set(key, [r]);
  }
  // Every listed row answered every item, so n is the length of the list.
  return [...rowsByUnit].map(([unit, rows]) => {
    const variances = itemVariancesOfRows(items, rows);
    const present = variances.filter((v) => !Number.isNaN(v));
    const meanItemVariance = present.length ? present.reduce((s, v) => s + v, 0) / present.length : NaN;
    return { unit, n: rows.length, meanItemVariance, rwg: rwgJ(variances, options) };
  });
}

/** Whether row `r` answered every item (no NaN): the rows rwg(j) keeps. */
export function isComplete(items: readonly ItemColumn[], r: number): boolean {
  for (let c = 0; c < items.length; c++) {
    const v = items[c][r];
    if (v !== v) return false;
  }
  return true;
}

/**
 * Each item's variance (n − 1) over the answers of the rows `rows`, NaN for fewer than two answers:
 * the mean of the answers, then Σ (x − mean)² / (count − 1), both summed in row order. rwgJ of these
 * is the group's rwg(j) when `rows` are its complete rows (`isComplete`); callers that already hold
 * a group's rows (e.g. a department's subtree) use it without relabelling every row.
 */
export function itemVariancesOfRows(items: readonly ItemColumn[], rows: ArrayLike<number>): number[] {
  return items.map((col) => {
    let count = 0,
      sum = 0;
    for (let t = 0; t < rows.length; t++) {
      const v = col[rows[t]];
      if (v === v) {
        count++;
        sum += v;
      }
    }
    if (count < 2) return NaN;
    const m = sum / count;
    let ss = 0;
    for (let t = 0; t < rows.length; t++) {
      const v = col[rows[t]];
      if (v === v) ss += (v - m) ** 2;
    }
    return ss / (count - 1);
  });
}

/**
 * rwg(j) per unit for every scale of the instrument (James, Demaree & Wolf 1984), from reverse-keyed
 * item columns (analysis/scales/scoring.ts `keyedItems`); A = max − min + 1 Likert points.
 * Listwise per scale (see `rwgByUnit`).
 * The per-unit figures carry n; wrap them in cells (analysis/anonymity/suppressed.ts) before reporting.
 */
export function rwgByScale(
  instrument: Instrument,
  keyed: ItemColumns,
  units: UnitLabels,
): Record<string, UnitAgreement[]> {
  const options = instrument.likert.max - instrument.likert.min + 1;
  const out: Record<string, UnitAgreement[]> = {};
  for (const scale of instrument.scales) {
    out[scale.id] = rwgByUnit(
      scale.items.map((item) => {
        const col = keyed[item.id];
        if (!col) throw new Error(`item "${item.id}" of scale "${scale.id}" is missing from the keyed items`);
        return col;
      }),
      units,
      options,
    );
  }
  return out;
}
