/**
 * The multilevel lens of the report: for the outcome and every scale, how much of the variance lies
 * between units (teams): ICC(1), ICC(2) (analysis/multilevel/icc.ts) and the REML random-intercept variance
 * components (analysis/multilevel/reml.ts, as lme4::lmer(y ~ 1 + (1 | unit))).
 */
import { iccFromSummaries, summarizeByUnit, type UnitLabels } from '../multilevel/icc.js';
import { remlFromSummaries } from '../multilevel/reml.js';
import { ranked, type RankedWarning } from './report-warnings.js';
import type { MultilevelFigures } from './report.js';

/** ICC(2) below this: unit means are not reliable enough to compare (Glick 1985; Bliese 2000). */
export const ICC2_FLOOR = 0.6;

/**
 * Multilevel figures per column (scale id → scores, NaN = missing) over `units` (one label per
 * row, null = no unit). Null when fewer than two units hold a value of any column. A column the
 * figures cannot be computed for (e.g. no within-unit replication) is left out with the reason in
 * `warnings`. Columns with ICC(2) < 0 (then ICC(1) < 0 too: no unit differences beyond chance) get
 * `below_zero` and are named in one warning; the other columns with ICC(2) < 0.6 in another, unless
 * `verdict` is false (too few units shown for a verdict on comparing their means).
 */
export function multilevelFor(
  columns: Readonly<Record<string, Float64Array>>,
  units: UnitLabels,
  titles: Readonly<Record<string, string>> = {},
  { verdict = true }: { readonly verdict?: boolean } = {},
): { multilevel: Record<string, MultilevelFigures> | null; warnings: RankedWarning[] } {
  const warnings: RankedWarning[] = [];
  const out: Record<string, MultilevelFigures> = {};
  const unreliable: string[] = [];
  const belowZero: string[] = [];
  let anyUnits = false;
  for (const [id, values] of Object.entries(columns)) {
    const summaries = summarizeByUnit(values, units);
    if (summaries.J < 2) continue;
    anyUnits = true;
    try {
      const i = iccFromSummaries(summaries); // icc(values, units) without grouping the rows again
      const r = remlFromSummaries(summaries);
      out[id] = {
        icc1: i.icc1,
        icc2: i.icc2,
        between: r.between,
        within: r.within,
        units: i.J,
        below_zero: i.icc2 < 0,
        reliable_means: i.icc2 >= ICC2_FLOOR,
      };
      if (i.icc2 < 0) belowZero.push(titles[id] ?? id);
      else if (!(i.icc2 >= ICC2_FLOOR)) unreliable.push(titles[id] ?? id);
    } catch (error) {
      warnings.push(
        ranked('not_computed', `No multilevel figures for ${titles[id] ?? id}: ${(error as Error).message}.`),
      );
    }
  }
  if (!anyUnits) return { multilevel: null, warnings };
  if (belowZero.length > 0) {
    warnings.push(
      ranked(
        'out_of_range',
        `ICC(1) and ICC(2) are below 0 for ${belowZero.join(', ')}: no differences between units beyond chance (answers vary more within units than between them), so ${belowZero.length === 1 ? 'its' : 'their'} ICC values are not shown as numbers.`,
      ),
    );
  }
  if (unreliable.length > 0 && verdict) {
    warnings.push(
      ranked(
        'caution',
        `ICC(2) is below ${ICC2_FLOOR} for ${unreliable.join(', ')}: team means are not reliable enough to compare on ${unreliable.length === 1 ? 'this scale' : 'these scales'}.`,
      ),
    );
  }
  return { multilevel: out, warnings };
}

/**
 * `multilevelFor` on row-major data, e.g. what `readiness analyze` reads (server/cli/csv-columns.ts):
 * the chosen `columns` (null = missing) grouped by `units` (one label per row).
 */
export function multilevelOfRows(
  columns: readonly string[],
  rows: readonly (readonly (number | null)[])[],
  units: UnitLabels,
): { multilevel: Record<string, MultilevelFigures> | null; warnings: string[] } {
  const data = Object.fromEntries(columns.map((name, c) => [name, Float64Array.from(rows, (row) => row[c] ?? NaN)]));
  const { multilevel, warnings } = multilevelFor(data, units);
  return { multilevel, warnings: warnings.map((w) => w.text) };
}
