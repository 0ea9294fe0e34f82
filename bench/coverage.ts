/**
 * `npm run bench:coverage [-- --replications 200 --bootstrap 1000 --n 300 --seed 1 --level 0.95]`:
 * a simulation study of interval coverage. Each replication draws n respondents from a known
 * population (bench/coverage-population.ts: 8 factors, 5 organizational and 3 individual, like the
 * default instrument), runs the report's row bootstrap once (B resamples), and forms both the
 * percentile and the BCa interval (analysis/bootstrap/decomposition-intervals.ts) from the same
 * draws; it then counts how often each interval holds the true R², organizational LMG and
 * organizational share (its LMG / R²), computed from the population covariance with the same code.
 * These figures chose the report's methods (REPORT_METHODS).
 * Prints coverage with its Monte Carlo standard error √(p(1 − p)/R), the misses below and above,
 * and the mean width. Seeded: the same arguments give the same table.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { decompositionDraws, decompositionOf } from '../analysis/bootstrap/decomposition-bootstrap.js';
import { decompositionIntervals, REPORT_METHODS } from '../analysis/bootstrap/decomposition-intervals.js';
import { decompositionJackknife } from '../analysis/bootstrap/decomposition-jackknife.js';
import { mulberry32 } from '../analysis/linear/random.js';
import type { Interval, IntervalMethod } from '../analysis/report/report.js';
import { createPrng } from '../server/demo/prng.js';
import { drawRows, loadings, POPULATION_MODEL, populationTruth } from './coverage-population.js';

export interface CoverageOptions {
  readonly replications: number;
  readonly B: number;
  readonly n: number;
  readonly seed: number;
  readonly level: number;
}

/** Per figure and method: how often the interval held the truth, missed below (upper < truth) or above, and its mean width. */
export interface CoverageCell {
  readonly covered: number;
  readonly below: number;
  readonly above: number;
  readonly width: number;
}

export interface CoverageResult {
  readonly options: CoverageOptions;
  readonly truth: Readonly<Record<Figure, number>>;
  /** Replications whose BCa fell back to percentile, per figure. */
  readonly fallbacks: Readonly<Record<Figure, number>>;
  readonly cells: Readonly<Record<Figure, Readonly<Record<IntervalMethod, CoverageCell>>>>;
}

/** R², the organizational group LMG (in R² units) and the organizational share (its LMG / R²). */
export type Figure = 'r2' | 'org_lmg' | 'org_share';

const FIGURES: readonly [Figure, string][] = [
  ['r2', 'R²'],
  ['org_lmg', 'organizational LMG'],
  ['org_share', 'organizational share'],
];

const METHODS: readonly IntervalMethod[] = ['percentile', 'bca'];

/** Runs the study; `onReplication(done, total)` after each replication. */
export function coverageStudy(
  options: CoverageOptions,
  onReplication?: (done: number, total: number) => void,
): CoverageResult {
  const { replications, B, n, seed, level } = options;
  const a = loadings();
  const truth = populationTruth(a);
  const tally = () => ({ covered: 0, below: 0, above: 0, width: 0 });
  const cells = Object.fromEntries(FIGURES.map(([f]) => [f, { percentile: tally(), bca: tally() }])) as Record<
    Figure,
    Record<IntervalMethod, ReturnType<typeof tally>>
  >;
  const fallbacks: Record<Figure, number> = { r2: 0, org_lmg: 0, org_share: 0 };
  const truths: Record<Figure, number> = {
    r2: truth.r2,
    org_lmg: truth.groups.organizational,
    org_share: truth.org_share,
  };
  const statisticOf: Record<Figure, string> = { r2: 'r2', org_lmg: 'group_lmg', org_share: 'share' };
  const count = (cell: { -readonly [K in keyof CoverageCell]: number }, i: Interval, value: number) => {
    if (i[1] < value) cell.below++;
    else if (i[0] > value) cell.above++;
    else cell.covered++;
    cell.width += (i[1] - i[0]) / replications;
  };
  for (let r = 0; r < replications; r++) {
    // Separate streams for the sample and its resamples, both fixed by (seed, r).
    const rows = drawRows(n, createPrng(seed * 1_000_003 + 2 * r).normal, a);
    const d = decompositionOf(rows, POPULATION_MODEL);
    if (!d) throw new Error(`replication ${r}: the sample is degenerate`);
    const estimate = {
      r2: d.r2,
      lmg: Object.fromEntries(POPULATION_MODEL.predictors.map((p, i) => [p, d.lmg[i]])),
      groups: { organizational: d.groups[0], individual: d.groups[1] },
    };
    const draws = decompositionDraws(rows, POPULATION_MODEL, B, mulberry32(seed * 1_000_003 + 2 * r + 1));
    const jackknife = decompositionJackknife(rows, POPULATION_MODEL, mulberry32(seed));
    for (const method of METHODS) {
      const iv = decompositionIntervals(draws, estimate, jackknife, level, method);
      const got: Record<Figure, Interval | null> = {
        r2: iv.r2,
        org_lmg: iv.groups.organizational,
        org_share: iv.shares.organizational,
      };
      for (const [f] of FIGURES) {
        count(cells[f][method], got[f]!, truths[f]);
        if (iv.fallbacks.some((x) => x.statistic === statisticOf[f] && (f === 'r2' || x.name === 'organizational')))
          fallbacks[f]++;
      }
    }
    onReplication?.(r + 1, replications);
  }
  return { options, truth: truths, fallbacks, cells };
}

/** The study's table as text. */
export function coverageText(result: CoverageResult): string {
  const { options: o, truth, cells, fallbacks } = result;
  const R = o.replications;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `Coverage of nominal ${pct(o.level)} intervals: n = ${o.n}, ${R} replications, B = ${o.B} resamples each, seed ${o.seed}`,
    `True R² = ${truth.r2.toFixed(4)}, organizational LMG = ${truth.org_lmg.toFixed(4)}, organizational share = ${truth.org_share.toFixed(4)} (population covariance, same LMG code)`,
    '',
    `${'figure'.padEnd(22)}${'method'.padEnd(12)}${'coverage'.padStart(9)}${'± MC s.e.'.padStart(11)}${'missed below'.padStart(14)}${'above'.padStart(7)}${'mean width'.padStart(12)}`,
  ];
  for (const [figure, label] of FIGURES)
    for (const method of METHODS) {
      const c = cells[figure][method];
      const p = c.covered / R;
      lines.push(
        `${label.padEnd(22)}${method.padEnd(12)}${pct(p).padStart(9)}${pct(Math.sqrt((p * (1 - p)) / R)).padStart(11)}${String(c.below).padStart(14)}${String(c.above).padStart(7)}${c.width.toFixed(4).padStart(12)}`,
      );
    }
  lines.push(
    '',
    `"missed below": the interval lay below the truth. BCa fell back to percentile (replications of ${R}): ${FIGURES.map(([f, label]) => `${label} ${fallbacks[f]}`).join(', ')}.`,
    `The report and the CLI use (REPORT_METHODS): ${REPORT_METHODS.r2} for R², ${REPORT_METHODS.lmg} for the LMG values, ${REPORT_METHODS.shares} for the shares.`,
  );
  return lines.join('\n') + '\n';
}

function main(): void {
  const { values } = parseArgs({
    options: {
      replications: { type: 'string', default: '200' },
      bootstrap: { type: 'string', default: '1000' },
      n: { type: 'string', default: '300' },
      seed: { type: 'string', default: '1' },
      level: { type: 'string', default: '0.95' },
    },
  });
  const options = {
    replications: Number(values.replications),
    B: Number(values.bootstrap),
    n: Number(values.n),
    seed: Number(values.seed),
    level: Number(values.level),
  };
  for (const [k, v] of Object.entries(options))
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`--${k} must be a positive number (got ${v})`);
  const started = process.hrtime.bigint();
  const result = coverageStudy(options, (done, total) => {
    if (done % 20 === 0 || done === total) process.stderr.write(`\r${done}/${total} replications`);
  });
  process.stderr.write('\n');
  process.stdout.write(coverageText(result));
  process.stdout.write(`(${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s)\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
