import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../server/cli.js';
import { bootstrapImportance } from '../../analysis/bootstrap-importance.js';
import type { CliIO } from '../../server/cli/io.js';
import type { ReferenceData } from '../analysis/reference-case.js';
import { expectClose, loadReference } from '../analysis/reference-case.js';

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', stderrIsTTY: false, env: {}, out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

interface SwissCase {
  data: ReferenceData;
  predictors: string[];
  groups: Record<string, string[]>;
  expected: { r2: number; lmg: Record<string, number>; lmg_groups: Record<string, number> };
}
const swiss = loadReference<SwissCase>('swiss_fertility.json');
const dir = mkdtempSync(join(tmpdir(), 'readiness-analyze-'));
const csv = join(dir, 'swiss.csv');
// The reference data plus a free-text column outside the model, with a comma inside quotes.
writeFileSync(csv, [[...swiss.data.columns, 'note'].join(','), ...swiss.data.rows.map((r) => [...r.map(String), '"free, text"'].join(','))].join('\n'));
const groupArgs = Object.entries(swiss.groups).flatMap(([name, members]) => ['--group', `${name}=${members.join(',')}`]);

describe('readiness analyze', () => {
  it('prints the relaimpo LMG and group LMG values as JSON', async () => {
    const io = capture();
    const code = await main(['analyze', csv, '--outcome', 'Fertility', '--predictors', swiss.predictors.join(','), ...groupArgs, '--json'], io);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(io.stdout) as { r2: number; lmg: Record<string, number>; groupLmg: Record<string, number> };
    // R relaimpo 2.2-7 calc.relimp(type = "lmg"), with and without groups= (swiss_fertility.json).
    expectClose(result.r2, swiss.expected.r2);
    for (const name of swiss.predictors) expectClose(result.lmg[name], swiss.expected.lmg[name]);
    for (const [group, v] of Object.entries(swiss.expected.lmg_groups)) expectClose(result.groupLmg[group], v);
  });

  it('prints a readable table with the share of R² per group', async () => {
    const io = capture();
    const code = await main(['analyze', csv, '--outcome', 'Fertility', '--predictors', swiss.predictors.join(','), ...groupArgs], io);
    expect(code).toBe(0);
    expect(io.stdout).toMatch(/R² = 0\.7067 \(adjusted 0\.6710\), n = 47/);
    // 0.2383978 / 0.7067350 = 33.7 % (relaimpo groups).
    expect(io.stdout).toMatch(/group1\s+0\.2384\s+33\.7%/);
    expect(io.stdout).toMatch(/Education > Agriculture/);
  });

  it('adds the bootstrap intervals of the analysis layer for the given seed', async () => {
    const io = capture();
    const args = ['analyze', csv, '--outcome', 'Fertility', '--predictors', swiss.predictors.join(','), ...groupArgs, '--bootstrap', '60', '--seed', '5'];
    expect(await main([...args, '--json'], io)).toBe(0);
    const direct = bootstrapImportance(swiss.data, { outcome: 'Fertility', predictors: swiss.predictors, groups: swiss.groups }, { replicates: 60, seed: 5 });
    expect((JSON.parse(io.stdout) as { bootstrap: unknown }).bootstrap).toEqual(direct);
    const text = capture();
    expect(await main(args, text)).toBe(0);
    const g = direct.groupLmg?.group1;
    expect(text.stdout).toMatch(new RegExp(`group1\\s+0\\.2384\\s+33\\.7%\\s+${g?.lower.toFixed(4)}–${g?.upper.toFixed(4)}\\n`));
    expect(text.stdout).toMatch(/percentile bootstrap, 60 resamples/);
  });

  it('answers bad input with exit code 2 and a message naming the problem', async () => {
    const cases: [string[], RegExp][] = [
      [['analyze', csv], /give one CSV file and --outcome/],
      [['analyze', join(dir, 'missing.csv'), '--outcome', 'Fertility'], /cannot read .*missing\.csv: ENOENT/],
      [['analyze', csv, '--outcome', 'Fertility'], /line 2, column "note": "free, text" is not a number.*--predictors/],
      [['analyze', csv, '--outcome', 'Fertility', '--predictors', 'Agriculture,Height'], /column "Height" is not in the CSV header/],
      [['analyze', csv, '--outcome', 'Fertility', '--predictors', 'Agriculture', '--group', 'oops'], /--group "oops" should look like name=/],
      [['analyze', csv, '--outcome', 'Fertility', '--bogus'], /Unknown option '--bogus'/],
      [['analyze', csv, '--outcome', 'Fertility', '--predictors', 'Agriculture', '--bootstrap', '1e3'], /--bootstrap takes a whole number \(got "1e3"\)/],
    ];
    for (const [args, message] of cases) {
      const io = capture();
      expect(await main(args, io), args.join(' ')).toBe(2);
      expect(io.stderr).toMatch(message);
    }
  });
});
