/**
 * How report figures are written, the same way in the pages, the accessible tables and the CSV files:
 * shares as whole or one-decimal percentages, means with two decimals, a suppressed cell as
 * "fewer than K" (pages) or "suppressed (fewer than K)" (CSV), never its n or value.
 */
import type { Cell } from '../../../analysis/anonymity/suppressed.js';
import type { Interval } from '../../../analysis/report/report.js';

export const pct = (v: number, digits = 0): string => `${(v * 100).toFixed(digits)}%`;
/** A proportion as percentage points for a chart's data, to two decimals (0.1234 → 12.34). */
export const percentPoints = (v: number): number => Number((v * 100).toFixed(2));
export const num = (v: number, digits = 2): string => v.toFixed(digits);
/** How often the bootstrap ranks something first: never "100%" or "0%" unless exactly so (as the recommendation's sentence). */
export const frequency = (f: number): string =>
  f > 0.995 && f < 1 ? 'more than 99%' : f > 0 && f < 0.005 ? 'less than 1%' : pct(f);
/** An interval of shares as "78–98%". */
export const pctRange = (ci: Interval): string => `${Math.round(ci[0] * 100)}–${pct(ci[1])}`;
export const ciText = (ci: Interval | null, f: (v: number) => string): string =>
  ci ? `${f(ci[0])} to ${f(ci[1])}` : '';
export const fewerThan = (k: number): string => `fewer than ${k}`;
/** A CSV number: rounded to `digits` decimals. */
export const csvRound = (v: number, digits = 4): number => Number(v.toFixed(digits));
/** A CSV number that may be missing: empty for null, undefined or NaN. */
export const csvOptional = (v: number | null | undefined): string | number =>
  v === null || v === undefined || Number.isNaN(v) ? '' : csvRound(v);
export const suppressedCsv = (k: number): string => `suppressed (fewer than ${k})`;

/** The text of a cell on a page: "fewer than K" when suppressed, "no responses" for n = 0, else f(value). */
export function cellText<T>(c: Cell<T>, f: (value: T, n: number) => string): string {
  if (c.suppressed) return fewerThan(c.n_below);
  if (c.n === 0) return 'no responses';
  return f(c.value, c.n);
}

/**
 * The heatmap class for a mean on the Likert range: heat-0 (the minimum) … heat-10 (the maximum), in
 * equal steps. public/css/report.css gives them a light diverging scale (warm below the midpoint, cool
 * above) on which black text keeps a contrast above 10:1 (WCAG AA asks 4.5:1). Classes, not inline
 * styles, because the Content-Security-Policy allows no inline style.
 */
export function heatClass(mean: number, min: number, max: number): string {
  const t = Math.max(0, Math.min(1, (mean - min) / (max - min)));
  return `heat-${Math.round(t * 10)}`;
}

/** JSON for a <script type="application/json"> block: `<` escaped so the data cannot close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export const GROUP_LABEL: Readonly<Record<string, string>> = {
  organizational: 'Organizational',
  individual: 'Individual',
  outcome: 'Outcome',
  alignment: 'Alignment',
};

export const LEVER_LABEL: Readonly<Record<string, string>> = {
  decisionRights: 'decision rights',
  dataAccess: 'data access',
  measurement: 'measurement',
};
