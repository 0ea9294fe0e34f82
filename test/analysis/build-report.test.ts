/**
 * buildReport on the seeded demo data (server/demo/synthetic-responses.ts, planted bottleneck) and
 * on hand-shaped unit and workflow trees. Expected values come from the analysis modules it
 * composes (icc, reml, relativeImportance, bootstrapImportance) run on the same columns, and from
 * the generator's planted bottleneck.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapImportance } from '../../analysis/bootstrap/bootstrap-importance.js';
import { completeModelRows } from '../../analysis/bootstrap/decomposition-bootstrap.js';
import { icc } from '../../analysis/multilevel/icc.js';
import { reml } from '../../analysis/multilevel/reml.js';
import { buildReport, type ReportResponse } from '../../analysis/report/build-report.js';
import { instrumentModel } from '../../analysis/report/report-decomposition.js';
import { multilevelOfRows } from '../../analysis/report/report-multilevel.js';
import type { FullReport, Report, UnitRow } from '../../analysis/report/report.js';
import { itemColumnsFromRows, scoreScales } from '../../analysis/scales/scoring.js';
import { demoResponses, demoRows, instrument, itemIds } from '../fixtures/demo-report-input.js';

function full(report: Report): FullReport {
  if (report.status !== 'ok') throw new Error('expected a full report');
  return report;
}

const demo = demoResponses();
const demoReport = full(buildReport({ instrument, responses: demo, bootstrap: 100, seed: 7 }));

describe('buildReport on the demo data', () => {
  it('names every key of the Report JSON in snake_case (B, the bootstrap replicates, keeps its statistical name)', () => {
    const offending: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (!/^[a-z0-9_]+$/.test(k) && k !== 'B') offending.push(`${path}.${k}`);
          walk(x, `${path}.${k}`);
        }
      }
    };
    walk(JSON.parse(JSON.stringify(demoReport)), '');
    // (record keys that are ids, such as the default instrument's scale ids, are snake_case too)
    expect(offending).toEqual([]);
  });

  it('recommends the planted bottleneck workflow and lever (Financial reporting, data access)', () => {
    expect(demoReport.recommendation?.workflow).toBe('Financial reporting');
    expect(demoReport.recommendation?.lever).toBe('dataAccess');
    expect(demoReport.recommendation?.sentence).toMatch(
      /^Start with "Financial reporting" and redesign data access there first\./,
    );
  });

  it('changes the recommendation when the bottleneck is planted in another workflow and lever', () => {
    const moved = full(
      buildReport({
        instrument,
        responses: demoResponses({ bottleneck: { workflow: 'Sales proposals', lever: 'measurement' } }),
        bootstrap: 0,
      }),
    );
    expect(moved.recommendation?.workflow).toBe('Sales proposals');
    expect(moved.recommendation?.lever).toBe('measurement');
  });

  it('splits R² between the groups so that the group LMG values sum to R² and the shares to 1', () => {
    const d = demoReport.decomposition!;
    expect(d.groups.map((g) => g.group)).toEqual(['organizational', 'individual']);
    expect(d.groups.reduce((s, g) => s + g.lmg, 0)).toBeCloseTo(d.r2, 12);
    expect(d.groups.reduce((s, g) => s + g.share, 0)).toBeCloseTo(1, 12);
    expect(d.factors.reduce((s, f) => s + f.lmg, 0)).toBeCloseTo(d.r2, 12);
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    expect(d.headline).toContain(`Organizational factors explain ${pct(d.groups[0].share)} (95% CI`);
    expect(d.headline).toContain(`individual factors ${pct(d.groups[1].share)}`);
    expect(d.headline).toContain(`R² = ${d.r2.toFixed(2)}`);
    expect(d.headline).toMatch(/n = 400\.$/);
  });

  it('gives the same R², LMG and group intervals as bootstrapImportance for the seed, and share intervals around the estimate', () => {
    const scores = scoreScales(
      instrument,
      itemColumnsFromRows(
        demo.map((r) => r.answers),
        itemIds,
      ),
    );
    const model = instrumentModel(instrument);
    const boot = bootstrapImportance(
      { columns: [model.outcome, ...model.predictors], rows: completeModelRows(scores, model) },
      model,
      { replicates: 100, seed: 7 },
    );
    const d = demoReport.decomposition!;
    // Same resamples; the moments may be accumulated in a different order, so equal to rounding.
    const same = (a: readonly number[] | null, b: { lower: number; upper: number }) => {
      expect(a![0]).toBeCloseTo(b.lower, 12);
      expect(a![1]).toBeCloseTo(b.upper, 12);
    };
    same(d.r2_ci, boot.r2);
    for (const f of d.factors) same(f.ci, boot.lmg[f.id]);
    for (const g of d.groups) {
      same(g.ci, boot.groupLmg![g.group]);
      expect(g.share_ci![0]).toBeLessThan(g.share);
      expect(g.share_ci![1]).toBeGreaterThan(g.share);
      expect(g.share_ci![0]).toBeGreaterThanOrEqual(0);
      expect(g.share_ci![1]).toBeLessThanOrEqual(1);
    }
  });

  it('reports ICC and REML figures equal to analysis/multilevel/icc.ts and reml.ts on the same scale columns', () => {
    const scores = scoreScales(
      instrument,
      itemColumnsFromRows(
        demo.map((r) => r.answers),
        itemIds,
      ),
    );
    const units = demo.map((r) => r.unit);
    expect(Object.keys(demoReport.multilevel!).sort()).toEqual(instrument.scales.map((s) => s.id).sort());
    for (const scale of instrument.scales) {
      const i = icc(scores[scale.id], units);
      const r = reml(scores[scale.id], units);
      expect(demoReport.multilevel![scale.id]).toEqual({
        icc1: i.icc1,
        icc2: i.icc2,
        between: r.between,
        within: r.within,
        units: 12,
        below_zero: i.icc2 < 0,
        reliable_means: i.icc2 >= 0.6,
      });
    }
    const unreliable = instrument.scales.filter((s) => demoReport.multilevel![s.id].icc2 < 0.6);
    if (unreliable.length > 0)
      expect(demoReport.warnings.join('\n')).toMatch(/team means are not reliable enough to compare/);
  });

  it('gives the same multilevel figures from row-major data (for readiness analyze --unit), dropping missing cells per column', () => {
    const scores = scoreScales(
      instrument,
      itemColumnsFromRows(
        demo.map((r) => r.answers),
        itemIds,
      ),
    );
    const rows = demo.map((_, i) => [i === 0 ? null : scores.ai_performance[i], scores.data_access[i]]);
    const { multilevel } = multilevelOfRows(
      ['ai_performance', 'data_access'],
      rows,
      demo.map((r) => r.unit),
    );
    expect(multilevel!.data_access).toEqual(demoReport.multilevel!.data_access);
    const y = scores.ai_performance.map((v, i) => (i === 0 ? NaN : v));
    expect(multilevel!.ai_performance.icc1).toBe(
      icc(
        y,
        demo.map((r) => r.unit),
      ).icc1,
    );
    expect(multilevel!.ai_performance.between).toBe(
      reml(
        y,
        demo.map((r) => r.unit),
      ).between,
    );
  });

  it('lists departments before their teams and aggregates a department over its teams', () => {
    const finance = demoReport.units.find((u) => u.id === 'Finance')!;
    const teams = demoReport.units.filter((u) => u.parent === 'Finance');
    expect(demoReport.units.indexOf(finance)).toBeLessThan(demoReport.units.indexOf(teams[0]));
    const n = (u: UnitRow) => (u.scores.suppressed ? NaN : u.scores.n);
    expect(n(finance)).toBe(teams.reduce((s, t) => s + n(t), 0));
    const value = (u: UnitRow) => (u.scores.suppressed ? {} : u.scores.value);
    const weighted = teams.reduce((s, t) => s + n(t) * value(t).data_access, 0) / n(finance);
    expect(value(finance).data_access).toBeCloseTo(weighted, 12);
  });

  it('gives segment shares in [0, 1] with their n, overall and per team', () => {
    const cells = [demoReport.segments.overall, ...demoReport.segments.units.map((u) => u.shares)].flatMap((s) => [
      s.misaligned,
      s.high_performer,
    ]);
    expect(cells.length).toBe(2 * (1 + demoReport.units.length));
    for (const c of cells) {
      if (c.suppressed) continue;
      expect(c.n).toBeGreaterThan(0);
      expect(c.value).toBeGreaterThanOrEqual(0);
      expect(c.value).toBeLessThanOrEqual(1);
    }
  });

  it('lists segment rows in the heatmap’s unit-tree order, departments (before their teams) included', () => {
    expect(demoReport.segments.units.map((u) => u.unit)).toEqual(demoReport.units.map((u) => u.id));
    expect(demoReport.units.filter((u) => u.parent === null).length).toBeGreaterThan(0);
  });

  it('gives a department the segment shares of all responses in its teams', () => {
    const seg = (id: string) => demoReport.segments.units.find((u) => u.unit === id)!.shares;
    for (const dept of demoReport.units.filter((u) => u.parent === null)) {
      const teams = demoReport.units.filter((u) => u.parent === dept.id);
      for (const key of ['misaligned', 'high_performer'] as const) {
        const d = seg(dept.id)[key];
        if (d.suppressed || teams.some((t) => seg(t.id)[key].suppressed)) continue;
        const cells = teams.map((t) => seg(t.id)[key]).filter((c) => !c.suppressed);
        const n = cells.reduce((s, c) => s + c.n, 0);
        const yes = cells.reduce((s, c) => s + c.n * c.value, 0);
        expect(d.n, `${dept.id} ${key}`).toBe(n);
        expect(d.value, `${dept.id} ${key}`).toBeCloseTo(yes / n, 12);
      }
    }
  });

  it('ranks organizational factors by importance × distance to the top, importance from the decomposition', () => {
    const d = demoReport.decomposition!;
    expect(demoReport.priorities.map((p) => p.scale).sort()).toEqual(
      instrument.scales
        .filter((s) => s.group === 'organizational')
        .map((s) => s.id)
        .sort(),
    );
    for (const p of demoReport.priorities)
      expect(p.importance).toBeCloseTo(d.factors.find((f) => f.id === p.scale)!.share, 12);
    const priorities = demoReport.priorities.map((p) => p.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
  });
});

describe('buildReport suppression', () => {
  // Procurement keeps 3 responses (primary suppression at K = 5); the rest of its members move to
  // Accounting. Two responses move to a fifth workflow "Legal review" (primary suppression).
  const shaped: ReportResponse[] = (() => {
    let kept = 0,
      legal = 0;
    return demo.map((r) => {
      let unit = r.unit,
        workflow = r.workflow;
      if (unit === 'Procurement' && kept++ >= 3) unit = 'Accounting';
      if (workflow === 'Software delivery' && legal < 2) {
        workflow = 'Legal review';
        legal++;
      }
      return { ...r, unit, workflow };
    });
  })();
  const report = full(buildReport({ instrument, responses: shaped, bootstrap: 0 }));
  const row = (id: string) => report.units.find((u) => u.id === id)!;

  it('shows no figure for a team below the threshold, and suppresses a sibling so it cannot be worked out', () => {
    const procurement = row('Procurement');
    expect(procurement.scores).toEqual({ suppressed: true, n_below: 5 });
    expect(procurement.agreement).toEqual({ suppressed: true, n_below: 5 });
    expect(report.segments.units.find((u) => u.unit === 'Procurement')!.shares.misaligned).toEqual({
      suppressed: true,
      n_below: 5,
    });
    // Segment rows follow the heatmap's decision unit by unit, departments included.
    for (const u of report.units)
      expect(report.segments.units.find((s) => s.unit === u.id)!.shares.misaligned.suppressed, u.id).toBe(
        u.scores.suppressed,
      );
    // Finance is shown; had only Procurement been hidden, Finance n − Accounting n − Financial Planning n = 3.
    const finance = row('Finance');
    expect(finance.scores.suppressed).toBe(false);
    const hiddenInFinance = report.units.filter((u) => u.parent === 'Finance' && u.scores.suppressed).map((u) => u.id);
    expect(hiddenInFinance).toEqual(['Financial Planning', 'Procurement']);
  });

  it('never serializes the n of a suppressed team or workflow', () => {
    const json = JSON.stringify(report);
    expect(json).not.toMatch(/"n":3[,}]/);
    expect(json).not.toMatch(/"n":2[,}]/);
    expect(json).not.toContain('n = 2 ');
    for (const u of report.units.filter((x) => x.scores.suppressed))
      expect(JSON.stringify(u)).not.toMatch(/"n":\d|"value"/);
  });

  it('suppresses a small workflow and the next smallest, and the recommendation names neither with an n', () => {
    const legal = report.workflows.find((w) => w.workflow === 'Legal review')!;
    const software = report.workflows.find((w) => w.workflow === 'Software delivery')!;
    expect(legal.n.suppressed && legal.org_share.suppressed && legal.lever_means.suppressed).toBe(true);
    expect(software.n.suppressed).toBe(true); // 98 responses, the smallest shown sibling
    const reasons = report.recommendation!.ineligible.filter(
      (i) => i.workflow === 'Legal review' || i.workflow === 'Software delivery',
    );
    expect(reasons).toHaveLength(2);
    for (const r of reasons) expect(r.reason).not.toMatch(/\d{2}/);
    expect(report.recommendation!.workflow).toBe('Financial reporting');
    expect(report.warnings.join('\n')).toContain('"Legal review"');
  });

  it('returns a SuppressedReport with nothing but the fact when the total is below the threshold', () => {
    const small = buildReport({ instrument, responses: demo.slice(0, 4), threshold: 5 });
    expect(small).toEqual({
      status: 'suppressed',
      meta: expect.objectContaining({ responses: 4, threshold: 5 }),
      n_below: 5,
    });
    expect(JSON.stringify(small)).not.toMatch(/scales|decomposition|units/);
  });

  it('shows comments only at the comment threshold, sorted, and never per unit', () => {
    const withComments = (k: number) =>
      demo.slice(0, 60).map((r, i) => ({ ...r, comment: i < k ? `comment ${String(k - i).padStart(2, '0')}` : null }));
    const nine = full(buildReport({ instrument, responses: withComments(9), bootstrap: 0 }));
    expect(nine.comments).toEqual({ suppressed: true, n_below: 10 });
    const ten = full(buildReport({ instrument, responses: withComments(10), bootstrap: 0 }));
    expect(ten.comments).toEqual({
      suppressed: false,
      n: 10,
      value: Array.from({ length: 10 }, (_, i) => `comment ${String(i + 1).padStart(2, '0')}`),
    });
    expect(JSON.stringify(ten.units)).not.toContain('comment');
  });

  it('warns when n < 10·p for the whole model and names workflows with too few responses', () => {
    const few = full(buildReport({ instrument, responses: demo.slice(0, 60), bootstrap: 0 }));
    expect(few.warnings.join('\n')).toMatch(/Decomposition of AI performance: only 60 complete rows for 8 predictors/);
    expect(few.recommendation?.workflow).toBeNull();
    expect(few.workflows.every((w) => w.org_share.suppressed || w.org_share.value === null)).toBe(true);
  });

  it('property: on any unit tree and workflow split, no suppressed group is the only hidden child of a shown parent', () => {
    const K = 5;
    const pool = demoRows({ n: 240, seed: 3 });
    const tree = fc.array(fc.array(fc.integer({ min: 0, max: 14 }), { minLength: 1, maxLength: 4 }), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(
        tree,
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 2, maxLength: 4 }),
        (depts, none, wf) => {
          const teams = depts.flatMap((sizes, d) => sizes.map((n, t) => ({ id: `d${d}t${t}`, parent: `d${d}`, n })));
          const labels = [
            ...teams.flatMap((t) => Array<string | null>(t.n).fill(t.id)),
            ...Array<string | null>(none).fill(null),
          ];
          if (labels.length < K || labels.length > pool.length) return;
          const wfTotal = wf.reduce((s, x) => s + x, 0);
          const wfLabels = wf.flatMap((n, i) => Array<string | null>(n).fill(`w${i}`));
          const responses: ReportResponse[] = labels.map((unit, i) => ({
            unit,
            unitParent: teams.find((t) => t.id === unit)?.parent ?? null,
            workflow: i < wfTotal ? wfLabels[i] : null,
            answers: pool[i].answers,
          }));
          const units = [
            ...depts.map((_, d) => ({ id: `d${d}`, name: `Department ${d}`, parent: null })),
            ...teams.map((t) => ({ id: t.id, name: t.id, parent: t.parent })),
          ];
          const r = buildReport({ instrument, responses, units, threshold: K, bootstrap: 0 });
          if (r.status !== 'ok') return;
          const shown = (id: string) => !r.units.find((u) => u.id === id)!.scores.suppressed;
          // Primary suppression, and segments under the same decision.
          for (const t of teams) {
            if (t.n > 0 && t.n < K) expect(shown(t.id)).toBe(false);
            const seg = r.segments.units.find((s) => s.unit === t.id);
            if (seg && !shown(t.id))
              expect(seg.shares.misaligned.suppressed && seg.shares.high_performer.suppressed).toBe(true);
          }
          // Differencing: a suppressed group with responses is never the only hidden child of a shown
          // parent (else parent − shown siblings = it). Responses without a unit (or workflow) are never
          // shown as a group, so they count as hidden.
          const guarded = (suppressedChildren: number, pseudo: number) => {
            if (suppressedChildren > 0) expect(suppressedChildren + (pseudo > 0 ? 1 : 0)).toBeGreaterThanOrEqual(2);
          };
          const deptN = (d: string) => teams.filter((t) => t.parent === d).reduce((s, t) => s + t.n, 0);
          const deptIds = [...new Set(teams.map((t) => t.parent))];
          guarded(deptIds.filter((d) => deptN(d) > 0 && !shown(d)).length, none);
          for (const d of deptIds.filter(shown))
            guarded(teams.filter((t) => t.parent === d && t.n > 0 && !shown(t.id)).length, 0);
          guarded(r.workflows.filter((w) => w.n.suppressed).length, responses.length - wfTotal);
          for (const w of r.workflows) if (w.n.suppressed) expect(JSON.stringify(w)).not.toMatch(/"n":\d|"value"/);
        },
      ),
      { numRuns: 40, seed: 42 },
    );
  });
});
