/**
 * Participation per unit against headcount, for HR to see which team to chase. The counts are the
 * released report's `participation` rows (analysis/report/report-participation.ts), under the very
 * suppression decision of its heatmap, never a live count of stored responses: a live count that
 * ticks up by one as a reminded person answers would tell who answered, and one group's change of
 * fewer than K between two looks is exactly what the release rule forbids. The page is "live" in
 * that each view cuts a new release when the rule allows, so it moves in steps of at least K.
 */
import { mapCell, type Cell } from '../../analysis/anonymity/suppressed.js';
import type { FullReport } from '../../analysis/report/report.js';
import type { Unit } from '../data/units.js';

export interface ParticipationLine {
  readonly unit: string | null;
  readonly path: string;
  readonly depth: number;
  /** The unit's headcount: its own, else the sum of its children's when every child has one. */
  readonly headcount: number | null;
  readonly archived: boolean;
  /** n = responses in the report; `of_headcount` = n / headcount; `of_sent` = n / invitations sent. */
  readonly figures: Cell<{
    readonly sent: number;
    readonly of_sent: number | null;
    readonly of_headcount: number | null;
  }>;
}

export interface ParticipationView {
  readonly lines: readonly ParticipationLine[];
  /** Responses in the report over the whole survey, and the organization's headcount when every top unit has one. */
  readonly total: { readonly responses: number; readonly headcount: number | null };
}

/** Each unit's headcount, or the sum of its children's when it has none and every child has one. */
export function headcounts(units: readonly Pick<Unit, 'id' | 'parentId' | 'headcount'>[]): Map<number, number | null> {
  const children = new Map<number, number[]>();
  for (const u of units) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const byId = new Map(units.map((u) => [u.id, u]));
  const out = new Map<number, number | null>();
  const of = (id: number, depth: number): number | null => {
    if (out.has(id)) return out.get(id)!;
    const own = byId.get(id)?.headcount ?? null;
    const kids = children.get(id) ?? [];
    let value = own;
    if (value === null && kids.length > 0 && depth <= units.length) {
      const sums = kids.map((k) => of(k, depth + 1));
      value = sums.every((v) => v !== null) ? sums.reduce((a, b) => a! + b!, 0) : null;
    }
    out.set(id, value);
    return value;
  };
  for (const u of units) of(u.id, 0);
  return out;
}

/** The participation lines of a full report, with headcounts from the organization's units. */
export function participationView(report: FullReport, units: readonly Unit[]): ParticipationView {
  const counts = headcounts(units);
  const archived = new Set(units.filter((u) => u.archivedAt).map((u) => u.id));
  const lines = report.participation.map((row): ParticipationLine => {
    const id = row.unit === null ? null : Number(row.unit);
    const headcount = id === null ? null : (counts.get(id) ?? null);
    return {
      unit: row.unit,
      path: row.path,
      depth: row.depth,
      headcount,
      archived: id !== null && archived.has(id),
      figures: mapCell(row.figures, (v, n) => ({
        sent: v.sent,
        of_sent: v.rate,
        of_headcount: headcount ? n / headcount : null,
      })),
    };
  });
  const tops = units.filter((u) => u.parentId === null && !u.archivedAt).map((u) => counts.get(u.id) ?? null);
  const headcount = tops.length > 0 && tops.every((h) => h !== null) ? tops.reduce((a, b) => a! + b!, 0) : null;
  return { lines, total: { responses: report.meta.responses, headcount } };
}
