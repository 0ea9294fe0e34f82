/**
 * The release rule that keeps snapshot differencing from revealing anyone. A report shows only
 * released responses; `nextRelease` decides which waiting responses a new release may add so that
 * any two consecutive releases differ, in every group the report can show or derive (the whole
 * survey, each unit's subtree, the responses filed directly on a unit, no unit, each workflow, and
 * each value of each demographic cut within each of those unit groups), by
 * either zero or at least K usable responses. Differencing two downloads then yields an aggregate
 * of at least K people, never one person (the "release in steps" defence against tracker attacks:
 * Denning, Denning & Schwartz 1979, "The tracker: a threat to statistical database security";
 * Hundepool et al. 2012, "Statistical Disclosure Control", §5.5 on linked tables over time).
 */
import type { UnitInfo } from '../report/report-units.js';

export interface WaitingResponse {
  readonly id: number;
  /** The groups the response counts in (`releaseGroupsOf`). */
  readonly groups: readonly string[];
  /** Left out of the figures (analysis/scales/quality-flags.ts): travels with the next release, counts in no group. */
  readonly flagged: boolean;
}

/**
 * A function from a response's unit, workflow and cut answers to the keys of every group it counts
 * in: "all", `unit:<id>` for its unit and each ancestor, `direct:<id>` for its own unit (responses
 * filed on a unit that has sub-units are a group of their own), "none" without a unit, and
 * `workflow:<name>` ("workflow:" without one); and for each cut (role level, language, each
 * demographic question: `cuts` maps its id to the answer, null = not answered) the same unit groups
 * within that answer, `cut:["<id>","<answer>"]@<unit group>` ("" = not answered), as the report's cuts (analysis/report/
 * report-cuts.ts) show them. Throws on a unit that is not in `nodes`.
 */
export function releaseGroupsOf(
  nodes: readonly UnitInfo[],
): (unit: string | null, workflow: string | null, cuts?: Readonly<Record<string, string | null>>) => string[] {
  const parentOf = new Map(nodes.map((u) => [u.id, u.parent]));
  return (unit, workflow, cuts = {}) => {
    const keys = ['all', `workflow:${workflow ?? ''}`];
    if (unit === null) keys.push('none');
    else {
      if (!parentOf.has(unit))
        throw new RangeError(`a response names unit "${unit}", which is not in the list of units`);
      keys.push(`direct:${unit}`);
      for (
        let id: string | null = unit, depth = 0;
        id !== null && depth <= nodes.length;
        id = parentOf.get(id) ?? null, depth++
      )
        keys.push(`unit:${id}`);
    }
    const unitKeys = keys.filter((k) => !k.startsWith('workflow:'));
    for (const [cut, answer] of Object.entries(cuts))
      for (const k of unitKeys) keys.push(`cut:${JSON.stringify([cut, answer ?? ''])}@${k}`);
    return keys;
  };
}

/**
 * The ids of the waiting responses to release now, in the order given; empty when none may move.
 * - First release (`released` = 0 usable responses so far): everything, once at least K usable
 *   responses wait (a single snapshot is protected by the suppression rules of the report itself).
 * - Later releases: the largest subset S of the usable waiting responses in which every group gains
 *   0 or ≥ K responses, found by pruning: while some group would gain between 1 and K − 1, drop its
 *   responses. A response dropped this way is in no feasible subset (its group cannot reach K with
 *   what is left), so the result is the unique largest one. Flagged responses join any non-empty
 *   release. Held responses wait for later ones; a group that never gains K more stays as it was.
 * Throws on a threshold below 1 or a negative count.
 */
export function nextRelease(waiting: readonly WaitingResponse[], threshold: number, released: number): number[] {
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new RangeError(`the anonymity threshold must be an integer ≥ 1, got ${threshold}`);
  if (!Number.isInteger(released) || released < 0)
    throw new RangeError(`released must be a non-negative integer, got ${released}`);
  const usable = waiting.filter((r) => !r.flagged);
  if (released === 0) return usable.length >= threshold ? waiting.map((r) => r.id) : [];
  let kept = usable;
  for (;;) {
    const gain = new Map<string, number>();
    for (const r of kept) for (const g of r.groups) gain.set(g, (gain.get(g) ?? 0) + 1);
    const short = new Set([...gain].filter(([, n]) => n < threshold).map(([g]) => g));
    if (short.size === 0) break;
    kept = kept.filter((r) => !r.groups.some((g) => short.has(g)));
  }
  if (kept.length === 0) return [];
  const chosen = new Set(kept.map((r) => r.id));
  return waiting.filter((r) => r.flagged || chosen.has(r.id)).map((r) => r.id);
}
