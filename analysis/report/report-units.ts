/**
 * The units part of the report: the unit tree (overall → departments → teams), one suppression
 * decision for the whole tree (analysis/anonymity/suppression.ts: small cells plus the differencing and
 * hierarchy guards), and the heatmap rows (mean scale scores and rwg(j) agreement per unit) and
 * segment shares per unit (departments over their subtree) under that one decision.
 */
import { segmentFlags, segmentShares, type SegmentReport, type SegmentShares } from '../action/segments.js';
import { cellUnless } from '../anonymity/suppressed.js';
import { suppressGroups, type GroupCount } from '../anonymity/suppression.js';
import { itemVariancesOfRows, rwgJ } from '../multilevel/rwg.js';
import type { Instrument } from '../scales/instrument.js';
import { meanSd } from './report-scales.js';
import type { UnitRow } from './report.js';

export interface UnitInfo {
  readonly id: string;
  readonly name: string;
  readonly parent: string | null;
}

/**
 * The unit tree's nodes: `units` when given (every response's unit must be among them), else the
 * responses' units with their `unitParent`s (a parent named only as a parent becomes a node too).
 * Returned depth first (a department, then its teams). Throws on an unknown unit or parent, a unit
 * given two different parents, or a cycle.
 */
export function unitNodes(
  unitOf: readonly (string | null)[],
  parentOf: readonly (string | null | undefined)[],
  units?: readonly UnitInfo[],
): UnitInfo[] {
  let nodes: UnitInfo[];
  if (units) {
    nodes = [...units];
    const ids = new Set(nodes.map((u) => u.id));
    unitOf.forEach((u, r) => {
      if (u !== null && !ids.has(u))
        throw new RangeError(`response ${r} names unit "${u}", which is not in the list of units`);
    });
  } else {
    const parent = new Map<string, string | null>();
    unitOf.forEach((u, r) => {
      if (u === null) return;
      const p = parentOf[r] ?? null;
      if (parent.has(u) && parent.get(u) !== p)
        throw new RangeError(`unit "${u}" is given two parents ("${parent.get(u)}" and "${p}")`);
      parent.set(u, p);
    });
    for (const p of [...parent.values()]) if (p !== null && !parent.has(p)) parent.set(p, null);
    nodes = [...parent].map(([id, p]) => ({ id, name: id, parent: p }));
  }
  const byId = new Map(nodes.map((u) => [u.id, u]));
  if (byId.size !== nodes.length) throw new RangeError('a unit id is listed twice');
  for (const u of nodes) {
    let p = u.parent;
    for (let depth = 0; p !== null; depth++) {
      const next = byId.get(p);
      if (!next) throw new RangeError(`unit "${u.id}" names an unknown parent "${p}"`);
      if (next.id === u.id || depth > nodes.length) throw new RangeError(`unit "${u.id}" is its own ancestor`);
      p = next.parent;
    }
  }
  return treeOrder(nodes);
}

/** Depth-first order (each parent before its children), keeping the given order among siblings. */
function treeOrder(nodes: readonly UnitInfo[]): UnitInfo[] {
  const out: UnitInfo[] = [];
  const visit = (parent: string | null) => {
    for (const u of nodes)
      if (u.parent === parent) {
        out.push(u);
        visit(u.id);
      }
  };
  visit(null);
  return out;
}

/** Per node: responses in its subtree, and responses attached to it directly. */
export function unitCounts(
  nodes: readonly UnitInfo[],
  unitOf: readonly (string | null)[],
): { subtree: Map<string, number>; direct: Map<string, number>; none: number } {
  const byId = new Map(nodes.map((u) => [u.id, u]));
  const subtree = new Map(nodes.map((u) => [u.id, 0]));
  const direct = new Map(nodes.map((u) => [u.id, 0]));
  let none = 0;
  for (const u of unitOf) {
    if (u === null) {
      none++;
      continue;
    }
    direct.set(u, direct.get(u)! + 1);
    for (let id: string | null = u; id !== null; id = byId.get(id)!.parent) subtree.set(id, subtree.get(id)! + 1);
  }
  return { subtree, direct, none };
}

/**
 * The unit ids to suppress: suppressGroups over "overall → root units → … → teams", where responses
 * without a unit and responses attached directly to a unit that also has child units are groups of
 * their own (never shown, but derivable by subtraction, so guarded like the others). `forced` units
 * are suppressed in any case (e.g. a team whose segment counts are too small) and the guards rerun
 * around them.
 */
export function suppressUnits(
  nodes: readonly UnitInfo[],
  unitOf: readonly (string | null)[],
  threshold: number,
  forced: ReadonlySet<string> = new Set(),
): Set<string> {
  const hidden = suppressUnitGroups(nodes, unitOf, threshold, forced);
  return new Set(nodes.filter((u) => hidden.has(`unit:${u.id}`)).map((u) => u.id));
}

/** As `suppressUnits`, but the hidden group keys themselves: `unit:<id>`, `direct:<id>`, and "none" (responses without a unit). */
export function suppressUnitGroups(
  nodes: readonly UnitInfo[],
  unitOf: readonly (string | null)[],
  threshold: number,
  forced: ReadonlySet<string> = new Set(),
): Set<string> {
  const { subtree, direct, none } = unitCounts(nodes, unitOf);
  const hasChildren = new Set(nodes.map((u) => u.parent).filter((p): p is string => p !== null));
  // A forced group is given n = 1 (a positive count below any threshold ≥ 2), which makes it a primary suppression.
  const n = (id: string) => (forced.has(id) && threshold >= 2 && subtree.get(id)! > 0 ? 1 : subtree.get(id)!);
  const counts: GroupCount[] = [
    { key: 'overall', n: unitOf.length },
    { key: 'none', n: none, parentKey: 'overall' },
  ];
  for (const u of nodes) {
    counts.push({ key: `unit:${u.id}`, n: n(u.id), parentKey: u.parent === null ? 'overall' : `unit:${u.parent}` });
    if (hasChildren.has(u.id)) counts.push({ key: `direct:${u.id}`, n: direct.get(u.id)!, parentKey: `unit:${u.id}` });
  }
  return suppressGroups(counts, threshold);
}

/**
 * Row indices (ascending) of the responses in each node's subtree, from one pass over the rows:
 * each row is added to its unit and to every ancestor of it.
 */
export function subtreeRows(nodes: readonly UnitInfo[], unitOf: readonly (string | null)[]): Map<string, Int32Array> {
  const index = new Map(nodes.map((u, i) => [u.id, i]));
  const ancestors = nodes.map((u) => {
    const chain: number[] = [];
    for (let id: string | null = u.id; id !== null; id = nodes[index.get(id)!].parent) chain.push(index.get(id)!);
    return chain;
  });
  const lists = nodes.map(() => [] as number[]);
  for (let r = 0; r < unitOf.length; r++) {
    const u = unitOf[r];
    if (u === null) continue;
    for (const j of ancestors[index.get(u)!]) lists[j].push(r);
  }
  return new Map(nodes.map((u, i) => [u.id, Int32Array.from(lists[i])]));
}

/** Mean score per scale and rwg(j) per scale over the rows `members` (ascending); NaN figures are left out. */
function unitFigures(
  instrument: Instrument,
  keyed: Readonly<Record<string, Float64Array>>,
  scores: Readonly<Record<string, Float64Array>>,
  members: Int32Array,
) {
  const means: Record<string, number> = {};
  const agreement: Record<string, number> = {};
  const options = instrument.likert.max - instrument.likert.min + 1;
  const values = new Float64Array(members.length);
  for (const scale of instrument.scales) {
    const col = scores[scale.id];
    for (let t = 0; t < members.length; t++) values[t] = col[members[t]];
    const { mean } = meanSd(values);
    if (!Number.isNaN(mean)) means[scale.id] = mean;
    const rwg = rwgJ(
      itemVariancesOfRows(
        scale.items.map((i) => keyed[i.id]),
        members,
      ),
      options,
    );
    if (!Number.isNaN(rwg)) agreement[scale.id] = rwg;
  }
  return { means, agreement };
}

/** Per segment over the rows `members`: respondents with the needed scores (n) and how many are in it. */
function segmentCounts(flags: Int8Array, members: Int32Array): { n: number; yes: number } {
  let n = 0,
    yes = 0;
  for (const r of members) {
    if (flags[r] < 0) continue;
    n++;
    yes += flags[r];
  }
  return { n, yes };
}

/**
 * Heatmap rows and segment shares per unit under one suppression decision: the unit tree is
 * suppressed (suppressUnits); a team whose segment cells segmentShares suppresses on its own counts,
 * and a unit whose segment counts over its subtree are below the threshold, are forced into the set
 * and the guards rerun until nothing changes; then every figure of a suppressed unit (scores,
 * agreement, segments) is a suppressed cell. Departments aggregate all responses below them. Units
 * (heatmap rows and segment rows alike) are listed in the order of `nodes`.
 */
export function unitsPart(
  instrument: Instrument,
  keyed: Readonly<Record<string, Float64Array>>,
  scores: Readonly<Record<string, Float64Array>>,
  nodes: readonly UnitInfo[],
  unitOf: readonly (string | null)[],
  threshold: number,
): { rows: UnitRow[]; segments: SegmentReport; hidden: Set<string>; noneHidden: boolean } {
  const segments = segmentShares(instrument.segments, scores, unitOf, threshold);
  const flags = segmentFlags(instrument.segments, scores);
  const members = subtreeRows(nodes, unitOf);
  const counts = new Map(
    nodes.map((u) => [
      u.id,
      {
        misaligned: segmentCounts(flags.misaligned, members.get(u.id)!),
        high_performer: segmentCounts(flags.high_performer, members.get(u.id)!),
      },
    ]),
  );
  const small = (n: number) => n > 0 && n < threshold;
  const forced = new Set([
    ...segments.units
      .filter((s) => s.shares.misaligned.suppressed || s.shares.high_performer.suppressed)
      .map((s) => s.unit),
    ...nodes
      .filter((u) => small(counts.get(u.id)!.misaligned.n) || small(counts.get(u.id)!.high_performer.n))
      .map((u) => u.id),
  ]);
  let hidden = suppressUnits(nodes, unitOf, threshold, forced);
  while (![...hidden].every((id) => forced.has(id))) {
    for (const id of hidden) forced.add(id);
    hidden = suppressUnits(nodes, unitOf, threshold, forced);
  }
  const noneHidden = suppressUnitGroups(nodes, unitOf, threshold, forced).has('none');
  const rows = nodes.map((u): UnitRow => {
    const n = members.get(u.id)!.length;
    const hide = hidden.has(u.id);
    const figures =
      hide || n === 0 ? { means: {}, agreement: {} } : unitFigures(instrument, keyed, scores, members.get(u.id)!);
    return {
      id: u.id,
      name: u.name,
      parent: u.parent,
      scores: cellUnless(hide, n, figures.means, threshold),
      agreement: cellUnless(hide, n, figures.agreement, threshold),
    };
  });
  const share = (hide: boolean, c: { n: number; yes: number }) =>
    cellUnless(hide, c.n, c.n > 0 ? c.yes / c.n : NaN, threshold);
  const unitSegments = nodes.map((u) => {
    const c = counts.get(u.id)!;
    const hide = hidden.has(u.id);
    const shares: SegmentShares = {
      misaligned: share(hide, c.misaligned),
      high_performer: share(hide, c.high_performer),
    };
    return { unit: u.id, shares };
  });
  return { rows, segments: { overall: segments.overall, units: unitSegments }, hidden, noneHidden };
}
