/**
 * `readiness report --compare PREVIOUS.csv` in-process with a captured CliIO. Two waves from the
 * seeded demo generator: the previous one without a bottleneck (seed 21), the current one with the
 * demo's planted bottleneck (seed 22: data access lowered in "Financial reporting", a quarter of
 * the respondents), so the overall data-access mean drops. Expected comparison values come from
 * compareWaves (analysis/action/waves.ts, tested against plain means and LMG shares) on the same rows.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compareWaves } from '../../analysis/action/waves.js';
import { main } from '../../server/cli.js';
import type { CliIO } from '../../server/cli/io.js';
import type { WavesResult } from '../../server/cli/report-waves.js';
import { demoCsv, demoRows, instrument } from '../fixtures/demo-report-input.js';

function capture(tty = false): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    stderrIsTTY: tty,
    env: {},
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}

const dir = mkdtempSync(join(tmpdir(), 'readiness-compare-'));
function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const previousOptions = { n: 400, seed: 21, bottleneck: undefined };
const currentOptions = { n: 400, seed: 22 };
const previousCsv = write('previous.csv', demoCsv(previousOptions));
const currentCsv = write('current.csv', demoCsv(currentOptions));
const previousLines = demoCsv(previousOptions).trimEnd().split('\n');
const base = [currentCsv, '--instrument', 'default', '--unit', 'team', '--workflow', 'workflow', '--bootstrap', '100'];

async function report(args: string[], tty = false) {
  const io = capture(tty);
  const code = await main(['report', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** The readable "Change since the previous wave" section, up to the next section. */
function changeSection(text: string): string {
  const start = text.indexOf('Change since the previous wave');
  return text.slice(start, text.indexOf('\nScales\n', start));
}

describe('readiness report --compare', () => {
  it('adds a "waves" key with compareWaves of previous → current and leaves the rest of the JSON unchanged', async () => {
    const r = await report([...base, '--compare', previousCsv, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { waves, ...rest } = JSON.parse(r.stdout) as { waves: WavesResult };
    const expected = compareWaves(demoRows(previousOptions), demoRows(currentOptions), { instrument, B: 100, seed: 1 });
    expect(waves).toEqual(JSON.parse(JSON.stringify({ suppressed: false, ...expected })));
    if (waves.suppressed) throw new Error('unexpected suppression');
    expect(waves.n).toEqual({ a: 400, b: 400 });
    expect(waves.scales.map((s) => s.id)).toEqual(instrument.scales.map((s) => s.id));
    expect(waves.bootstrap).toEqual({ B: 100, seed: 1, level: 0.95, failed: expect.any(Number) });
    expect(waves.org_share).toEqual({
      a: expect.any(Number),
      b: expect.any(Number),
      change: expect.any(Number),
      ci: [expect.any(Number), expect.any(Number)],
    });
    const plain = await report([...base, '--json']);
    expect(rest).toEqual(JSON.parse(plain.stdout));
  });

  it('shows the planted data-access drop as a negative change whose interval excludes 0, flagged "lower"', async () => {
    const json = await report([...base, '--compare', previousCsv, '--json']);
    const waves = (JSON.parse(json.stdout) as { waves: WavesResult }).waves;
    if (waves.suppressed) throw new Error('unexpected suppression');
    const da = waves.scales.find((s) => s.id === 'data_access')!;
    expect(da.change).toBeLessThan(0);
    expect(da.ci![1]).toBeLessThan(0);

    const r = await report([...base, '--compare', previousCsv]);
    expect(r.code).toBe(0);
    const headline = r.stdout.indexOf('Organizational factors explain');
    const change = r.stdout.indexOf(
      '\nChange since the previous wave (n = 400 → 400; intervals from 100 bootstrap resamples',
    );
    expect(headline).toBe(0);
    expect(change).toBeGreaterThan(headline);
    expect(change).toBeLessThan(r.stdout.indexOf('\nScales\n'));
    const section = changeSection(r.stdout);
    expect(section).toMatch(
      new RegExp(
        `Data access\\s+${da.a.toFixed(2)}\\s+${da.b.toFixed(2)}\\s+−${Math.abs(da.change).toFixed(2)}\\s+\\S+ to −\\S+\\s+lower\\n`,
      ),
    );
    expect(section).toMatch(
      /Organizational share of explained variance: \d+\.\d% → \d+\.\d%, change [+−]\d+\.\d points, 95% CI/,
    );
  });

  it('suppresses the comparison when the previous wave has fewer responses than the threshold, with no figure of it', async () => {
    const tiny = write('tiny.csv', previousLines.slice(0, 4).join('\n'));
    const json = await report([...base, '--compare', tiny, '--json']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { waves: WavesResult }).waves).toEqual({
      suppressed: true,
      n_below: 5,
      reason: 'the previous wave has fewer than 5 responses',
    });

    const r = await report([...base, '--compare', tiny]);
    expect(r.code).toBe(0);
    const section = changeSection(r.stdout);
    expect(section).toBe(
      'Change since the previous wave\nnot shown: the previous wave has fewer than 5 responses, to protect anonymity.\n',
    );
  });

  it('suppresses the comparison too when the current wave is below the threshold (the report itself is suppressed)', async () => {
    const tiny = write('tiny-current.csv', previousLines.slice(0, 4).join('\n'));
    const r = await report([tiny, ...base.slice(1), '--compare', previousCsv, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { status: string; waves: WavesResult };
    expect(json.status).toBe('suppressed');
    expect(json.waves).toEqual({ suppressed: true, n_below: 5, reason: 'the current wave has fewer than 5 responses' });
    const both = await report([...base, '--compare', previousCsv, '--threshold', '401', '--json']);
    expect((JSON.parse(both.stdout) as { waves: WavesResult }).waves).toEqual({
      suppressed: true,
      n_below: 401,
      reason: 'both waves have fewer than 401 responses',
    });
    const text = await report([...base, '--compare', previousCsv, '--threshold', '401']);
    expect(text.stdout).toBe('Fewer than 401 responses in total: nothing is reported, to protect anonymity.\n');
  });

  it.each([
    ['a missing file', () => join(dir, 'nope.csv'), /cannot read the previous wave .*nope\.csv: ENOENT/],
    [
      'an out-of-range answer',
      () => write('range.csv', previousLines.map((l, i) => (i === 3 ? l.replace(/,\d+$/, ',9') : l)).join('\n')),
      /previous wave .*range\.csv: row 3 \(line 4\), column "\w+": 9 is not an answer from 1 to 5/,
    ],
    [
      'a non-numeric cell',
      () => write('text.csv', previousLines.map((l, i) => (i === 2 ? l.replace(/,\d+$/, ',often') : l)).join('\n')),
      /previous wave .*text\.csv: .*line 3\)?, column "\w+": "often" is not a number/,
    ],
    [
      'a missing item',
      () => write('items.csv', previousLines.map((l) => l.split(',').slice(0, -1).join(',')).join('\n')),
      /previous wave .*items\.csv: the CSV lacks item "\w+"/,
    ],
    [
      'a missing team column',
      () => write('noteam.csv', previousLines.map((l) => l.split(',').slice(1).join(',')).join('\n')),
      /previous wave .*noteam\.csv: column "team" is not in the CSV header/,
    ],
  ])('exits 2 naming the previous file for %s', async (_, file, message) => {
    const r = await report([...base, '--compare', file()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('draws a progress bar for the wave bootstrap on a terminal stderr only', async () => {
    const tty = await report([...base, '--bootstrap', '20', '--compare', previousCsv, '--json'], true);
    // cli-progress moves the cursor with escape sequences; the text left on the terminal is what counts.
    const shown = stripVTControlCharacters(tty.stderr);
    expect(shown).toMatch(/waves bootstrap \[#{20}\] 20\/20/);
    expect(shown.endsWith('\n')).toBe(true);
    const pipe = await report([...base, '--bootstrap', '20', '--compare', previousCsv, '--json'], false);
    expect(pipe.stderr).toBe('');
    expect(pipe.stdout).toBe(tty.stdout);
  });
});
