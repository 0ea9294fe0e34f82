/** `readiness plan` in-process with a captured CliIO: the plan as sentences or JSON, and one-line errors (exit 2). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSurvey } from '../../analysis/planning/sample-size-plan.js';
import { main } from '../../server/cli.js';
import { instrument } from '../fixtures/demo-report-input.js';
import { captureIO } from '../helpers/cli-io.js';

async function plan(args: string[]) {
  const io = captureIO();
  const code = await main(['plan', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('readiness plan', () => {
  it('prints the expected responses, the interval width, the workflow verdict and the team minimum, one sentence per line', async () => {
    const r = await plan(['--invitations', '500', '--response-rate', '60%', '--workflows', '4']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('At a 60% response rate, 500 invitations should bring about 300 responses.');
    expect(lines[1]).toMatch(
      /known to about ±\d+ percentage points: if it is 67%, expect a 95% interval of about \d+–\d+%\./,
    );
    expect(r.stdout).toMatch(/too few for a recommendation of where to start, since a workflow needs 80/);
    expect(r.stdout).toMatch(/a team needs about 9 invitations at 60%/);
  });

  it('prints the same plan as the analysis as JSON, with its sentences, and reads the rate as 0.6 or 60%', async () => {
    const r = await plan([
      '--invitations',
      '500',
      '--response-rate',
      '0.6',
      '--workflows',
      '2',
      '--r2',
      '0.4',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const expected = planSurvey(instrument, {
      invitations: 500,
      response_rate: 0.6,
      workflows: 2,
      assumptions: { r2: 0.4 },
    });
    expect(json).toMatchObject(JSON.parse(JSON.stringify(expected)));
    expect(json.sentences.length).toBeGreaterThan(3);
    const percent = JSON.parse((await plan(['--invitations', '500', '--response-rate', '60%', '--json'])).stdout);
    expect(percent.expected_responses).toBe(300);
  });

  it('says how many more responses the breakdown needs when the plan is too small', async () => {
    const r = await plan(['--invitations', '10', '--response-rate', '0.7']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '3 more responses are needed for the breakdown (8 factors need at least 10 complete responses).',
    );
  });

  it.each([
    [['--invitations', '5x', '--response-rate', '0.6'], /--invitations takes a whole number ≥ 1 \(got "5x"\)/],
    [['--invitations', '0', '--response-rate', '0.6'], /--invitations takes a whole number ≥ 1/],
    [['--invitations', '100', '--response-rate', '1.5'], /--response-rate takes a proportion above 0 and at most 1/],
    [['--invitations', '100', '--response-rate', '0'], /--response-rate takes a proportion/],
    [['--invitations', '100', '--response-rate', 'most'], /--response-rate takes a proportion/],
    [['--invitations', '100'], /give --invitations and --response-rate/],
    [
      ['--invitations', '100', '--response-rate', '0.5', '--workflows', '-2'],
      /Option '--workflows' argument is ambiguous/,
    ],
    [['--invitations', '100', '--response-rate', '0.5', '--r2', '1.2'], /--r2 takes a number strictly between 0 and 1/],
    [
      ['--invitations', '100', '--response-rate', '0.5', '--org-share', '0.999'],
      /organizational share can only lie between/,
    ],
    [['--invitations', '100', '--response-rate', '0.5', '--bogus'], /Unknown option '--bogus'/],
    [
      ['--invitations', '100', '--response-rate', '0.5', '--instrument', '/no/such/file.json'],
      /cannot read instrument/,
    ],
  ])('exits 2 with one line on stderr and nothing on stdout for %j', async (args, message) => {
    const r = await plan(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^readiness plan: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('exits 2 with one line naming the file and its first problem, with its line, for an invalid instrument', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'readiness-plan-')), 'bad.json');
    writeFileSync(path, '{"id": 1}');
    const r = await plan(['--invitations', '100', '--response-rate', '0.5', '--instrument', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^readiness plan: invalid instrument ${path.replace(/[.]/g, '\\.')}: line 1, column 2: id: .*\\(and \\d+ more\\)\\n$`,
      ),
    );
  });

  it('prints its help with exit 0', async () => {
    const r = await plan(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: readiness plan --invitations <N> --response-rate <R>/);
  });
});
