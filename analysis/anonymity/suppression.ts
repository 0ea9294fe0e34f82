/**
 * Which groups of a report to suppress: primary small-cell suppression plus secondary suppression
 * against differencing (Cox 1980, "Suppression methodology and statistical disclosure control";
 * Hundepool et al. 2012, "Statistical Disclosure Control", ch. 5 and 6). One function serves the
 * unit tree, the workflow cross-tab and the segment cross-tabs: a cross-tab is a set of sibling
 * groups under the overall total.
 */

export interface GroupCount {
  readonly key: string;
  readonly n: number;
  /** The group whose total contains this one; absent for a root (e.g. the overall total). */
  readonly parentKey?: string;
}

function smallestShownPositive(
  keys: readonly string[],
  byKey: Map<string, GroupCount>,
  hidden: Set<string>,
): string | undefined {
  let best: GroupCount | undefined;
  for (const k of keys) {
    const g = byKey.get(k)!;
    if (hidden.has(k) || g.n === 0) continue;
    if (!best || g.n < best.n || (g.n === best.n && g.key < best.key)) best = g;
  }
  return best?.key;
}

/**
 * The keys to suppress for anonymity threshold K:
 * 1. primary: every group with 0 < n < K (n = 0 is shown as "no responses": an empty group says
 *    nothing about a person, and is never chosen for secondary suppression either);
 * 2. differencing guard: when a shown parent has exactly one suppressed child, that child would be
 *    parent − Σ shown siblings, so the next smallest shown sibling with n > 0 is suppressed too
 *    (ties by key); with no such sibling the parent itself is suppressed;
 * 3. hierarchy guard: a suppressed parent whose children with n > 0 are all shown would be their
 *    sum, so its smallest such child is suppressed too.
 * Rules 2–3 repeat until nothing changes, so every shown parent has 0 or ≥ 2 suppressed children.
 * Throws on duplicate keys, unknown parents, cycles, negative or non-integer n, or K < 1.
 */
export function suppressGroups(counts: readonly GroupCount[], threshold: number): Set<string> {
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new RangeError(`the anonymity threshold must be an integer ≥ 1, got ${threshold}`);
  const byKey = new Map<string, GroupCount>();
  for (const g of counts) {
    if (byKey.has(g.key)) throw new Error(`group "${g.key}" is listed twice`);
    if (!Number.isInteger(g.n) || g.n < 0)
      throw new RangeError(`group "${g.key}": n must be a non-negative integer, got ${g.n}`);
    byKey.set(g.key, g);
  }
  const children = new Map<string, string[]>();
  for (const g of counts) {
    if (g.parentKey === undefined) continue;
    if (!byKey.has(g.parentKey)) throw new Error(`group "${g.key}" names an unknown parent "${g.parentKey}"`);
    let p: string | undefined = g.parentKey;
    for (let depth = 0; p !== undefined; depth++, p = byKey.get(p)!.parentKey) {
      if (p === g.key || depth > counts.length) throw new Error(`group "${g.key}" is its own ancestor`);
    }
    const list = children.get(g.parentKey);
    if (list) list.push(g.key);
    else children.set(g.parentKey, [g.key]);
  }
  const hidden = new Set(counts.filter((g) => g.n > 0 && g.n < threshold).map((g) => g.key));
  for (let changed = true; changed;) {
    changed = false;
    for (const [parent, kids] of children) {
      if (!hidden.has(parent)) {
        if (kids.filter((k) => hidden.has(k)).length !== 1) continue;
        hidden.add(smallestShownPositive(kids, byKey, hidden) ?? parent);
        changed = true;
      } else if (kids.some((k) => byKey.get(k)!.n > 0) && !kids.some((k) => hidden.has(k))) {
        hidden.add(smallestShownPositive(kids, byKey, hidden)!);
        changed = true;
      }
    }
  }
  return hidden;
}
