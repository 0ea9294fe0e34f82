/**
 * Which demographic-cut figures a report may show (role level, a demographic question, language),
 * alone or within a unit, so that no figure, nor any sum or difference of shown figures and the
 * report's unit totals, is a group of 1 … K − 1 responses.
 *
 * The rule, and why it holds:
 * 1. Units: responses are grouped by cut-labels.ts (nearest shown unit, small labels merged up), so
 *    every label holds 0 or ≥ K responses; the report's unit figures are unions of labels.
 * 2. Blocks: the labels are partitioned into blocks along the tree (each block is a label and the
 *    labels under it not split off). Within a block a value is named when its count is 0 or ≥ K, and
 *    the rest (no answer and the unnamed values) must be 0 or ≥ K too, else the smallest named value
 *    is unnamed as well (the differencing guard of suppression.ts, on counts that must reach K).
 * 3. A cut is shown for everyone and for a unit whose label starts a block; a value is shown there
 *    only when it is named in every block inside. Every shown figure is then a sum of block cells.
 *    Within a block the label totals and the cut's cells are the margins of a table, and a 0/1
 *    combination of margins is a union of whole rows or of whole columns (if z = a_row + b_col is 0
 *    or 1 everywhere, a or b is constant); each holds 0 or ≥ K, so every derivable group does.
 *    This holds for several cuts over the same blocks too, which is why blocks are shared by all cuts.
 * Blocks are split top-down only where no value shown before would be lost (a "lossless" split), so
 * the cut for everyone is never coarsened to make a unit's cut possible.
 * Cross-checked by brute force in test/analysis/cut-guard.test.ts (every 0/1 vector in the span of
 * the shown figures).
 */
import { cutLabels, type CodedTree } from './cut-labels.js';

/** One cut as codes: per response the index of its value in a list of `values` (−1 = not answered). */
export interface CodedCut {
  readonly code: Int32Array;
  readonly values: number;
}

export interface CutDecision {
  /** Per node: 1 when the cut may be shown within this unit (everyone always may). */
  readonly scope: Uint8Array;
  /** Per cut: per scope (0 = everyone, node + 1) × value, row-major: 1 = the value's figures are shown. */
  readonly shown: readonly Uint8Array[];
}

/** Which values of a group's counts (slot 0 = not answered, value v at v + 1) may be named. */
function namedValues(counts: Float64Array, at: number, values: number, threshold: number): Uint8Array {
  const named = new Uint8Array(values);
  const small = (n: number) => n > 0 && n < threshold;
  let rest = counts[at];
  for (let v = 0; v < values; v++) {
    const n = counts[at + 1 + v];
    if (small(n)) rest += n;
    else named[v] = 1;
  }
  while (small(rest)) {
    let best = -1;
    for (let v = 0; v < values; v++)
      if (named[v] && counts[at + 1 + v] > 0 && (best < 0 || counts[at + 1 + v] < counts[at + 1 + best])) best = v;
    if (best < 0) break;
    named[best] = 0;
    rest += counts[at + 1 + best];
  }
  return named;
}

/**
 * The decision for responses at `code` (node per response, −1 = no unit) in `tree` (the report's
 * hidden units marked), for every cut in `cuts`, under threshold K. Throws on a value code out of
 * range, cut codes of another length, or K < 1.
 */
export function guardCuts(
  tree: CodedTree,
  code: Int32Array,
  cuts: readonly CodedCut[],
  threshold: number,
): CutDecision {
  const N = tree.parent.length;
  const { labelOf, labelParent } = cutLabels(tree, code, threshold);
  const L = N + 1; // label slots: 0 = root, node + 1
  const isLabel = (l: number) => l === 0 || labelParent[l - 1] !== -2;
  const parentSlot = (l: number) => labelParent[l - 1] + 1;
  // Per cut, per label slot: counts (slot 0 not answered, then values).
  const counts = cuts.map(({ code: values, values: V }) => {
    if (values.length !== code.length)
      throw new RangeError(`a cut has ${values.length} codes for ${code.length} responses`);
    const c = new Float64Array(L * (V + 1));
    for (let r = 0; r < code.length; r++) {
      const v = values[r];
      if (v >= V) throw new RangeError(`response ${r} has value code ${v}, outside the ${V} values`);
      c[(code[r] < 0 ? 0 : labelOf[code[r]] + 1) * (V + 1) + 1 + v]++;
    }
    return c;
  });
  // Labels in top-down order (each after its parent label).
  const depth = (l: number) => {
    let d = 0;
    for (let x = l; x !== 0; x = parentSlot(x)) d++;
    return d;
  };
  const order = Array.from({ length: L }, (_, l) => l)
    .filter(isLabel)
    .sort((a, b) => depth(a) - depth(b) || a - b);
  const within = (l: number, top: number) => {
    for (let x = l; ; x = parentSlot(x)) {
      if (x === top) return true;
      if (x === 0) return false;
    }
  };
  const block = new Int32Array(L); // per label slot: the label slot starting its block
  const sumOf = (members: readonly number[], c: number): Float64Array => {
    const V1 = cuts[c].values + 1;
    const out = new Float64Array(V1);
    for (const l of members) for (let v = 0; v < V1; v++) out[v] += counts[c][l * V1 + v];
    return out;
  };
  const membersOf = (b: number) => order.filter((l) => block[l] === b);
  const queue = [0];
  while (queue.length > 0) {
    const b = queue.shift()!;
    let members = membersOf(b);
    let whole = cuts.map((_, c) => sumOf(members, c));
    for (const h of order) {
      if (h === b || block[h] !== b) continue;
      const piece = members.filter((l) => within(l, h));
      const parts = cuts.map((_, c) => sumOf(piece, c));
      const lossless = cuts.every((cut, c) => {
        const rest = whole[c].map((n, v) => n - parts[c][v]);
        const before = namedValues(whole[c], 0, cut.values, threshold);
        const a = namedValues(parts[c], 0, cut.values, threshold);
        const z = namedValues(rest, 0, cut.values, threshold);
        return before.every((named, v) => !named || (a[v] && z[v]));
      });
      if (!lossless) continue;
      for (const l of piece) block[l] = h;
      members = members.filter((l) => block[l] === b);
      whole = whole.map((w, c) => w.map((n, v) => n - parts[c][v]));
      queue.push(h);
    }
  }
  const named = cuts.map((cut, c) => {
    const out = new Uint8Array(L * cut.values);
    for (const b of order)
      if (block[b] === b) out.set(namedValues(sumOf(membersOf(b), c), 0, cut.values, threshold), b * cut.values);
    return out;
  });
  const scope = new Uint8Array(N);
  for (let u = 0; u < N; u++) scope[u] = isLabel(u + 1) && block[u + 1] === u + 1 ? 1 : 0;
  const starts = order.filter((b) => block[b] === b);
  const shown = cuts.map((cut, c) => {
    const V = cut.values;
    const out = new Uint8Array(L * V);
    for (const s of [0, ...order.filter((l) => l > 0 && scope[l - 1])])
      for (let v = 0; v < V; v++)
        out[s * V + v] = starts.every((b) => !within(b, s) || named[c][b * V + v] === 1) ? 1 : 0;
    return out;
  });
  return { scope, shown };
}
