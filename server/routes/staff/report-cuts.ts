/**
 * The Cuts page's view model and CSV: which cut and scope (everyone or a unit) the query asks for,
 * the rows of that scope from Report.cuts (analysis/report/report-cuts.ts), its chart and its table
 * as a CSV. Nothing is computed here: a hidden cell stays hidden, a withheld unit says why.
 */
import { z } from 'zod';
import type { CutReport, CutScope, FullReport } from '../../../analysis/report/report.js';
import type { BarChart } from './report-charts.js';
import type { CsvTable } from './report-csv.js';
import { csvOptional, csvRound, suppressedCsv } from './report-format.js';

/** The page's query: ?cut=role_level&unit=<unit id> (both optional; unknown values fall back to the first cut and everyone). */
export const cutQuery = z.object({
  cut: z.string().max(200).optional(),
  unit: z.string().max(40).optional(),
});

export interface CutSelection {
  readonly cuts: readonly CutReport[];
  readonly cut: CutReport | null;
  /** The scope shown: everyone, or the unit asked for when the cut may be shown there. */
  readonly scope: CutScope | null;
  /** The unit asked for, when it exists: its name, and whether the cut is withheld there (and why). */
  readonly unit: { readonly id: string; readonly name: string; readonly withheld: string | null } | null;
  /** The units the cut can be shown within (for the picker), with their names. */
  readonly units: readonly { readonly id: string; readonly name: string }[];
}

/** The selection for `query` (see `cutQuery`); `cuts` is empty for a report stored before cuts existed. */
export function cutSelection(report: FullReport, query: unknown): CutSelection {
  const q = cutQuery.safeParse(query);
  const asked = q.success ? q.data : {};
  const cuts = report.cuts ?? [];
  const cut = cuts.find((c) => c.id === asked.cut) ?? cuts[0] ?? null;
  const names = new Map(report.units.map((u) => [u.id, u.name]));
  const units = (cut?.scopes ?? []).flatMap((s) =>
    s.unit === null ? [] : [{ id: s.unit, name: names.get(s.unit) ?? s.unit }],
  );
  let unit: CutSelection['unit'] = null;
  let scope = cut?.scopes[0] ?? null;
  if (cut && asked.unit && names.has(asked.unit)) {
    const within = cut.scopes.find((s) => s.unit === asked.unit);
    const row = report.units.find((u) => u.id === asked.unit)!;
    const withheld = within
      ? null
      : row.scores.suppressed
        ? `This unit has fewer than ${report.meta.threshold} responses, or is hidden so that a smaller group cannot be worked out, so no figure is shown for it.`
        : `Cutting this unit by ${cut.title.toLowerCase()} would let a group of fewer than ${report.meta.threshold} people be worked out by subtracting from the figures of a larger unit, so the cut is shown for everyone instead.`;
    unit = { id: asked.unit, name: names.get(asked.unit)!, withheld };
    if (within) scope = within;
  }
  return { cuts, cut, scope, unit, units };
}

/** Mean scale scores per shown value of the scope: one dataset per value, one bar per scale. */
export function cutChart(report: FullReport, scope: CutScope): BarChart {
  const shown = scope.rows.filter((r) => !r.means.suppressed && !r.n.suppressed && r.n.n > 0);
  const colours = ['#0b5cad', '#b35900', '#2e7d32', '#6a1b9a', '#00838f', '#5d4037', '#ad1457', '#37474f'];
  return {
    kind: 'bar',
    horizontal: true,
    stacked: false,
    labels: report.scales.map((s) => s.title),
    datasets: shown.map((r, i) => ({
      label: r.value,
      data: report.scales.map((s) => (r.means.suppressed ? 0 : Number((r.means.value[s.id] ?? 0).toFixed(3)))),
      colors: colours[i % colours.length],
    })),
    valueAxis: {
      title: `Mean score (scale ${report.meta.likert.min}–${report.meta.likert.max})`,
      min: report.meta.likert.min,
      max: report.meta.likert.max,
      unit: '',
    },
    // With one value shown (the others hidden), the chart would otherwise not say whose means these are.
    legend: true,
  };
}

/** The scope's table as a CSV: value, n, each scale's mean, organizational share; a hidden row says so in every figure column. */
export function cutCsvTable(report: FullReport, selection: CutSelection): CsvTable {
  const scales = report.scales.map((s) => s.id);
  const header = ['cut', 'unit', 'value', 'n', ...scales.map((id) => `mean_${id}`), 'org_share'];
  if (!selection.cut || !selection.scope) return { header, rows: [] };
  const unit = selection.scope.unit === null ? 'everyone' : (selection.unit?.name ?? selection.scope.unit);
  return {
    header,
    rows: selection.scope.rows.map((r) => [
      selection.cut!.title,
      unit,
      r.value,
      ...(r.n.suppressed || r.means.suppressed || r.org_share.suppressed
        ? Array.from({ length: scales.length + 2 }, () => suppressedCsv(report.meta.threshold))
        : [
            r.n.n,
            ...scales.map((id) => csvOptional((r.means as { value: Record<string, number> }).value[id])),
            r.org_share.value === null ? '' : csvRound(r.org_share.value),
          ]),
    ]),
  };
}
