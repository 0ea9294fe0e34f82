/**
 * The unit groups a demographic cut is built on (analysis/anonymity/cut-guard.ts): each response is
 * labelled with its nearest unit the report shows (itself or an ancestor; the root, "everyone", when
 * none is shown), and a label held by 1 … K − 1 responses is merged into the label above it until
 * every label holds 0 or at least K (the root too: when it is small, the smallest label joins it).
 * The same recoding as the item export's (export-groups.ts steps 1–2), on typed codes: the labels are
 * the blocks the report's unit figures let anyone work out, and no cut figure is finer than them.
 */

/** The unit tree as codes: per node its parent node (−1 = a top unit) and whether the report hides it. */
export interface CodedTree {
  readonly parent: Int32Array;
  readonly hidden: Uint8Array;
}

export interface CutLabels {
  /** Per node: its label (a node index, or −1 = the root, "everyone"). */
  readonly labelOf: Int32Array;
  /** Per node that is a label: its parent label (−1 = the root); −2 for a node that is not a label. */
  readonly labelParent: Int32Array;
}

/** Per node, the nearest ancestor-or-self not in `merged` (−1 = none). */
function nearest(parent: Int32Array, merged: Uint8Array): Int32Array {
  const out = new Int32Array(parent.length);
  for (let u = 0; u < parent.length; u++) {
    let x = u;
    for (let depth = 0; x >= 0 && merged[x] && depth <= parent.length; depth++) x = parent[x];
    out[u] = x;
  }
  return out;
}

/**
 * The labels for responses at `code` (node index per response, −1 = no unit) under threshold K.
 * Throws on a code outside the tree or K < 1.
 */
export function cutLabels(tree: CodedTree, code: Int32Array, threshold: number): CutLabels {
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new RangeError(`the anonymity threshold must be an integer ≥ 1, got ${threshold}`);
  const N = tree.parent.length;
  const direct = new Float64Array(N);
  let none = 0;
  for (let r = 0; r < code.length; r++) {
    const u = code[r];
    if (u >= N) throw new RangeError(`response ${r} names unit code ${u}, outside the tree of ${N}`);
    if (u < 0) none++;
    else direct[u]++;
  }
  const merged = Uint8Array.from(tree.hidden);
  const small = (n: number) => n > 0 && n < threshold;
  for (;;) {
    const labelOf = nearest(tree.parent, merged);
    const held = new Float64Array(N);
    let root = none;
    for (let u = 0; u < N; u++) {
      if (labelOf[u] < 0) root += direct[u];
      else held[labelOf[u]] += direct[u];
    }
    let changed = false;
    for (let u = 0; u < N; u++)
      if (!merged[u] && small(held[u])) {
        merged[u] = 1;
        changed = true;
      }
    if (!changed && small(root)) {
      // The root is too small: the smallest label (ties by index) joins it, with its ancestors.
      let best = -1;
      for (let u = 0; u < N; u++) if (!merged[u] && held[u] > 0 && (best < 0 || held[u] < held[best])) best = u;
      if (best >= 0) {
        for (let x = best; x >= 0; x = tree.parent[x]) merged[x] = 1;
        changed = true;
      }
    }
    if (!changed) {
      const labelParent = new Int32Array(N).fill(-2);
      for (let u = 0; u < N; u++) if (!merged[u]) labelParent[u] = tree.parent[u] < 0 ? -1 : labelOf[tree.parent[u]];
      return { labelOf, labelParent };
    }
  }
}
