/**
 * How report figures are written, the same way in the pages, the accessible tables and the CSV files:
 * shares as whole or one-decimal percentages, means with two decimals, a suppressed cell as
 * "fewer than K" (pages) or "suppressed (fewer than K)" (CSV), never its n or value.
 */
import type { Interval } from '../../../analysis/report.js';
import type { Cell } from '../../../analysis/suppressed.js';

export const pct = (v: number, digits = 0): string => `${(v * 100).toFixed(digits)}%`;
export const num = (v: number, digits = 2): string => v.toFixed(digits);
export const ciText = (ci: Interval | null, f: (v: number) => string): string => (ci ? `${f(ci[0])} to ${f(ci[1])}` : '');
export const fewerThan = (k: number): string => `fewer than ${k}`;
export const suppressedCsv = (k: number): string => `suppressed (fewer than ${k})`;

/** The text of a cell on a page: "fewer than K" when suppressed, "no responses" for n = 0, else f(value). */
export function cellText<T>(c: Cell<T>, f: (value: T, n: number) => string): string {
  if (c.suppressed) return fewerThan(c.n_below);
  if (c.n === 0) return 'no responses';
  return f(c.value, c.n);
}

/**
 * Background colour for a mean on the Likert range: a light diverging scale (warm below the midpoint,
 * cool above), light enough that black text keeps a contrast ratio above 10:1 (WCAG AA needs 4.5:1).
 */
export function heatColour(mean: number, min: number, max: number): string {
  const t = Math.max(0, Math.min(1, (mean - min) / (max - min)));
  const low = [244, 190, 180];
  const mid = [246, 246, 240];
  const high = [176, 212, 240];
  const [a, b, u] = t < 0.5 ? [low, mid, t / 0.5] : [mid, high, (t - 0.5) / 0.5];
  const rgb = a.map((c, i) => Math.round(c + (b[i] - c) * u));
  return `rgb(${rgb.join(', ')})`;
}

/** JSON for a <script type="application/json"> block: `<` escaped so the data cannot close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export const GROUP_LABEL: Readonly<Record<string, string>> = {
  organizational: 'Organizational',
  individual: 'Individual',
  outcome: 'Outcome',
  alignment: 'Alignment',
};

export const LEVER_LABEL: Readonly<Record<string, string>> = { decisionRights: 'decision rights', dataAccess: 'data access', measurement: 'measurement' };
