import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cell, cellUnless, mapCell } from '../../analysis/anonymity/suppressed.js';
import { suppressGroups, type GroupCount } from '../../analysis/anonymity/suppression.js';

describe('cell', () => {
  it('keeps neither n nor the value of a group with 0 < n < K', () => {
    const c = cell(3, 0.42, 5);
    expect(c).toEqual({ suppressed: true, n_below: 5 });
    expect(JSON.stringify(c)).not.toMatch(/0\.42|"n":/);
  });
  it('shows n = 0 as "no responses" and n ≥ K with its value', () => {
    expect(cell(0, null, 5)).toEqual({ suppressed: false, n: 0, value: null });
    expect(cell(5, 2.5, 5)).toEqual({ suppressed: false, n: 5, value: 2.5 });
    expect(cellUnless(true, 50, 2.5, 5)).toEqual({ suppressed: true, n_below: 5 });
    expect(mapCell(cell(8, 2, 5), (v, n) => v * n)).toEqual({ suppressed: false, n: 8, value: 16 });
  });
  it('rejects a negative count and a threshold below 1', () => {
    expect(() => cell(-1, 0, 5)).toThrow(/non-negative integer/);
    expect(() => cell(3, 0, 0)).toThrow(/threshold/);
  });
});

describe('suppressGroups', () => {
  it('suppresses the next smallest sibling when one group under a shown total is small (hand-checked)', () => {
    const counts = [
      { key: 'all', n: 40 },
      { key: 'a', n: 3, parentKey: 'all' },
      { key: 'b', n: 12, parentKey: 'all' },
      { key: 'c', n: 25, parentKey: 'all' },
    ];
    expect([...suppressGroups(counts, 5)].sort()).toEqual(['a', 'b']);
  });
  it('never picks an empty group as the extra sibling', () => {
    const counts = [
      { key: 'all', n: 10 },
      { key: 'a', n: 0, parentKey: 'all' },
      { key: 'b', n: 3, parentKey: 'all' },
      { key: 'c', n: 7, parentKey: 'all' },
    ];
    expect([...suppressGroups(counts, 5)].sort()).toEqual(['b', 'c']);
  });
  it('suppresses the parent when no sibling can hide the small child', () => {
    // d has 9 responses of its own plus child d1 (n = 2): d − 0 would not reveal d1 alone, but d1 + d's own would.
    const counts = [
      { key: 'all', n: 30 },
      { key: 'd', n: 11, parentKey: 'all' },
      { key: 'd1', n: 2, parentKey: 'd' },
      { key: 'e', n: 19, parentKey: 'all' },
    ];
    expect([...suppressGroups(counts, 5)].sort()).toEqual(['d', 'd1', 'e']);
  });
  it('suppresses a child of a secondarily suppressed parent whose children would add up to it', () => {
    const counts = [
      { key: 'all', n: 30 },
      { key: 'a', n: 2, parentKey: 'all' },
      { key: 'b', n: 13, parentKey: 'all' },
      { key: 'b1', n: 6, parentKey: 'b' },
      { key: 'b2', n: 7, parentKey: 'b' },
      { key: 'c', n: 15, parentKey: 'all' },
    ];
    // a (primary) → b (next smallest sibling) → b1 (b would be b1 + b2). Then a + b1 = 30 − 15 − 7: still two unknowns.
    expect([...suppressGroups(counts, 5)].sort()).toEqual(['a', 'b', 'b1']);
  });
  it('rejects duplicate keys, unknown parents and cycles', () => {
    expect(() =>
      suppressGroups(
        [
          { key: 'a', n: 1 },
          { key: 'a', n: 2 },
        ],
        5,
      ),
    ).toThrow(/listed twice/);
    expect(() => suppressGroups([{ key: 'a', n: 1, parentKey: 'z' }], 5)).toThrow(/unknown parent "z"/);
    expect(() =>
      suppressGroups(
        [
          { key: 'a', n: 1, parentKey: 'b' },
          { key: 'b', n: 1, parentKey: 'a' },
        ],
        5,
      ),
    ).toThrow(/own ancestor/);
  });
});

/** Random trees: node i > 0 hangs under a node before it; additive trees give parents the sum of their children. */
const trees = (additive: boolean) =>
  fc
    .tuple(
      fc.array(fc.record({ parent: fc.nat(), n: fc.nat({ max: 15 }) }), { minLength: 1, maxLength: 14 }),
      fc.integer({ min: 1, max: 10 }),
    )
    .map(([nodes, threshold]) => {
      const parents = nodes.map((node, i) => (i === 0 ? -1 : node.parent % i));
      const n = nodes.map((node) => node.n);
      if (additive)
        for (let i = nodes.length - 1; i > 0; i--) {
          if (parents.some((p) => p === i) === false) continue;
          n[i] = parents.reduce((s, p, j) => (p === i ? s + n[j] : s), 0);
        }
      if (additive && nodes.length > 1) n[0] = parents.reduce((s, p, j) => (p === 0 ? s + n[j] : s), 0);
      const counts: GroupCount[] = n.map((v, i) => ({
        key: `g${i}`,
        n: v,
        ...(i > 0 ? { parentKey: `g${parents[i]}` } : {}),
      }));
      return { counts, threshold };
    });

/** Rank of a small matrix by Gaussian elimination with partial pivoting. */
function rank(rows: number[][]): number {
  const m = rows.map((r) => [...r]);
  let r = 0;
  for (let c = 0; c < (m[0]?.length ?? 0) && r < m.length; c++) {
    let p = r;
    for (let i = r + 1; i < m.length; i++) if (Math.abs(m[i][c]) > Math.abs(m[p][c])) p = i;
    if (Math.abs(m[p][c]) < 1e-9) continue;
    [m[r], m[p]] = [m[p], m[r]];
    for (let i = 0; i < m.length; i++)
      if (i !== r) {
        const f = m[i][c] / m[r][c];
        for (let k = c; k < m[i].length; k++) m[i][k] -= f * m[r][k];
      }
    r++;
  }
  return r;
}

describe('suppressGroups properties', () => {
  it('shows only groups with n ≥ K or n = 0, and no shown parent has exactly one suppressed child', () => {
    fc.assert(
      fc.property(fc.oneof(trees(true), trees(false)), ({ counts, threshold }) => {
        const hidden = suppressGroups(counts, threshold);
        for (const g of counts) if (!hidden.has(g.key)) expect(g.n === 0 || g.n >= threshold).toBe(true);
        for (const parent of counts) {
          if (hidden.has(parent.key)) continue;
          const kids = counts.filter((g) => g.parentKey === parent.key);
          const hiddenKids = kids.filter((g) => hidden.has(g.key));
          // parent − Σ shown siblings equals the sum of ≥ 2 unknowns, never one suppressed child's n
          expect(hiddenKids.length === 0 || hiddenKids.length >= 2).toBe(true);
        }
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('leaves no suppressed group determined by any linear combination of the shown totals (additive trees)', () => {
    fc.assert(
      fc.property(trees(true), ({ counts, threshold }) => {
        const hidden = [...suppressGroups(counts, threshold)];
        if (hidden.length === 0) return;
        // One equation per parent: parent − Σ children = 0, restricted to the suppressed unknowns.
        const equations = counts
          .filter((p) => counts.some((g) => g.parentKey === p.key))
          .map((p) =>
            hidden.map((k) => (k === p.key ? 1 : 0) - (counts.find((g) => g.key === k)!.parentKey === p.key ? 1 : 0)),
          );
        const base = rank(equations);
        hidden.forEach((key, i) => {
          const unit = hidden.map((_, j) => (j === i ? 1 : 0));
          // determined ⇔ the unit vector lies in the row space ⇔ adding it does not raise the rank
          expect(rank([...equations, unit]), `group ${key} is recoverable`).toBe(base + 1);
        });
      }),
      { numRuns: 500, seed: 13 },
    );
  });
});
