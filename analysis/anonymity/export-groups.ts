/**
 * The unit and workflow labels of an item-level export (one row per response), so that no row can be
 * narrowed down to a group of fewer than K people: every set of rows sharing a unit label, and every
 * set sharing a unit label and a workflow label, holds 0 or at least K rows (k-anonymity over the two
 * labels, by global recoding up the unit tree: Samarati & Sweeney 1998, "Protecting privacy when
 * disclosing information"; Hundepool et al. 2012, "Statistical Disclosure Control", ch. 3).
 *
 * It starts from the report's own suppression decision (analysis/report/report-units.ts) and only
 * coarsens it, so the export shows no group the report hides:
 * 1. a response is labelled with its nearest unit the report shows (itself or an ancestor; none when
 *    no ancestor is shown), i.e. a hidden unit is merged into its parent, repeatedly;
 * 2. a label held by fewer than K rows moves up to the parent's label, repeatedly; when the rows with
 *    no unit label are fewer than K, the smallest labelled group joins them, until they are 0 or ≥ K;
 * 3. only workflows the report shows keep their name, and only while every (unit label, workflow) cell
 *    and every unit label's rows with no workflow name are 0 or ≥ K; otherwise the workflow with the
 *    smallest offending cell loses its name everywhere (a workflow is named on all its rows or none,
 *    so the export's rows of a workflow are exactly the report's), and the check repeats.
 */
import type { UnitInfo } from '../report/report-units.js';

export interface ExportRowGroups {
  /** The response's unit id; null without one. */
  readonly unit: string | null;
  readonly workflow: string | null;
}

export interface ExportLabels {
  /** Per row: the unit id it is exported under, or null (no unit). */
  readonly unit: (string | null)[];
  /** Per row: the workflow it is exported under, or null (not named). */
  readonly workflow: (string | null)[];
}

const NONE = '\u0000none';

/** Rows per key. */
function countBy<T>(keys: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/**
 * The labels for `rows` under threshold K: `nodes` is the unit tree of the report, `hidden` the units
 * whose figures it suppresses and `workflows` the workflows it shows. Throws on a row naming a unit
 * that is not in `nodes`, or K < 1.
 */
export function exportLabels(
  rows: readonly ExportRowGroups[],
  nodes: readonly UnitInfo[],
  hidden: ReadonlySet<string>,
  workflows: ReadonlySet<string>,
  threshold: number,
): ExportLabels {
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new RangeError(`the anonymity threshold must be an integer ≥ 1, got ${threshold}`);
  const parentOf = new Map(nodes.map((u) => [u.id, u.parent]));
  const small = (n: number) => n > 0 && n < threshold;
  /** The nearest unit from `id` upwards that is shown and not yet merged away. */
  const merged = new Set(hidden);
  const up = (id: string | null): string | null => {
    for (let depth = 0; id !== null && depth <= nodes.length; depth++) {
      if (!merged.has(id)) return id;
      id = parentOf.get(id) ?? null;
    }
    return null;
  };
  for (const r of rows)
    if (r.unit !== null && !parentOf.has(r.unit))
      throw new RangeError(`a response names unit "${r.unit}", which is not in the list of units`);

  let unit = rows.map((r) => up(r.unit));
  for (;;) {
    const counts = countBy(unit.map((u) => u ?? NONE));
    const tooSmall = [...counts].filter(([k, n]) => k !== NONE && small(n)).map(([k]) => k);
    if (tooSmall.length === 0) {
      const [smallest] = [...counts].filter(([k]) => k !== NONE).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
      if (!small(counts.get(NONE) ?? 0) || !smallest) break;
      // The rows without a unit are too few: the smallest labelled group joins them (ties by id), with
      // its ancestors' own rows (its label cannot leave the tree otherwise).
      for (let id: string | null = smallest[0]; id !== null; id = parentOf.get(id) ?? null) merged.add(id);
    }
    for (const k of tooSmall) merged.add(k);
    unit = rows.map((r) => up(r.unit));
  }

  const named = new Set([...workflows]);
  const cellKey = (u: string | null, w: string | null) => JSON.stringify([u, w !== null && named.has(w) ? w : null]);
  for (;;) {
    const cells = countBy(rows.map((r, i) => cellKey(unit[i], r.workflow)));
    let drop: { workflow: string; n: number } | null = null;
    for (const [key, n] of cells) {
      if (!small(n)) continue;
      const [u, w] = JSON.parse(key) as [string | null, string | null];
      if (w !== null) drop = pick(drop, w, n);
      else {
        // Too few rows of this unit without a workflow name: the workflow with the unit's smallest cell loses it.
        for (const [other, m] of cells) {
          const [ou, ow] = JSON.parse(other) as [string | null, string | null];
          if (ou === u && ow !== null) drop = pick(drop, ow, m);
        }
      }
    }
    if (!drop) break;
    named.delete(drop.workflow);
  }
  return { unit, workflow: rows.map((r) => (r.workflow !== null && named.has(r.workflow) ? r.workflow : null)) };
}

/** The smaller of two candidates (by count, then by name). */
function pick(best: { workflow: string; n: number } | null, workflow: string, n: number) {
  return !best || n < best.n || (n === best.n && workflow < best.workflow) ? { workflow, n } : best;
}
