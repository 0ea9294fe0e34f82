/**
 * The charts of the workflow decision on the priorities page: each ranked workflow's priority and
 * the priority of each lever in the first workflow, in rank order with their bootstrap intervals as
 * whiskers, so the chart, its table and the headline rank by the same rule
 * (analysis/action/priorities.ts `priorityScore`). Only workflows with their own decomposition
 * (never a suppressed one) appear.
 */
import type { FullReport, Interval } from '../../../analysis/report/report.js';
import { COLOURS, horizontalBars, type BarChart } from './report-charts.js';
import { LEVER_LABEL } from './report-format.js';

const OTHER = '#8c959f';
const round3 = (v: number) => Number(v.toFixed(3));
const whisker = (ci: Interval | null): [number, number] | null => (ci ? [round3(ci[0]), round3(ci[1])] : null);

/** Horizontal priority bars in rank order with interval whiskers; `highlighted` bars in the organizational colour. */
function priorityBars(
  bars: readonly { label: string; priority: number; ci: Interval | null; highlighted: boolean }[],
): BarChart {
  const top = Math.max(0, ...bars.map((b) => Math.max(b.priority, b.ci ? b.ci[1] : 0)));
  return horizontalBars(
    bars.map((b) => b.label),
    {
      label: 'Priority',
      data: bars.map((b) => round3(b.priority)),
      colors: bars.map((b) => (b.highlighted ? COLOURS.organizational : OTHER)),
      whiskers: bars.map((b) => whisker(b.ci)),
    },
    // The axis reaches the highest whisker, so no interval is cut off.
    { title: 'Priority (share × distance from the top)', min: 0, max: Math.ceil(top * 10 + 0.5) / 10, unit: '' },
  );
}

/** Priority per ranked workflow, highest first; the first and any tied with it highlighted. */
export function workflowPriorityChart(report: FullReport): BarChart | null {
  const rec = report.recommendation;
  if (!rec || rec.ranked.length === 0) return null;
  const named = new Set([rec.workflow, ...rec.tied_workflows]);
  return priorityBars(
    rec.ranked.map((w) => ({
      label: w.workflow,
      priority: w.priority,
      ci: w.priority_ci,
      highlighted: named.has(w.workflow),
    })),
  );
}

/** Priority of each lever in the first workflow, highest first; the first and any tied with it highlighted. */
export function leverPriorityChart(report: FullReport): BarChart | null {
  const best = report.recommendation?.ranked[0];
  if (!best) return null;
  const named = new Set([best.levers[0].lever, ...best.tied_levers]);
  return priorityBars(
    best.levers.map((l) => {
      const words = LEVER_LABEL[l.lever] ?? l.lever;
      return {
        label: `${words.charAt(0).toUpperCase()}${words.slice(1)}`,
        priority: l.priority,
        ci: l.priority_ci,
        highlighted: named.has(l.lever),
      };
    }),
  );
}
