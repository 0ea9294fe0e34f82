/**
 * Participation per unit: responses, invitations sent and the response rate, in tree order, under
 * the very suppression decision of the heatmap (report-units.ts `unitsPart`), so a count is shown
 * exactly where the unit's figures are and nowhere else. Counts are subtree counts (a department
 * includes its teams), like every unit figure of the report.
 */
import { cellUnless } from '../anonymity/suppressed.js';
import type { UnitInfo } from './report-units.js';
import type { ParticipationRow } from './report.js';

export interface UnitInvitations {
  /** Unit id; null for invitations without a unit. */
  readonly unit: string | null;
  readonly sent: number;
}

/**
 * One row per unit of `nodes` (depth-first order, as given), plus a "No unit" row when any response
 * or invitation has no unit. `hidden` and `noneHidden` are the heatmap's decision.
 */
export function participationRows(
  nodes: readonly UnitInfo[],
  subtreeN: ReadonlyMap<string, number>,
  noneN: number,
  hidden: ReadonlySet<string>,
  noneHidden: boolean,
  invitations: readonly UnitInvitations[],
  threshold: number,
): ParticipationRow[] {
  const byId = new Map(nodes.map((u) => [u.id, u]));
  const sent = new Map<string, number>();
  let noneSent = 0;
  for (const inv of invitations) {
    if (inv.unit === null || !byId.has(inv.unit)) {
      noneSent += inv.sent;
      continue;
    }
    for (
      let id: string | null = inv.unit, depth = 0;
      id !== null && depth <= nodes.length;
      id = byId.get(id)!.parent, depth++
    )
      sent.set(id, (sent.get(id) ?? 0) + inv.sent);
  }
  const pathOf = (u: UnitInfo): { path: string; depth: number } => {
    const names: string[] = [];
    for (
      let id: string | null = u.id, depth = 0;
      id !== null && depth <= nodes.length;
      id = byId.get(id)!.parent, depth++
    )
      names.unshift(byId.get(id)!.name);
    return { path: names.join(' / '), depth: names.length - 1 };
  };
  const figures = (hide: boolean, n: number, s: number) =>
    cellUnless(hide, n, { sent: s, rate: s > 0 ? n / s : null }, threshold);
  const rows: ParticipationRow[] = nodes.map((u) => ({
    unit: u.id,
    ...pathOf(u),
    figures: figures(hidden.has(u.id), subtreeN.get(u.id) ?? 0, sent.get(u.id) ?? 0),
  }));
  if (noneN > 0 || noneSent > 0)
    rows.push({ unit: null, path: 'No unit', depth: 0, figures: figures(noneHidden, noneN, noneSent) });
  return rows;
}
