/**
 * The data of each report chart, as plain JSON that the page embeds in a
 * <script type="application/json"> block and public/js/report-charts.js draws with Chart.js.
 * Built from the same Report fields as the tables and the CSV files; a suppressed group has no point.
 */
import type { FullReport } from '../../../analysis/report/report.js';
import { WORK_TREND_INDEX_2026 } from '../../references/work-trend-index.js';
import { GROUP_LABEL, percentPoints } from './report-format.js';

export interface BarDataset {
  readonly label: string;
  readonly data: readonly number[];
  readonly colors: string | readonly string[];
  /** [lower, upper] per bar, same units as data, drawn as whiskers; null = no interval. */
  readonly whiskers?: readonly ([number, number] | null)[];
}

export interface BarChart {
  readonly kind: 'bar';
  readonly horizontal: boolean;
  readonly stacked: boolean;
  readonly labels: readonly string[];
  readonly datasets: readonly BarDataset[];
  /** Axis of the values: title and bounds; values are percentages unless `unit` says otherwise ('' = plain numbers). */
  readonly valueAxis: { readonly title: string; readonly min: number; readonly max?: number; readonly unit?: string };
  /** Show the legend even for one dataset, when the dataset's label names the group it shows (a cut's only shown value). */
  readonly legend?: boolean;
}

export interface ScatterChart {
  readonly kind: 'scatter';
  readonly points: readonly { readonly x: number; readonly y: number; readonly label: string }[];
  readonly x: { readonly title: string; readonly min: number; readonly max: number };
  readonly y: { readonly title: string; readonly min: number; readonly max: number };
}

export type ChartSpec = BarChart | ScatterChart;

/** A horizontal, unstacked bar chart of one dataset: one bar per label. */
export function horizontalBars(
  labels: readonly string[],
  dataset: BarDataset,
  valueAxis: BarChart['valueAxis'],
): BarChart {
  return { kind: 'bar', horizontal: true, stacked: false, labels, datasets: [dataset], valueAxis };
}

export const COLOURS = {
  organizational: '#0b5cad',
  individual: '#b35900',
  outcome: '#1a7f37',
  alignment: '#6639ba',
  unexplained: '#8c959f',
} as const;
/** Five or seven Likert points, diverging (ColorBrewer RdBu, colour-blind safe). */
const LIKERT_5 = ['#b2182b', '#ef8a62', '#bdbdbd', '#67a9cf', '#2166ac'];
const LIKERT_7 = ['#b2182b', '#d6604d', '#f4a582', '#bdbdbd', '#92c5de', '#4393c3', '#2166ac'];

const colourOf = (group: string) => (COLOURS as Record<string, string>)[group] ?? '#57606a';

/** The reference's bars: lighter tints of the group colours, so the survey's own bar stands out. */
const REFERENCE_COLOURS: Readonly<Record<string, string>> = { organizational: '#6d9bd1', individual: '#d9985a' };

/**
 * The headline split on the headline's base: each group's share of the explained variance, this
 * survey (with the organizational share's interval as a whisker) beside the 2026 Work Trend Index
 * (server/references/work-trend-index.ts), a published reference that is not part of the Report.
 * Null without a decomposition or without groups to split.
 */
export function varianceSplitChart(report: FullReport): BarChart | null {
  const d = report.decomposition;
  if (!d || d.groups.length === 0) return null;
  const reference = WORK_TREND_INDEX_2026.shares;
  return {
    kind: 'bar',
    horizontal: true,
    stacked: true,
    labels: ['This survey', WORK_TREND_INDEX_2026.name],
    datasets: d.groups.map((g) => ({
      label: `${GROUP_LABEL[g.group] ?? g.group} factors`,
      data: [percentPoints(g.share), percentPoints(reference[g.group] ?? 0)],
      colors: [colourOf(g.group), REFERENCE_COLOURS[g.group] ?? colourOf(g.group)],
      // Stacked bars: only the first segment starts at 0, so only its interval sits where it belongs.
      ...(g === d.groups[0] && g.share_ci
        ? { whiskers: [[percentPoints(g.share_ci[0]), percentPoints(g.share_ci[1])], null] as const }
        : {}),
    })),
    valueAxis: { title: '% of the explained differences in AI performance', min: 0, max: 100 },
  };
}

/** LMG per factor (in % of the outcome's variance) with its bootstrap interval as whiskers. */
export function factorImportanceChart(report: FullReport): BarChart | null {
  const d = report.decomposition;
  if (!d) return null;
  const factors = [...d.factors].sort((a, b) => b.lmg - a.lmg);
  return {
    kind: 'bar',
    horizontal: true,
    stacked: false,
    labels: factors.map((f) => f.title),
    datasets: [
      {
        label: 'LMG (% of variance)',
        data: factors.map((f) => percentPoints(f.lmg)),
        colors: factors.map((f) => colourOf(f.group)),
        whiskers: factors.map((f) => (f.ci ? [percentPoints(f.ci[0]), percentPoints(f.ci[1])] : null)),
      },
    ],
    // The axis reaches the highest whisker, so no interval is cut off.
    valueAxis: {
      title: '% of the variance in AI performance (LMG)',
      min: 0,
      max: Math.ceil(Math.max(0, ...factors.map((f) => percentPoints(f.ci ? Math.max(f.ci[1], f.lmg) : f.lmg)))),
    },
  };
}

/** Share of answers at each Likert point, one stacked bar per scale. */
export function distributionChart(report: FullReport): BarChart {
  const labels = report.meta.likert.labels;
  const palette = labels.length === 7 ? LIKERT_7 : LIKERT_5;
  return {
    kind: 'bar',
    horizontal: true,
    stacked: true,
    labels: report.scales.map((s) => s.title),
    datasets: labels.map((label, i) => ({
      label,
      data: report.scales.map((s) => percentPoints(s.distribution[i] ?? 0)),
      colors: palette[i] ?? '#57606a',
    })),
    valueAxis: { title: '% of answers', min: 0, max: 100 },
  };
}

/** Misaligned and high-performer shares per unit (tree order, departments included): only units whose cells are shown. */
export function segmentChart(report: FullReport): BarChart {
  const names = new Map(report.units.map((u) => [u.id, u.name]));
  const shown = report.segments.units.filter(
    (u) => !u.shares.misaligned.suppressed && !u.shares.high_performer.suppressed && u.shares.misaligned.n > 0,
  );
  const value = (c: (typeof shown)[number]['shares']['misaligned']) => (c.suppressed ? 0 : percentPoints(c.value));
  return {
    kind: 'bar',
    // Unit names read across, one pair of bars per row, however many units there are.
    horizontal: true,
    stacked: false,
    labels: shown.map((u) => names.get(u.unit) ?? u.unit),
    datasets: [
      { label: 'Misaligned', data: shown.map((u) => value(u.shares.misaligned)), colors: '#b35900' },
      { label: 'High performers', data: shown.map((u) => value(u.shares.high_performer)), colors: '#0b5cad' },
    ],
    valueAxis: { title: '% of respondents in the unit', min: 0, max: 100 },
  };
}

/** Importance–performance: x = mean score, y = importance (% of explained variance). */
export function priorityScatter(report: FullReport): ScatterChart {
  const title = new Map(report.scales.map((s) => [s.id, s.title]));
  const { min, max } = report.meta.likert;
  const means = report.priorities.map((p) => p.mean);
  // Zoom to the data (in half points, within the scale) so close factors stay apart.
  const lo = Math.max(min, Math.floor((Math.min(...means) - 0.25) * 2) / 2);
  const hi = Math.min(max, Math.ceil((Math.max(...means) + 0.25) * 2) / 2);
  return {
    kind: 'scatter',
    points: report.priorities.map((p) => ({
      x: Number(p.mean.toFixed(3)),
      y: percentPoints(p.importance),
      label: title.get(p.scale) ?? p.scale,
    })),
    x: { title: `Performance: mean score (scale ${min}–${max})`, min: lo, max: hi },
    y: {
      title: 'Importance: % of explained variance',
      min: 0,
      max: Math.ceil(Math.max(0, ...report.priorities.map((p) => percentPoints(p.importance))) + 3),
    },
  };
}
