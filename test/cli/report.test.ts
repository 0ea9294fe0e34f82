/**
 * `readiness report` in-process with a captured CliIO, on item-level CSV from the seeded demo
 * generator (planted bottleneck: "Financial reporting", data access).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FullReport } from '../../analysis/report/report.js';
import { main } from '../../server/cli.js';
import { demoCsv, instrument } from '../fixtures/demo-report-input.js';
import { captureIO } from '../helpers/cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'readiness-report-'));
const csvText = demoCsv();
const csv = join(dir, 'demo.csv');
writeFileSync(csv, csvText);
const lines = csvText.trimEnd().split('\n');
const header = lines[0].split(',');

/** Writes a variant of the demo CSV and returns its path. */
function variant(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The demo CSV with the cell at data line `line` (2 = first data line) and `column` replaced. */
function withCell(line: number, column: string, value: string): string {
  const c = header.indexOf(column);
  return lines
    .map((l, i) =>
      i === line - 1
        ? l
            .split(',')
            .map((cell, j) => (j === c ? value : cell))
            .join(',')
        : l,
    )
    .join('\n');
}

async function report(args: string[]) {
  const io = captureIO();
  const code = await main(['report', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('readiness report', () => {
  it('prints the Report as JSON with multilevel{scale: {icc1, icc2, between, within}} for the outcome and every scale', async () => {
    const r = await report([
      csv,
      '--instrument',
      'default',
      '--unit',
      'team',
      '--workflow',
      'workflow',
      '--bootstrap',
      '100',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as FullReport;
    expect(json.status).toBe('ok');
    expect(Object.keys(json.multilevel!).sort()).toEqual(instrument.scales.map((s) => s.id).sort());
    expect(json.multilevel!.ai_performance).toEqual(
      expect.objectContaining({
        icc1: expect.any(Number),
        icc2: expect.any(Number),
        between: expect.any(Number),
        within: expect.any(Number),
      }),
    );
    expect(json.meta.bootstrap).toEqual({ B: 100, seed: 1, level: 0.95, method: 'bca', share_method: 'percentile' });
    // The organizational share's own interval, on the share scale, around the share.
    const org = json.decomposition!.groups[0];
    expect(org.group).toBe('organizational');
    expect(org.share_ci).toHaveLength(2);
    expect(org.share_ci![0]).toBeLessThan(org.share);
    expect(org.share_ci![1]).toBeGreaterThan(org.share);
    expect(org.share_ci![1]).toBeGreaterThan(org.ci![1]);
    expect(json.recommendation!.workflow).toBe('Financial reporting');
    expect(json.recommendation!.lever).toBe('dataAccess');
  });

  it('prints the headline first and names the planted workflow and lever in the readable output', async () => {
    const r = await report([
      csv,
      '--instrument',
      'default',
      '--unit',
      'team',
      '--workflow',
      'workflow',
      '--bootstrap',
      '0',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Organizational factors explain \d+% of the explained variance in AI performance; individual factors \d+%\. R² = 0\.\d\d, n = 400\./,
    );
    expect(r.stdout).toContain('Start with "Financial reporting"');
    expect(r.stdout).toContain('and redesign data access there first');
    expect(r.stdout).toMatch(/Between teams/);
  });

  it('prints the organizational share with its interval in the readable output, and says which intervals', async () => {
    const r = await report([csv, '--instrument', 'default', '--bootstrap', '100', '--seed', '3']);
    expect(r.code).toBe(0);
    const json = JSON.parse(
      (await report([csv, '--instrument', 'default', '--bootstrap', '100', '--seed', '3', '--json'])).stdout,
    ) as FullReport;
    const org = json.decomposition!.groups[0];
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    expect(r.stdout).toMatch(
      new RegExp(
        `\\norganizational\\s+${org.lmg.toFixed(2)}\\s+${pct(org.share)}\\s+${pct(org.share_ci![0])}–${pct(org.share_ci![1])}\\n`,
      ),
    );
    expect(r.stdout).toContain(
      'Intervals: 95% bootstrap, 100 resamples (seed 3); BCa (bias-corrected and accelerated) for R² and LMG, percentile for the shares.',
    );
  });

  it('prints "fewer than K" for a team below the threshold and never its count', async () => {
    // Three responses move to a new team "Tiny": suppressed, and a sibling with it.
    const moved = lines.map((l, i) => (i >= 1 && i <= 3 ? l.replace(/^[^,]+/, 'Tiny') : l)).join('\n');
    const r = await report([
      variant('tiny.csv', moved),
      '--instrument',
      'default',
      '--unit',
      'team',
      '--workflow',
      'workflow',
      '--bootstrap',
      '0',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as FullReport;
    const tiny = json.units.find((u) => u.id === 'Tiny')!;
    expect(tiny.scores).toEqual({ suppressed: true, n_below: 5 });
    expect(json.units.filter((u) => u.scores.suppressed)).toHaveLength(2);
    const text = await report([
      variant('tiny.csv', moved),
      '--instrument',
      'default',
      '--unit',
      'team',
      '--workflow',
      'workflow',
      '--bootstrap',
      '0',
    ]);
    expect(text.stdout).toMatch(/Tiny\s+fewer than 5/);
  });

  it('reports only the fact when the file has fewer responses than the threshold', async () => {
    const r = await report([
      csv,
      '--instrument',
      'default',
      '--unit',
      'team',
      '--workflow',
      'workflow',
      '--threshold',
      '401',
      '--bootstrap',
      '0',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Fewer than 401 responses in total: nothing is reported, to protect anonymity.\n');
  });

  it.each([
    [
      'a missing instrument item',
      () =>
        variant(
          'missing.csv',
          lines
            .map((l) =>
              l
                .split(',')
                .filter((_, j) => j !== header.indexOf('dr1'))
                .join(','),
            )
            .join('\n'),
        ),
      [],
      /lacks item "dr1" of instrument "ai-operating-model"/,
    ],
    [
      'a non-numeric cell',
      () => variant('text.csv', withCell(3, 'dr2', 'often')),
      [],
      /line 3\)?, column "dr2": "often" is not a number/,
    ],
    [
      'an out-of-range answer',
      () => variant('range.csv', withCell(4, 'pf1', '7')),
      [],
      /row 3 \(line 4\), column "pf1": 7 is not an answer from 1 to 5/,
    ],
    ['an empty file', () => variant('empty.csv', ''), [], /empty/],
    ['a header without responses', () => variant('header.csv', `${lines[0]}\n`), [], /no responses/],
    ['an unreadable instrument', () => csv, ['--instrument', join(dir, 'nope.json')], /cannot read instrument/],
    ['a bad threshold', () => csv, ['--threshold', '0'], /--threshold takes a whole number ≥ 1/],
  ])('exits 2 with a clear message for %s', async (_, file, extra, message) => {
    const args = extra.includes('--instrument')
      ? [file(), ...extra]
      : [
          file(),
          '--instrument',
          'default',
          '--bootstrap',
          '0',
          ...(extra.length ? extra : ['--unit', 'team', '--workflow', 'workflow']),
        ];
    const r = await report(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('ignores a column that is not an item (e.g. a respondent id) and says so on stderr', async () => {
    const withId = variant(
      'with-id.csv',
      lines.map((l, i) => `${l},${i === 0 ? 'respondent_id' : `r${i}`}`).join('\n'),
    );
    const plain = await report([
      csv,
      '--instrument',
      'default',
      '--unit',
      'team',
      '--workflow',
      'workflow',
      '--bootstrap',
      '0',
      '--json',
    ]);
    const r = await report([
      withId,
      '--instrument',
      'default',
      '--unit',
      'team',
      '--workflow',
      'workflow',
      '--bootstrap',
      '0',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/ignoring column "respondent_id"/);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(plain.stdout));
  });

  it('exits 2 without --instrument', async () => {
    const r = await report([csv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--instrument/);
  });
});
