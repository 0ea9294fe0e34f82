/**
 * The recommendation with its uncertainty, end to end through buildReport: on the demo data (a clear
 * winner: the planted bottleneck) and on a 2,000-response survey with a planted near tie
 * (test/fixtures/near-tie.ts); one ranking rule for the headline, the workflow and lever tables and
 * the organization-wide priorities; no bootstrap figure for a workflow below the threshold.
 */
import { describe, expect, it } from 'vitest';
import { priorityScore } from '../../analysis/action/priorities.js';
import { buildReport, type ReportResponse } from '../../analysis/report/build-report.js';
import type { FullReport, Interval, Report } from '../../analysis/report/report.js';
import { demoResponses, instrument } from '../fixtures/demo-report-input.js';
import { nearTieResponses, TIED_WORKFLOWS } from '../fixtures/near-tie.js';

function full(report: Report): FullReport {
  if (report.status !== 'ok') throw new Error('expected a full report');
  return report;
}
const inside = (v: number, ci: Interval | null) => ci !== null && ci[0] <= v && v <= ci[1];

// The main decomposition's bootstrap is not under test here: only the workflow decision's.
const demo = full(buildReport({ instrument, responses: demoResponses(), bootstrap: 0, workflowBootstrap: 1000 }));
const nearTie = full(buildReport({ instrument, responses: nearTieResponses(), bootstrap: 0, workflowBootstrap: 1000 }));

describe('the recommendation on the demo data (a clear winner)', () => {
  const rec = demo.recommendation!;

  it('is not a tie, and says how often the bootstrap picks the workflow and the lever', () => {
    expect(rec).toMatchObject({
      workflow: 'Financial reporting',
      lever: 'dataAccess',
      tied_workflows: [],
      tied_levers: [],
    });
    expect(rec.ranked[0].pick_frequency).toBeGreaterThan(0.9);
    expect(rec.ranked[0].levers[0]).toMatchObject({ lever: 'dataAccess', scale: 'data_access' });
    expect(rec.ranked[0].levers[0].pick_frequency).toBeGreaterThan(0.9);
    expect(rec.sentence).toMatch(
      /^Start with "Financial reporting" and redesign data access there first\. "Financial reporting" has the highest priority, 0\.\d\d \(95% CI 0\.\d\d–0\.\d\d; next "[^"]+", 0\.\d\d\) and ranks first in (\d+%|more than 99%) of 1,000 resamples\./,
    );
    expect(rec.sentence).toMatch(
      /data access has the highest priority, 0\.\d\d, and ranks first in (\d+%|more than 99%) of resamples; its mean is \d\.\d\d \(95% CI \d\.\d\d–\d\.\d\d\)\.$/,
    );
    expect(rec.uncertainty).toMatchObject({ B: 1000, seed: 1, level: 0.95, resamples: 1000, blocks: 100 });
    // 100 responses per workflow: every block is one respondent, so the sentence mentions no blocks
    expect(rec.uncertainty!.sentence).not.toMatch(/blocks/);
  });

  it('puts intervals around every shown workflow’s organizational share and lever means', () => {
    for (const w of demo.workflows) {
      if (w.n.suppressed || w.org_share.suppressed || w.org_share_ci.suppressed) throw new Error('all shown');
      if (w.lever_means.suppressed || w.lever_means_ci.suppressed) throw new Error('all shown');
      expect(inside(w.org_share.value!, w.org_share_ci.value), w.workflow).toBe(true);
      for (const [scale, mean] of Object.entries(w.lever_means.value))
        expect(inside(mean, w.lever_means_ci.value![scale]), `${w.workflow} ${scale}`).toBe(true);
    }
    for (const w of rec.ranked) {
      expect(inside(w.priority, w.priority_ci)).toBe(true);
      const row = demo.workflows.find((x) => x.workflow === w.workflow)!;
      expect(row.org_share_ci).toEqual({ suppressed: false, n: w.n, value: w.org_share_ci });
    }
  });

  it('ranks headline, workflows, levers and organization-wide factors by one rule, and marks the three levers', () => {
    const { likert } = instrument;
    const priorities = rec.ranked.map((w) => w.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    for (const w of rec.ranked) {
      expect(w.priority).toBeCloseTo(priorityScore(w.org_share, w.org_mean, likert), 14);
      const levers = w.levers.map((l) => l.priority);
      expect(levers).toEqual([...levers].sort((a, b) => b - a));
      for (const l of w.levers) expect(l.priority).toBeCloseTo(priorityScore(l.share, l.mean, likert), 14);
    }
    expect(rec.workflow).toBe(rec.ranked[0].workflow);
    expect(rec.lever).toBe(rec.ranked[0].levers[0].lever);
    for (const f of demo.priorities) expect(f.priority).toBeCloseTo(priorityScore(f.importance, f.mean, likert), 14);
    expect(
      demo.priorities
        .filter((f) => f.lever !== null)
        .map((f) => [f.lever, f.scale])
        .sort(),
    ).toEqual([
      ['dataAccess', 'data_access'],
      ['decisionRights', 'decision_rights'],
      ['measurement', 'measurement'],
    ]);
    expect(rec.rule).toMatch(/^Workflows, levers and factors are all ranked by one rule, highest first: priority = /);
  });

  it('is reproducible from the seed, and has no intervals or frequencies without bootstrap', () => {
    const again = full(buildReport({ instrument, responses: demoResponses(), bootstrap: 0, workflowBootstrap: 1000 }));
    expect(again.recommendation).toEqual(rec);
    const none = full(buildReport({ instrument, responses: demoResponses(), bootstrap: 0 })).recommendation!;
    expect(none).toMatchObject({ workflow: 'Financial reporting', lever: 'dataAccess', uncertainty: null });
    expect(none.ranked[0]).toMatchObject({ pick_frequency: null, priority_ci: null, org_share_ci: null });
    expect(none.sentence).not.toMatch(/resamples|CI/);
  });
});

describe('the recommendation on 2,000 responses with a planted near tie', () => {
  const rec = nearTie.recommendation!;

  it('reports the two planted workflows as tied, both named in the headline with their pick frequencies', () => {
    expect([rec.workflow, ...rec.tied_workflows].sort()).toEqual([...TIED_WORKFLOWS].sort());
    expect(
      rec.ranked
        .slice(0, 2)
        .map((w) => w.workflow)
        .sort(),
    ).toEqual([...TIED_WORKFLOWS].sort());
    const [a, b] = rec.ranked;
    expect(a.pick_frequency! + b.pick_frequency!).toBeCloseTo(1, 12);
    expect(Math.min(a.pick_frequency!, b.pick_frequency!)).toBeGreaterThan(0.2);
    expect(rec.sentence).toContain(
      `No single workflow stands out: "${a.workflow}" and "${b.workflow}" are tied (priorities ${a.priority.toFixed(2)} and ${b.priority.toFixed(2)}; first in ${Math.round(a.pick_frequency! * 100)}% and ${Math.round(b.pick_frequency! * 100)}% of 1,000 resamples), so start with either.`,
    );
  });

  it('still separates the lever in each tied workflow (a clear winner is not a tie)', () => {
    expect(rec.tied_levers).toEqual([]);
    for (const w of rec.ranked.slice(0, 2)) {
      expect(w.levers[0].lever).toBe('dataAccess');
      expect(w.levers[0].pick_frequency).toBeGreaterThan(0.95);
      expect(w.tied_levers).toEqual([]);
    }
    expect(rec.sentence).toContain('In either, redesign data access first.');
    // 500 responses per workflow: resampled in 100 blocks, and the method says so
    expect(rec.uncertainty!.sentence).toMatch(/more than 100 responses is resampled in 100 blocks of respondents/);
  });
});

describe('the workflow bootstrap and anonymity', () => {
  // Two responses move to a workflow of their own ("Legal review"): below the threshold of 5.
  let moved = 0;
  const shaped: ReportResponse[] = demoResponses().map((r) =>
    r.workflow === 'Software delivery' && moved++ < 2 ? { ...r, workflow: 'Legal review' } : r,
  );
  const report = full(buildReport({ instrument, responses: shaped, bootstrap: 0, workflowBootstrap: 200 }));

  it('shows no bootstrap figure for a workflow below the threshold, nor for the sibling hidden with it', () => {
    for (const name of ['Legal review', 'Software delivery']) {
      const row = report.workflows.find((w) => w.workflow === name)!;
      expect(row.org_share_ci).toEqual({ suppressed: true, n_below: 5 });
      expect(row.lever_means_ci).toEqual({ suppressed: true, n_below: 5 });
      expect(JSON.stringify(row)).not.toMatch(/"n":\d|"value"/);
      expect(report.recommendation!.ranked.map((w) => w.workflow)).not.toContain(name);
    }
    expect(report.recommendation!.uncertainty!.B).toBe(200);
  });
});
