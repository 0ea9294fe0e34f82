/**
 * The units part of the report: the unit tree (overall → departments → teams), one suppression
 * decision for the whole tree (analysis/anonymity/suppression.ts: small cells plus the differencing and
 * hierarchy guards), and the heatmap rows (mean scale scores and rwg(j) agreement per unit) and
 * segment shares per unit (departments over their subtree) under that one decision.
 */
import { segmentFlags, segmentShares, type SegmentReport, type SegmentShares } from '../action/segments.js';
import { cellUnless } from '../anonymity/suppressed.js';
import { suppressGroups, type GroupCount } from '../anonymity/suppression.js';
import { rwgJ } from '../multilevel/rwg.js';
import type { Instrument } from '../scales/instrument.js';
import type { ItemPass } from './report-item-pass.js';
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

/** The unit tree and every response's place in it. */
export interface UnitIndex {
  /** The tree's units, depth first (each parent before its children). */
  readonly nodes: readonly UnitInfo[];
  /** Per response, the index in `nodes` of its unit; −1 = none. */
  readonly code: Int32Array;
  /** Per node, its own index and then its ancestors' (nearest first). */
  readonly chain: readonly Int32Array[];
  /** Per node, responses attached to it directly, and in its subtree. */
  readonly direct: Int32Array;
  readonly subtree: Int32Array;
  /** Responses without a unit. */
  readonly none: number;
}

/** Counts, chains and node codes of `nodes` given each response's node index (−1 = none). */
export function unitIndex(nodes: readonly UnitInfo[], code: Int32Array): UnitIndex {
  const index = new Map(nodes.map((u, i) => [u.id, i]));
  const chain = nodes.map((u) => {
    const out: number[] = [];
    for (let id: string | null = u.id; id !== null; id = nodes[index.get(id)!].parent) out.push(index.get(id)!);
    return Int32Array.from(out);
  });
  const direct = new Int32Array(nodes.length);
  let none = 0;
  for (let r = 0; r < code.length; r++) {
    if (code[r] < 0) none++;
    else direct[code[r]]++;
  }
  const subtree = new Int32Array(nodes.length);
  nodes.forEach((_, i) => {
    for (const a of chain[i]) subtree[a] += direct[i];
  });
  return { nodes, code, chain, direct, subtree, none };
}

/** Per node id: responses in its subtree, and responses attached to it directly; and those without a unit. */
export function unitCounts(units: UnitIndex): {
  subtree: Map<string, number>;
  direct: Map<string, number>;
  none: number;
} {
  return {
    subtree: new Map(units.nodes.map((u, i) => [u.id, units.subtree[i]])),
    direct: new Map(units.nodes.map((u, i) => [u.id, units.direct[i]])),
    none: units.none,
  };
}

/**
 * The unit ids to suppress: suppressGroups over "overall → root units → … → teams", where responses
 * without a unit and responses attached directly to a unit that also has child units are groups of
 * their own (never shown, but derivable by subtraction, so guarded like the others). `forced` units
 * are suppressed in any case (e.g. a team whose segment counts are too small) and the guards rerun
 * around them.
 */
export function suppressUnits(
  units: UnitIndex,
  threshold: number,
  forced: ReadonlySet<string> = new Set(),
): Set<string> {
  const hidden = suppressUnitGroups(units, threshold, forced);
  return new Set(units.nodes.filter((u) => hidden.has(`unit:${u.id}`)).map((u) => u.id));
}

/** As `suppressUnits`, but the hidden group keys themselves: `unit:<id>`, `direct:<id>`, and "none" (responses without a unit). */
export function suppressUnitGroups(
  units: UnitIndex,
  threshold: number,
  forced: ReadonlySet<string> = new Set(),
): Set<string> {
  const { nodes, subtree, direct, none, code } = units;
  const hasChildren = new Set(nodes.map((u) => u.parent).filter((p): p is string => p !== null));
  // A forced group is given n = 1 (a positive count below any threshold ≥ 2), which makes it a primary suppression.
  const n = (i: number) => (forced.has(nodes[i].id) && threshold >= 2 && subtree[i] > 0 ? 1 : subtree[i]);
  const counts: GroupCount[] = [
    { key: 'overall', n: code.length },
    { key: 'none', n: none, parentKey: 'overall' },
  ];
  nodes.forEach((u, i) => {
    counts.push({ key: `unit:${u.id}`, n: n(i), parentKey: u.parent === null ? 'overall' : `unit:${u.parent}` });
    if (hasChildren.has(u.id)) counts.push({ key: `direct:${u.id}`, n: direct[i], parentKey: `unit:${u.id}` });
  });
  const hidden = suppressGroups(counts, threshold);
  // Block guard: a shown unit (or everyone) minus its nearest shown descendants is worked out by
  // subtraction, across levels too (e.g. everyone − the one shown team = the responses without a
  // unit and a hidden department's own). When such a block holds 1 … K − 1, its smallest nearest
  // shown descendant is hidden as well, and the guards rerun.
  const index = new Map(nodes.map((u, i) => [u.id, i]));
  const shownAbove = (i: number): number => {
    for (let p = nodes[i].parent; p !== null; p = nodes[index.get(p)!].parent)
      if (!hidden.has(`unit:${p}`)) return index.get(p)!;
    return -1;
  };
  const block = new Map<number, number>([[-1, code.length]]);
  nodes.forEach((u, i) => !hidden.has(`unit:${u.id}`) && block.set(i, subtree[i]));
  const below = new Map<number, number[]>();
  nodes.forEach((u, i) => {
    if (hidden.has(`unit:${u.id}`)) return;
    const a = shownAbove(i);
    block.set(a, block.get(a)! - subtree[i]);
    below.set(a, [...(below.get(a) ?? []), i]);
  });
  for (const [a, left] of block) {
    if (!(left > 0 && left < threshold)) continue;
    const kids = (below.get(a) ?? []).filter((i) => subtree[i] > 0);
    if (kids.length === 0) continue;
    const smallest = kids.reduce((x, y) => (subtree[y] < subtree[x] ? y : x));
    return suppressUnitGroups(units, threshold, new Set([...forced, nodes[smallest].id]));
  }
  return hidden;
}

/** Mean score per scale and rwg(j) per scale of node `node` from the report's pass; NaN figures are left out. */
function unitFigures(instrument: Instrument, pass: ItemPass, node: number) {
  const means: Record<string, number> = {};
  const agreement: Record<string, number> = {};
  const options = instrument.likert.max - instrument.likert.min + 1;
  let item = 0;
  instrument.scales.forEach((scale, s) => {
    const mean = pass.nodeMean(node, s);
    if (!Number.isNaN(mean)) means[scale.id] = mean;
    const rwg = rwgJ(
      scale.items.map(() => pass.nodeItemVariance(node, item++)),
      options,
    );
    if (!Number.isNaN(rwg)) agreement[scale.id] = rwg;
  });
  return { means, agreement };
}

/** Per node, over its subtree: respondents with the needed scores (n) and how many are in the segment. */
function segmentCounts(flags: Int8Array, units: UnitIndex): { n: number; yes: number }[] {
  const n = new Float64Array(units.nodes.length),
    yes = new Float64Array(units.nodes.length);
  for (let r = 0; r < flags.length; r++) {
    const u = units.code[r];
    if (flags[r] < 0 || u < 0) continue;
    const up = units.chain[u];
    for (let x = 0; x < up.length; x++) {
      n[up[x]]++;
      yes[up[x]] += flags[r];
    }
  }
  return units.nodes.map((_, i) => ({ n: n[i], yes: yes[i] }));
}

/**
 * Heatmap rows and segment shares per unit under one suppression decision: the unit tree is
 * suppressed (suppressUnits); a team whose segment cells segmentShares suppresses on its own counts,
 * and a unit whose segment counts over its subtree are below the threshold, are forced into the set
 * and the guards rerun until nothing changes; then every figure of a suppressed unit (scores,
 * agreement, segments) is a suppressed cell. Departments aggregate all responses below them. Units
 * (heatmap rows and segment rows alike) are listed in the order of the tree. Means and agreement come
 * from the report's pass (report-item-pass.ts).
 */
export function unitsPart(
  instrument: Instrument,
  scores: Readonly<Record<string, Float64Array>>,
  units: UnitIndex,
  pass: ItemPass,
  threshold: number,
): { rows: UnitRow[]; segments: SegmentReport; hidden: Set<string>; noneHidden: boolean } {
  const { nodes } = units;
  // Segment shares per team: units coded by their index in the tree.
  const segments = segmentShares(instrument.segments, scores, units.code, threshold);
  const flags = segmentFlags(instrument.segments, scores);
  const misaligned = segmentCounts(flags.misaligned, units);
  const highPerformer = segmentCounts(flags.high_performer, units);
  const small = (n: number) => n > 0 && n < threshold;
  const forced = new Set([
    ...segments.units
      .filter((s) => s.shares.misaligned.suppressed || s.shares.high_performer.suppressed)
      .map((s) => nodes[Number(s.unit)].id),
    ...nodes.filter((_, i) => small(misaligned[i].n) || small(highPerformer[i].n)).map((u) => u.id),
  ]);
  let hidden = suppressUnits(units, threshold, forced);
  while (![...hidden].every((id) => forced.has(id))) {
    for (const id of hidden) forced.add(id);
    hidden = suppressUnits(units, threshold, forced);
  }
  const noneHidden = suppressUnitGroups(units, threshold, forced).has('none');
  const rows = nodes.map((u, i): UnitRow => {
    const n = units.subtree[i];
    const hide = hidden.has(u.id);
    const figures = hide || n === 0 ? { means: {}, agreement: {} } : unitFigures(instrument, pass, i);
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
  const unitSegments = nodes.map((u, i) => {
    const hide = hidden.has(u.id);
    const shares: SegmentShares = {
      misaligned: share(hide, misaligned[i]),
      high_performer: share(hide, highPerformer[i]),
    };
    return { unit: u.id, shares };
  });
  return { rows, segments: { overall: segments.overall, units: unitSegments }, hidden, noneHidden };
}
