/**
 * `readiness report` where the recommendation appears: its --json carries the workflow decision's
 * intervals, pick frequencies, ties and ranking rule (snake_case), and the readable output prints
 * them, on the demo (a clear winner) and on 2,000 responses with a planted near tie.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FullReport } from '../../analysis/report/report.js';
import { main } from '../../server/cli.js';
import { demoCsv, responsesCsv } from '../fixtures/demo-report-input.js';
import { nearTieRows, TIED_WORKFLOWS } from '../fixtures/near-tie.js';
import { captureIO } from '../helpers/cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'readiness-decision-'));
const demo = join(dir, 'demo.csv');
writeFileSync(demo, demoCsv());
const tie = join(dir, 'tie.csv');
writeFileSync(tie, responsesCsv(nearTieRows()));

async function report(args: string[]) {
  const io = captureIO();
  const code = await main(
    ['report', ...args, '--instrument', 'default', '--unit', 'team', '--workflow', 'workflow'],
    io,
  );
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('readiness report: the workflow decision', () => {
  it('gives the intervals, pick frequencies and ranking rule in --json', async () => {
    const r = await report([demo, '--bootstrap', '200', '--seed', '3', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as FullReport;
    const rec = json.recommendation!;
    expect(rec).toMatchObject({ workflow: 'Financial reporting', lever: 'dataAccess', tied_workflows: [] });
    expect(rec.uncertainty).toMatchObject({ B: 200, seed: 3, level: 0.95, resamples: 200 });
    expect(rec.rule).toMatch(/ranked by one rule/);
    const [first] = rec.ranked;
    expect(first.org_share_ci).toHaveLength(2);
    expect(first.priority_ci).toHaveLength(2);
    expect(first.pick_frequency).toBeGreaterThan(0.9);
    expect(first.levers[0]).toMatchObject({ lever: 'dataAccess', scale: 'data_access' });
    expect(first.levers[0].mean_ci).toHaveLength(2);
    const row = json.workflows.find((w) => w.workflow === 'Financial reporting')!;
    expect(row.org_share_ci).toEqual({ suppressed: false, n: 100, value: first.org_share_ci });
    expect(row.lever_means_ci).toMatchObject({ value: { data_access: first.levers[0].mean_ci } });
  });

  it('prints the rule, the ranked workflows and the first workflow’s levers with their intervals and how often each ranks first', async () => {
    const r = await report([demo, '--bootstrap', '200']);
    expect(r.code).toBe(0);
    const section = r.stdout.slice(r.stdout.indexOf('\nRecommendation\n'));
    expect(section).toContain('Workflows, levers and factors are all ranked by one rule, highest first');
    expect(section).toMatch(/Intervals are 95% bootstrap percentile intervals from 200 resamples/);
    expect(section).toMatch(
      /\nFinancial reporting\s+1\s+100\s+\d+% \(\d+–\d+%\)\s+\d\.\d\d\s+\d\.\d\d \(\d\.\d\d–\d\.\d\d\)\s+(\d+%|more than 99%)\n/,
    );
    expect(section).toMatch(/Levers in "Financial reporting"\n/);
    expect(section).toMatch(/\ndata access\s+1\s+\d+%\s+\d\.\d\d \(\d\.\d\d–\d\.\d\d\)/);
    // the organization-wide table says which factors are levers
    expect(r.stdout).toMatch(/\nLeadership and goal clarity\s+no\s/);
  });

  it('names a planted near tie in the headline and the table', async () => {
    const r = await report([tie]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /No single workflow stands out: "(Claims handling|Invoice processing)" and "(Claims handling|Invoice processing)" are tied \(priorities \d\.\d\d and \d\.\d\d; first in \d+% and \d+% of 1,000 resamples\), so start with either\./,
    );
    const tiedRow = new RegExp(`\\n(${TIED_WORKFLOWS.join('|')})\\s+2 \\(tied with 1\\)\\s+500\\s`);
    expect(r.stdout).toMatch(tiedRow);
    const json = JSON.parse((await report([tie, '--json'])).stdout) as FullReport;
    expect([json.recommendation!.workflow, ...json.recommendation!.tied_workflows].sort()).toEqual(
      [...TIED_WORKFLOWS].sort(),
    );
  });
});
