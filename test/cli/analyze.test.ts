import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify, stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bootstrapImportance } from '../../analysis/bootstrap/bootstrap-importance.js';
import { icc } from '../../analysis/multilevel/icc.js';
import { reml } from '../../analysis/multilevel/reml.js';
import { main } from '../../server/cli.js';
import { expectClose, loadReference, type SwissCase } from '../analysis/reference-case.js';
import { captureIO } from '../helpers/cli-io.js';

interface AnalyzeOutput {
  n: number;
  n_dropped: number;
  r2: number;
  adj_r2: number;
  cv_r2: number | null;
  betas: Record<string, number>;
  lmg: Record<string, number>;
  lmg_groups: Record<string, number>;
  dominance: {
    general: Record<string, number>;
    conditional: Record<string, number[]>;
    complete: Record<string, Record<string, boolean | null>>;
  };
  relative_weights: Record<string, number>;
  ci: {
    level: number;
    B: number;
    seed: number;
    r2: [number, number];
    lmg: Record<string, [number, number]>;
    lmg_groups: Record<string, [number, number]>;
    method: string;
    share_method: string;
    group_shares: Record<string, [number, number]>;
    notes: string[];
  };
  multilevel: Record<string, { icc1: number; icc2: number; between: number; within: number }>;
  warnings: string[];
}

// Expected values: R 4.2.2 on datasets::swiss (swiss_fertility.json): stats::lm, relaimpo 2.2-7
// calc.relimp(type = "lmg", groups = …), domir 1.2.0, rwa 0.1.0.
const swiss = loadReference<SwissCase>('swiss_fertility.json');
const e = swiss.expected;
const fixture = fileURLToPath(new URL('../fixtures/swiss.csv', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const predictorArgs = ['--outcome', 'Fertility', '--predictors', swiss.predictors.join(',')];
const groupArgs = Object.entries(swiss.groups).flatMap(([name, members]) => [
  '--group',
  `${name}=${members.join(',')}`,
]);

const dir = mkdtempSync(join(tmpdir(), 'readiness-analyze-'));
// The reference data plus a unit label (4 made-up units) and a free-text column outside the model.
const units = swiss.data.rows.map((_, r) => `canton${r % 4}`);
const withUnit = join(dir, 'swiss-units.csv');
writeFileSync(
  withUnit,
  [
    [...swiss.data.columns, 'unit', 'note'].join(','),
    ...swiss.data.rows.map((r, i) => [...r.map(String), units[i], '"free, text"'].join(',')),
  ].join('\n'),
);

async function analyze(args: string[], tty = false): Promise<{ code: number; io: ReturnType<typeof captureIO> }> {
  const io = captureIO(tty);
  const code = await main(['analyze', ...args], io);
  return { code, io };
}

/** Sample standard deviation of one reference column. */
const sd = (name: string) => {
  const c = swiss.data.columns.indexOf(name);
  const xs = swiss.data.rows.map((r) => r[c] as number);
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};

describe('readiness analyze --json on the swiss reference CSV', () => {
  it('prints every key of the contract with the values relaimpo, domir and rwa give', async () => {
    const { code, io } = await analyze([fixture, ...predictorArgs, ...groupArgs, '--json']);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout) as AnalyzeOutput;
    for (const key of [
      'n',
      'n_dropped',
      'r2',
      'adj_r2',
      'cv_r2',
      'betas',
      'lmg',
      'lmg_groups',
      'dominance',
      'relative_weights',
      'warnings',
    ])
      expect(out).toHaveProperty(key);
    expect(out).not.toHaveProperty('ci');
    expect(out.n).toBe(e.n_used);
    expect(out.n_dropped).toBe(0);
    expectClose(out.r2, e.r2);
    expectClose(out.adj_r2, e.adj_r2);
    expect(out.cv_r2).toBeLessThan(out.r2);
    for (const name of swiss.predictors) {
      // Standardized beta = lm slope × sd(x) / sd(y).
      expectClose(out.betas[name], (e.coefficients[name] * sd(name)) / sd('Fertility'));
      expectClose(out.lmg[name], e.lmg[name]);
      expectClose(out.dominance.general[name], e.dominance.general[name]);
      e.dominance.conditional[name].forEach((v, k) => expectClose(out.dominance.conditional[name][k], v));
      expectClose(out.relative_weights[name], e.relative_weights.raw[name]);
    }
    for (const [group, v] of Object.entries(e.lmg_groups)) expectClose(out.lmg_groups[group], v);
    // domir's 1 / 0 / 0.5 matrix as true / false / null, diagonal left out.
    swiss.predictors.forEach((a, i) => {
      expect(Object.keys(out.dominance.complete[a])).toEqual(swiss.predictors.filter((b) => b !== a));
      swiss.predictors.forEach((b, j) => {
        if (i !== j)
          expect(out.dominance.complete[a][b]).toBe(
            ({ 1: true, 0: false, 0.5: null } as Record<number, boolean | null>)[e.dominance.complete[i][j]],
          );
      });
    });
    // 47 rows for 5 predictors is fewer than 10 per predictor.
    expect(out.warnings.join('\n')).toMatch(/only 47 complete rows for 5 predictors/);
  });

  it('adds ci with level, B, seed and the intervals of the analysis layer when bootstrapping', async () => {
    const { code, io } = await analyze([
      fixture,
      ...predictorArgs,
      ...groupArgs,
      '--bootstrap',
      '60',
      '--seed',
      '5',
      '--json',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout) as AnalyzeOutput;
    const direct = bootstrapImportance(
      swiss.data,
      { outcome: 'Fertility', predictors: swiss.predictors, groups: swiss.groups },
      { replicates: 60, seed: 5 },
    );
    expect(out.ci.level).toBe(0.95);
    expect(out.ci.B).toBe(60);
    expect(out.ci.seed).toBe(5);
    expect(out.ci.r2).toEqual([direct.r2.lower, direct.r2.upper]);
    for (const name of swiss.predictors)
      expect(out.ci.lmg[name]).toEqual([direct.lmg[name].lower, direct.lmg[name].upper]);
    expect(out.ci.lmg_groups.group1).toEqual([direct.groupLmg?.group1.lower, direct.groupLmg?.group1.upper]);
    expect(out.ci.method).toBe('bca');
    expect(out.ci.share_method).toBe('percentile');
    expect(out.ci.notes).toEqual([]);
    // The headline's interval: each group's share of R², on the share scale (not R² units).
    for (const g of ['group1', 'group2']) {
      const share = out.lmg_groups[g] / out.r2;
      expect(out.ci.group_shares[g]).toEqual([direct.groupShare![g].lower, direct.groupShare![g].upper]);
      expect(out.ci.group_shares[g][0]).toBeLessThan(share);
      expect(out.ci.group_shares[g][1]).toBeGreaterThan(share);
      expect(out.ci.group_shares[g][1]).toBeGreaterThan(out.ci.lmg_groups[g][1]);
    }
  });

  it('draws a bootstrap progress bar on stderr only when it is a terminal, leaving stdout unchanged', async () => {
    const args = [fixture, ...predictorArgs, '--bootstrap', '30', '--json'];
    const tty = await analyze(args, true);
    const pipe = await analyze(args, false);
    expect(stripVTControlCharacters(tty.io.stderr)).toMatch(/bootstrap \[#{20}\] 30\/30/);
    expect(pipe.io.stderr).toBe('');
    expect(tty.io.stdout).toBe(pipe.io.stdout);
  });

  it('adds multilevel ICC and REML figures for the outcome and every predictor with --unit', async () => {
    const { code, io } = await analyze([withUnit, ...predictorArgs, '--unit', 'unit', '--json']);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout) as AnalyzeOutput;
    expect(Object.keys(out.multilevel)).toEqual(['Fertility', ...swiss.predictors]);
    for (const entry of Object.values(out.multilevel))
      expect(Object.keys(entry).sort()).toEqual(['between', 'icc1', 'icc2', 'within']);
    const educ = Float64Array.from(swiss.data.rows, (r) => r[swiss.data.columns.indexOf('Education')] as number);
    expect(out.multilevel.Education.icc1).toBe(icc(educ, units).icc1);
    expect(out.multilevel.Education.within).toBe(reml(educ, units).within);
    expectClose(out.r2, e.r2); // the unit column is not a predictor
  });
});

describe('readiness analyze above 24 predictors', () => {
  it('prints sampled LMG with lmg_se, no dominance, and says so in warnings', async () => {
    let seed = 1;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
    const p = 26;
    const header = ['y', ...Array.from({ length: p }, (_, i) => `x${i + 1}`)];
    const rows = Array.from({ length: 300 }, () => {
      const x = Array.from({ length: p }, () => next());
      return [x.reduce((s, v, i) => s + v / (i + 1), 0) + next(), ...x];
    });
    const wide = join(dir, 'wide.csv');
    writeFileSync(wide, [header.join(','), ...rows.map((r) => r.join(','))].join('\n'));
    const { code, io } = await analyze([wide, '--outcome', 'y', '--json']);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout) as AnalyzeOutput & { lmg_se: Record<string, number> };
    expect(Object.keys(out.lmg_se)).toEqual(header.slice(1));
    expect(out).not.toHaveProperty('dominance');
    expect(out.warnings.join('\n')).toMatch(/26 predictors exceed the exact limit of 24/);
    expectClose(
      Object.values(out.lmg).reduce((a, b) => a + b, 0),
      out.r2,
      1e-12,
    );
    const boot = await analyze([wide, '--outcome', 'y', '--bootstrap', '10']);
    expect(boot.code).toBe(2);
    expect(boot.io.stderr).toMatch(/--bootstrap works up to 24 predictors/);
  });
});

describe('readiness analyze as a table', () => {
  it('starts with the split in words, then R² and the per-group table', async () => {
    const { code, io } = await analyze([fixture, ...predictorArgs, ...groupArgs]);
    expect(code).toBe(0);
    // 0.2383978 / 0.7067350 = 33.7 % and 0.4683 / 0.7067 = 66.3 % (relaimpo groups).
    expect(io.stdout.split('\n')[0]).toBe(
      'Of the R² of 0.71 (n = 47), group2 accounts for 66% and group1 accounts for 34%.',
    );
    expect(io.stdout).toMatch(/R² = 0\.7067 \(adjusted 0\.6710, cross-validated 0\.\d{4}\), n = 47/);
    expect(io.stdout).toMatch(/group1\s+0\.2384\s+33\.7%/);
    expect(io.stdout).toMatch(/Education > Agriculture/);
    expect(io.stdout).toMatch(/Warnings\n {2}- only 47 complete rows/);
  });

  it('shows the intervals of each group LMG and of its share of R² beside the share, and says which', async () => {
    const { code, io } = await analyze([fixture, ...predictorArgs, ...groupArgs, '--bootstrap', '60', '--seed', '5']);
    expect(code).toBe(0);
    const boot = bootstrapImportance(
      swiss.data,
      { outcome: 'Fertility', predictors: swiss.predictors, groups: swiss.groups },
      { replicates: 60, seed: 5 },
    );
    const g = boot.groupLmg!.group1;
    const s = boot.groupShare!.group1;
    const share = `${(s.lower * 100).toFixed(1)}–${(s.upper * 100).toFixed(1)}%`;
    expect(io.stdout).toMatch(
      new RegExp(`group1\\s+0\\.2384\\s+33\\.7%\\s+${g.lower.toFixed(4)}–${g.upper.toFixed(4)}\\s+${share}\\n`),
    );
    expect(io.stdout).toContain(
      'Intervals: bootstrap, 60 resamples; BCa for R² and LMG, percentile for the shares of R².',
    );
  });
});

/** Writes the swiss reference data with column `name` mapped through `f` (as the CLI would read it). */
function swissWith(file: string, name: string, f: (v: number) => number): string {
  const c = swiss.data.columns.indexOf(name);
  const path = join(dir, file);
  writeFileSync(
    path,
    [
      swiss.data.columns.join(','),
      ...swiss.data.rows.map((r) => r.map((v, i) => String(i === c ? f(v as number) : v)).join(',')),
    ].join('\n'),
  );
  return path;
}

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('readiness analyze on a column far from zero', () => {
  // Education holds whole numbers, so Education + 1e12 is exact and any difference is the computation's.
  const shifted = swissWith('swiss-shifted.csv', 'Education', (v) => v + 1e12);
  for (const folds of ['3', '5', '10']) {
    it(`gives the R², CV R² and LMG of the unshifted file to 1e-9 relative with --folds ${folds}`, async () => {
      const plain = await analyze([fixture, ...predictorArgs, '--folds', folds, '--json']);
      const far = await analyze([shifted, ...predictorArgs, '--folds', folds, '--json']);
      expect(far.code).toBe(0);
      const a = JSON.parse(plain.io.stdout) as AnalyzeOutput;
      const b = JSON.parse(far.io.stdout) as AnalyzeOutput;
      expect(relativeError(b.r2, a.r2)).toBeLessThan(1e-9);
      expect(relativeError(b.cv_r2 ?? NaN, a.cv_r2 ?? NaN)).toBeLessThan(1e-9);
      for (const name of swiss.predictors) expect(relativeError(b.lmg[name], a.lmg[name]), name).toBeLessThan(1e-9);
    });
  }
});

describe('readiness analyze on a column in tiny units', () => {
  it('gives the LMG shares of the unscaled file to 1e-9 relative when a predictor is scaled by 1e-15', async () => {
    const scaled = swissWith('swiss-scaled.csv', 'Agriculture', (v) => v * 1e-15);
    const plain = await analyze([fixture, ...predictorArgs, '--json']);
    const tiny = await analyze([scaled, ...predictorArgs, '--json']);
    expect(tiny.io.stderr).toBe('');
    expect(tiny.code).toBe(0);
    const a = JSON.parse(plain.io.stdout) as AnalyzeOutput;
    const b = JSON.parse(tiny.io.stdout) as AnalyzeOutput;
    expect(relativeError(b.r2, a.r2)).toBeLessThan(1e-9);
    for (const name of swiss.predictors)
      expect(relativeError(b.lmg[name] / b.r2, a.lmg[name] / a.r2), name).toBeLessThan(1e-9);
  });
});

describe('readiness analyze on bad input', () => {
  it('exits 2 naming an unknown column', async () => {
    const { code, io } = await analyze([fixture, '--outcome', 'Fertility', '--predictors', 'Agriculture,Height']);
    expect(code).toBe(2);
    expect(io.stderr).toMatch(/column "Height" is not in the CSV header/);
  });

  it('exits 2 naming the row and column of a non-numeric cell', async () => {
    const { code, io } = await analyze([withUnit, '--outcome', 'Fertility']);
    expect(code).toBe(2);
    expect(io.stderr).toMatch(/row 1 \(line 2\), column "unit": "canton0" is not a number/);
  });

  it('exits 2 saying a constant outcome has no variance to explain, unlike a constant predictor', async () => {
    const flat = swissWith('swiss-flat-outcome.csv', 'Fertility', () => 70);
    const outcome = await analyze([flat, ...predictorArgs]);
    expect(outcome.code).toBe(2);
    expect(outcome.io.stderr).toMatch(/the outcome "Fertility" has no variance: it is 70 in all 47 complete rows/);
    expect(outcome.io.stderr).not.toMatch(/remove it/);
    const predictor = await analyze([swissWith('swiss-flat-predictor.csv', 'Catholic', () => 70), ...predictorArgs]);
    expect(predictor.code).toBe(2);
    expect(predictor.io.stderr).toMatch(
      /column "Catholic" is constant over the 47 complete rows; remove it from the model/,
    );
  });

  it('exits 2 for an empty file', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const { code, io } = await analyze([empty, '--outcome', 'Fertility']);
    expect(code).toBe(2);
    expect(io.stderr).toMatch(/the CSV file is empty/);
  });

  it('exits 2 for the other usage and input errors, each with its message', async () => {
    const cases: [string[], RegExp][] = [
      [[fixture], /give one CSV file and --outcome/],
      [[join(dir, 'missing.csv'), '--outcome', 'Fertility'], /cannot read .*missing\.csv: ENOENT/],
      [
        [fixture, '--outcome', 'Fertility', '--predictors', 'Agriculture', '--group', 'oops'],
        /--group "oops" should look like name=/,
      ],
      [[fixture, '--outcome', 'Fertility', '--bogus'], /Unknown option '--bogus'/],
      [
        [fixture, '--outcome', 'Fertility', '--predictors', 'Agriculture', '--bootstrap', '1e3'],
        /--bootstrap takes a whole number \(got "1e3"\)/,
      ],
      [
        [fixture, '--outcome', 'Fertility', '--predictors', 'Agriculture', '--unit', 'Region'],
        /column "Region" is not in the CSV header/,
      ],
    ];
    for (const [args, message] of cases) {
      const { code, io } = await analyze(args);
      expect(code, args.join(' ')).toBe(2);
      expect(io.stderr).toMatch(message);
    }
  });
});

describe('the readiness binary', () => {
  it('runs analyze on the swiss fixture from the command line and prints the relaimpo R²', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        'bin/readiness.js',
        'analyze',
        'test/fixtures/swiss.csv',
        '--outcome',
        'Fertility',
        '--predictors',
        'Agriculture,Examination,Education,Catholic,Infant.Mortality',
        '--json',
      ],
      { cwd: repoRoot },
    );
    expectClose((JSON.parse(stdout) as AnalyzeOutput).r2, e.r2);
  }, 30_000);
});
