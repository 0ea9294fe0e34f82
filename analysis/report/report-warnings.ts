/**
 * The report's warnings in the order a reader needs them: first a figure that could not be computed
 * (and what it still needs), then a figure outside its meaningful range (an ICC or alpha below 0),
 * then cautions about figures that are shown (alpha below 0.7, ICC(2) below 0.6, n < 10·p).
 */

/** How much a warning matters, most first. */
export type WarningLevel = 'not_computed' | 'out_of_range' | 'caution';

export interface RankedWarning {
  readonly level: WarningLevel;
  readonly text: string;
}

const RANK: Readonly<Record<WarningLevel, number>> = { not_computed: 0, out_of_range: 1, caution: 2 };

/** A warning of the given level. */
export const ranked = (level: WarningLevel, text: string): RankedWarning => ({ level, text });

/** The texts ordered by level, most important first; the parts' own order is kept within a level. */
export function orderedWarnings(warnings: readonly RankedWarning[]): string[] {
  return warnings
    .map((w, i) => ({ w, i }))
    .sort((a, b) => RANK[a.w.level] - RANK[b.w.level] || a.i - b.i)
    .map(({ w }) => w.text);
}
