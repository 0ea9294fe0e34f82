/**
 * The charts of the workflow decision on the priorities page: each ranked workflow's priority and
 * the priority of each lever in the first workflow, in rank order with their bootstrap intervals as
 * whiskers, so the chart, its table and the headline rank by the same rule
 * (analysis/action/priorities.ts `priorityScore`). Only workflows with their own decomposition
 * (never a suppressed one) appear.
 */
import type { FullReport, Interval } from '../../../analysis/report/report.js';
import { COLOURS, type BarChart } from './report-charts.js';
import { LEVER_LABEL } from './report-format.js';

const OTHER = '#8c959f';
const round3 = (v: number) => Number(v.toFixed(3));
const whisker = (ci: Interval | null): [number, number] | null => (ci ? [round3(ci[0]), round3(ci[1])] : null);
/** The axis reaches the highest whisker, so no interval is cut off. */
const axisMax = (values: readonly number[], cis: readonly (Interval | null)[]) =>
  Math.ceil(Math.max(0, ...values, ...cis.map((c) => (c ? c[1] : 0))) * 10 + 0.5) / 10;

/** Priority per ranked workflow, highest first; the first and any tied with it in the organizational colour. */
export function workflowPriorityChart(report: FullReport): BarChart | null {
  const rec = report.recommendation;
  if (!rec || rec.ranked.length === 0) return null;
  const named = new Set([rec.workflow, ...rec.tied_workflows]);
  return {
    kind: 'bar',
    horizontal: true,
    stacked: false,
    labels: rec.ranked.map((w) => w.workflow),
    datasets: [
      {
        label: 'Priority',
        data: rec.ranked.map((w) => round3(w.priority)),
        colors: rec.ranked.map((w) => (named.has(w.workflow) ? COLOURS.organizational : OTHER)),
        whiskers: rec.ranked.map((w) => whisker(w.priority_ci)),
      },
    ],
    valueAxis: {
      title: 'Priority (share × distance from the top)',
      min: 0,
      max: axisMax(
        rec.ranked.map((w) => w.priority),
        rec.ranked.map((w) => w.priority_ci),
      ),
      unit: '',
    },
  };
}

/** Priority of each lever in the first workflow, highest first; the first and any tied with it highlighted. */
export function leverPriorityChart(report: FullReport): BarChart | null {
  const rec = report.recommendation;
  const best = rec?.ranked[0];
  if (!rec || !best) return null;
  const named = new Set([best.levers[0].lever, ...best.tied_levers]);
  const label = (lever: string) => {
    const words = LEVER_LABEL[lever] ?? lever;
    return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
  };
  return {
    kind: 'bar',
    horizontal: true,
    stacked: false,
    labels: best.levers.map((l) => label(l.lever)),
    datasets: [
      {
        label: 'Priority',
        data: best.levers.map((l) => round3(l.priority)),
        colors: best.levers.map((l) => (named.has(l.lever) ? COLOURS.organizational : OTHER)),
        whiskers: best.levers.map((l) => whisker(l.priority_ci)),
      },
    ],
    valueAxis: {
      title: 'Priority (share × distance from the top)',
      min: 0,
      max: axisMax(
        best.levers.map((l) => l.priority),
        best.levers.map((l) => l.priority_ci),
      ),
      unit: '',
    },
  };
}
