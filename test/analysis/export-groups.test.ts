/**
 * The labels of an item-level export (analysis/anonymity/export-groups.ts): over random unit trees,
 * workflows and responses, with the report's own suppression decision (suppressUnits), every unit
 * label and every unit-and-workflow cell holds 0 or at least K rows, no unit the report hides is a
 * label, a row's label is its own unit or an ancestor, and a workflow is named on all its rows or none.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportLabels } from '../../analysis/anonymity/export-groups.js';
import { suppressUnits, unitIndex, type UnitInfo } from '../../analysis/report/report-units.js';

const scenario = fc
  .record({
    parentPicks: fc.array(fc.option(fc.nat(), { nil: null }), { minLength: 0, maxLength: 7 }),
    workflows: fc.integer({ min: 0, max: 3 }),
    threshold: fc.integer({ min: 2, max: 6 }),
    rows: fc.array(
      fc.record({ unit: fc.option(fc.nat(), { nil: null }), workflow: fc.option(fc.nat(), { nil: null }) }),
      {
        minLength: 0,
        maxLength: 60,
      },
    ),
    shownWorkflows: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  })
  .map(({ parentPicks, workflows, threshold, rows, shownWorkflows }) => {
    const parents = parentPicks.map((p, i) => (p === null || i === 0 ? null : p % i));
    const nodes: UnitInfo[] = parents.map((p, i) => ({
      id: String(i),
      name: `u${i}`,
      parent: p === null ? null : String(p),
    }));
    const data = rows.map((r) => ({
      unit: r.unit === null || nodes.length === 0 ? null : String(r.unit % nodes.length),
      workflow: r.workflow === null || workflows === 0 ? null : `w${r.workflow % workflows}`,
    }));
    const named = new Set(shownWorkflows.flatMap((shown, w) => (shown && w < workflows ? [`w${w}`] : [])));
    return { nodes, threshold, data, named };
  });

const isAncestorOrSelf = (nodes: readonly UnitInfo[], ancestor: string, unit: string | null) => {
  for (let u = unit; u !== null; u = nodes.find((n) => n.id === u)!.parent) if (u === ancestor) return true;
  return false;
};

describe('exportLabels', () => {
  it('merges a hidden team into its parent and a too-small remainder further up', () => {
    const nodes: UnitInfo[] = [
      { id: 'ops', name: 'Operations', parent: null },
      { id: 'a', name: 'A', parent: 'ops' },
      { id: 'b', name: 'B', parent: 'ops' },
      { id: 'c', name: 'C', parent: 'ops' },
    ];
    const rows = [
      ...Array.from({ length: 6 }, () => ({ unit: 'a', workflow: 'x' })),
      ...Array.from({ length: 6 }, () => ({ unit: 'b', workflow: 'x' })),
      ...Array.from({ length: 2 }, () => ({ unit: 'c', workflow: 'y' })),
    ];
    // The report hides C (2 < 5) and B with it; the merged group "ops" holds 8.
    const labels = exportLabels(rows, nodes, new Set(['b', 'c']), new Set(['x', 'y']), 5);
    expect(labels.unit).toEqual([...Array(6).fill('a'), ...Array(8).fill('ops')]);
    // Workflow y has 2 rows in "ops": it loses its name everywhere. Then "ops" has 2 rows without a
    // name (the ones not doing x), so x loses its name too.
    expect(labels.workflow).toEqual(Array(14).fill(null));
    // With 5 rows of y in C, both names stay.
    const more = [...rows, ...Array.from({ length: 3 }, () => ({ unit: 'c', workflow: 'y' }))];
    expect(exportLabels(more, nodes, new Set(['b', 'c']), new Set(['x', 'y']), 5).workflow).toEqual(
      more.map((r) => r.workflow),
    );
  });

  it('keeps every label and every unit-and-workflow cell at 0 or at least K rows, under the report’s decision', () => {
    fc.assert(
      fc.property(scenario, ({ nodes, threshold, data, named }) => {
        const index = new Map(nodes.map((u, i) => [u.id, i]));
        const code = Int32Array.from(data, (r) => (r.unit === null ? -1 : index.get(r.unit)!));
        const hidden = suppressUnits(unitIndex(nodes, code), threshold);
        const labels = exportLabels(data, nodes, hidden, named, threshold);
        const count = (keys: string[]) => {
          const m = new Map<string, number>();
          for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
          return [...m.values()];
        };
        const total = data.length;
        const ok = (n: number) => n === 0 || n >= threshold || n === total;
        for (const n of count(labels.unit.map((u) => String(u)))) expect(ok(n)).toBe(true);
        for (const n of count(labels.unit.map((u, i) => JSON.stringify([u, labels.workflow[i]]))))
          expect(ok(n)).toBe(true);
        labels.unit.forEach((u, i) => {
          if (u === null) return;
          expect(hidden.has(u)).toBe(false);
          expect(isAncestorOrSelf(nodes, u, data[i].unit)).toBe(true);
        });
        for (const w of new Set(labels.workflow.filter((w): w is string => w !== null))) {
          expect(named.has(w)).toBe(true);
          expect(labels.workflow.filter((x) => x === w).length).toBe(data.filter((r) => r.workflow === w).length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
