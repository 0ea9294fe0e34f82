/**
 * Malformed CSV files given to `readiness analyze` and `readiness report` (and to report's
 * `--compare`): each must end with exit code 2 and exactly one line on stderr naming the line where
 * the defect starts, never with a stack trace. The files are small hand-made ones; the line numbers
 * expected are counted by hand in each file (1 = the header line).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../server/cli.js';
import { demoCsv } from '../fixtures/demo-report-input.js';
import { captureIO } from '../helpers/cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'readiness-csv-defects-'));
function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIO();
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Exit 2, nothing on stdout, one line on stderr that names `line N` and carries no stack frame. */
function expectOneLineError(r: { code: number; stdout: string; stderr: string }, line: number): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  expect(r.stderr).toMatch(new RegExp(`\\bline ${line}\\b`));
  expect(r.stderr.match(/\bline \d+/g)).toEqual([`line ${line}`]);
}

const good = ['y,a,b', '1,2,3', '2,1,5', '3,4,4', '4,3,8', '5,6,7', '6,5,9', '7,8,8'];
/** The good file with line `at` (1-based) replaced. */
const withLine = (at: number, text: string) => good.map((l, i) => (i + 1 === at ? text : l)).join('\n') + '\n';

// name, file text, the line the message must name
const defects: [string, string, number][] = [
  ['a row with fewer fields than the header', withLine(4, '3,4'), 4],
  ['a row with more fields than the header', withLine(5, '4,3,8,1'), 5],
  ['a ragged row after blank lines and a quoted field over two lines', withLine(3, '"2\n\n",1,5\n\n4,3'), 7],
  ['an unclosed quote (the line where it opens, not the end of the file)', withLine(3, '2,"1,5'), 3],
  ['an unclosed quote after a closed multi-line one', withLine(3, '"2\nx",1,"5'), 4],
  ['an escaped quote that leaves the field open', withLine(6, '6,"5"",9'), 6],
  ['a stray quote inside an unquoted field', withLine(4, '3,4"x,4'), 4],
  ['a stray character after a closing quote', withLine(5, '4,"3"x,8'), 5],
  ['a stray quote in a quoted field, with Windows line ends', withLine(7, '6,"5"x",9').replace(/\n/g, '\r\n'), 7],
];

describe('readiness analyze on a malformed CSV file', () => {
  for (const [name, text, line] of defects) {
    it(`exits 2 with one line naming line ${line}: ${name}`, async () => {
      const file = write(`analyze-${line}-${name.length}.csv`, text);
      expectOneLineError(await cli(['analyze', file, '--outcome', 'y']), line);
    });
  }

  it('exits 2 naming a column the header repeats, instead of using the first one', async () => {
    const file = write('duplicate.csv', good.map((l, i) => (i === 0 ? 'y,a,a' : l)).join('\n'));
    const r = await cli(['analyze', file, '--outcome', 'y', '--predictors', 'a']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/the CSV header repeats "a" \(columns 2 and 3\)/);
  });

  it('lists every duplicated column, even ones outside the model', async () => {
    const file = write('duplicates.csv', ['y,a,b,b,note,note', ...good.slice(1).map((l) => `${l},7,x,y`)].join('\n'));
    const r = await cli(['analyze', file, '--outcome', 'y', '--predictors', 'a']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/repeats "b" \(columns 3 and 4\), "note" \(columns 5 and 6\)/);
  });
});

// The report reads item-level files of the default instrument: the demo generator's CSV, damaged.
const demoLines = demoCsv({ n: 40, seed: 3 }).trimEnd().split('\n');
const damage = (at: number, edit: (line: string) => string) =>
  demoLines.map((l, i) => (i + 1 === at ? edit(l) : l)).join('\n') + '\n';
const reportDefects: [string, string, number][] = [
  ['a row with a field missing', damage(9, (l) => l.slice(0, l.lastIndexOf(','))), 9],
  ['a row with an extra field', damage(12, (l) => `${l},3`), 12],
  ['an unclosed quote', damage(7, (l) => l.replace(/,(\d)/, ',"$1')), 7],
  ['a stray quote', damage(20, (l) => l.replace(/,(\d)/, ',$1"')), 20],
];
const reportArgs = ['--instrument', 'default', '--unit', 'team', '--workflow', 'workflow', '--bootstrap', '0'];

describe('readiness report on a malformed CSV file', () => {
  const current = write('current.csv', demoCsv({ n: 40, seed: 4 }));
  for (const [name, text, line] of reportDefects) {
    it(`exits 2 with one line naming line ${line}: ${name}`, async () => {
      const file = write(`report-${line}.csv`, text);
      expectOneLineError(await cli(['report', file, ...reportArgs]), line);
    });

    it(`exits 2 with one line naming the previous wave and line ${line}: ${name} in --compare`, async () => {
      const previous = write(`previous-${line}.csv`, text);
      const r = await cli(['report', current, ...reportArgs, '--compare', previous]);
      expectOneLineError(r, line);
      expect(r.stderr).toContain(previous);
    });
  }

  it('says nothing about the current file when the previous wave is malformed', async () => {
    // An extra column in the current file would otherwise earn an "ignoring column" note first.
    const withId = write(
      'current-with-id.csv',
      demoLines.map((l, i) => `${i === 0 ? 'respondent' : i},${l}`).join('\n'),
    );
    const previous = write('previous-ragged.csv', reportDefects[0][1]);
    expectOneLineError(await cli(['report', withId, ...reportArgs, '--compare', previous]), reportDefects[0][2]);
  });

  it('exits 2 naming an item column the header repeats', async () => {
    const header = demoLines[0].split(',');
    const file = write(
      'report-duplicate.csv',
      [[...header, header[3]].join(','), ...demoLines.slice(1).map((l) => `${l},1`)].join('\n'),
    );
    const r = await cli(['report', file, ...reportArgs]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`repeats "${header[3]}" (columns 4 and ${header.length + 1})`);
  });
});
