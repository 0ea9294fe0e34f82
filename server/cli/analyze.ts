/**
 * `readiness analyze <file.csv> --outcome <column> [--predictors a,b,c] [--group name=a,b]… [--bootstrap n] [--seed s] [--unit col] [--json]`:
 * relative importance of the predictors for the outcome (LMG, group LMG, dominance, relative weights).
 */
import { readFile } from 'node:fs/promises';
import {
  bootstrapImportance,
  type BootstrapResult,
  type Interval,
} from '../../analysis/bootstrap/bootstrap-importance.js';
import { estimateImportance, type EstimatedImportanceResult } from '../../analysis/importance/importance-estimate.js';
import { relativeImportance, type ImportanceResult } from '../../analysis/importance/relative-importance.js';
import { MAX_SUBSET_PREDICTORS } from '../../analysis/importance/subset-r2.js';
import { icc } from '../../analysis/multilevel/icc.js';
import { reml } from '../../analysis/multilevel/reml.js';
import { analyzeJson, type MultilevelEntry } from './analyze-json.js';
import { commandArgs } from './command-args.js';
import { readCsvColumns, type CsvColumns } from './csv-columns.js';
import { CsvFileError } from './csv-records.js';
import type { CliIO } from './io.js';
import { progressBar } from './progress.js';

const HELP = `Usage: readiness analyze <file.csv> --outcome <column> [options]

Relative importance of predictors for one outcome: how R² splits by LMG (Shapley),
dominance analysis and Johnson's relative weights. Rows missing the outcome or a
predictor are dropped (listwise); empty, NA and NaN cells count as missing.

Options:
  --outcome <column>        the outcome column (required)
  --predictors <a,b,...>    predictor columns (default: every other column)
  --group <name=a,b,...>    treat these predictors as one player; repeatable
                            (e.g. --group organizational=decision_rights,data_access)
  --bootstrap <n>           add 95% intervals from n resamples of the rows: BCa (bias-corrected
                            and accelerated) for R², each LMG and each group, percentile for
                            each group's share of R² (up to ${MAX_SUBSET_PREDICTORS} predictors)
  --seed <integer>          seed of the resampling and of the cross-validation folds
                            (default 1; same seed, same numbers)
  --folds <k>               folds of the cross-validated R² (default 10)
  --unit <column>           unit (team) labels: adds ICC(1), ICC(2) and REML between/within
                            variances for the outcome and every predictor
  --json                    print one JSON document (keys n, n_dropped, r2, adj_r2, cv_r2,
                            betas, lmg, lmg_groups, dominance, relative_weights, ci,
                            warnings; lmg_se when estimated; ci.group_shares holds each
                            group's share-of-R² interval)
  -h, --help                show this help

Above ${MAX_SUBSET_PREDICTORS} predictors LMG values are estimated from sampled orderings (with standard
errors) and dominance analysis is left out. Exit codes: 0 ok, 2 bad usage or bad input
(unknown column, non-numeric cell, empty file, too few rows, constant column, …).
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = commandArgs(io, 'analyze', HELP, args, {
    outcome: { type: 'string' },
    predictors: { type: 'string' },
    group: { type: 'string', multiple: true },
    bootstrap: { type: 'string' },
    seed: { type: 'string' },
    folds: { type: 'string' },
    unit: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || !values.outcome) {
    io.err(`readiness analyze: give one CSV file and --outcome\n\n${HELP}`);
    return 2;
  }
  const outcome = values.outcome;
  try {
    const groups = parseGroups(values.group ?? []);
    const text = await readFile(positionals[0], 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new RangeError(`cannot read ${positionals[0]}: ${error.code ?? error.message}`);
    });
    const listed = values.predictors
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unit = values.unit;
    const data = readCsvColumns(
      text,
      (header) => [outcome, ...(listed ?? header.filter((h) => h !== outcome && h !== unit))],
      unit ? [unit] : [],
    );
    const model = { outcome, predictors: data.columns.slice(1), ...(groups ? { groups } : {}) };
    const seed = integerOption('--seed', values.seed ?? '1');
    const options = { seed, cvFolds: integerOption('--folds', values.folds ?? '10') };
    const exact = model.predictors.length <= MAX_SUBSET_PREDICTORS;
    const result = exact ? relativeImportance(data, model, options) : estimateImportance(data, model, options);
    let bootstrap: BootstrapResult | undefined;
    if (values.bootstrap !== undefined) {
      if (!exact)
        throw new RangeError(
          `--bootstrap works up to ${MAX_SUBSET_PREDICTORS} predictors; above that the LMG estimates carry standard errors (lmg_se)`,
        );
      const replicates = integerOption('--bootstrap', values.bootstrap);
      bootstrap = bootstrapImportance(data, model, { replicates, seed, onProgress: progressBar(io, 'bootstrap') });
    }
    const multilevel = unit ? multilevelFigures(data, unit) : undefined;
    io.out(
      values.json
        ? JSON.stringify(
            analyzeJson(result, bootstrap ? { result: bootstrap, seed } : undefined, multilevel),
            null,
            2,
          ) + '\n'
        : formatText(result, bootstrap, multilevel),
    );
    return 0;
  } catch (error) {
    if (error instanceof RangeError) {
      const hint =
        values.predictors || error instanceof CsvFileError
          ? ''
          : ' (the predictors defaulted to every other column; choose them with --predictors)';
      io.err(`readiness analyze: ${error.message}${hint}\n`);
      return 2;
    }
    throw error;
  }
}

/**
 * ICC(1), ICC(2) (analysis/multilevel/icc.ts) and REML between/within variances (analysis/multilevel/reml.ts) by unit for
 * the outcome and each predictor, over the complete model rows. Throws a RangeError when the unit
 * column has fewer than two units or the figures are undefined.
 */
function multilevelFigures(data: CsvColumns, unit: string): Record<string, MultilevelEntry> {
  const labels = data.text[unit];
  const complete = data.rows.map((row) => row.every((v) => v !== null));
  const units = labels.filter((_, r) => complete[r]);
  const out: Record<string, MultilevelEntry> = {};
  data.columns.forEach((name, c) => {
    const values = Float64Array.from(
      data.rows.filter((_, r) => complete[r]),
      (row) => row[c] as number,
    );
    try {
      const i = icc(values, units);
      const v = reml(values, units);
      out[name] = { icc1: i.icc1, icc2: i.icc2, between: v.between, within: v.within };
    } catch (error) {
      throw new RangeError(
        `--unit ${unit}: cannot compute the multilevel figures for "${name}": ${(error as Error).message}`,
      );
    }
  });
  return out;
}

function integerOption(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new RangeError(`${flag} takes a whole number (got "${text}")`);
  return Number(text);
}

/** `name=a,b` pairs into a groups record; undefined when none were given. */
function parseGroups(specs: readonly string[]): Record<string, string[]> | undefined {
  if (specs.length === 0) return undefined;
  const groups: Record<string, string[]> = {};
  for (const spec of specs) {
    const match = /^([^=]+)=(.+)$/.exec(spec);
    if (!match) throw new RangeError(`--group "${spec}" should look like name=predictor1,predictor2`);
    const name = match[1].trim();
    if (name in groups) throw new RangeError(`group "${name}" is given twice`);
    groups[name] = match[2]
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  return groups;
}

const num = (x: number) => x.toFixed(4);
const pct = (x: number, total: number) => `${((x / total) * 100).toFixed(1)}%`;
const range = (i: Interval | undefined) => (i ? `${num(i.lower)}–${num(i.upper)}` : '');
const methodName = (m: 'bca' | 'percentile') => (m === 'bca' ? 'BCa' : 'percentile');
const shareRange = (i: Interval | undefined) =>
  i ? `${(i.lower * 100).toFixed(1)}–${(i.upper * 100).toFixed(1)}%` : '';

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/** The headline in words: how R² splits between the groups (or the largest predictors without groups). */
function headline(r: ImportanceResult | EstimatedImportanceResult): string {
  const split = r.groupLmg ?? r.lmg;
  const parts = Object.entries(split)
    .sort((a, b) => b[1] - a[1])
    .map(
      ([name, v]) =>
        `${name} ${r.groupLmg ? 'accounts for' : ''}${r.groupLmg ? ' ' : ''}${Math.round((v / r.r2) * 100)}%`,
    );
  const shown = r.groupLmg ? parts : parts.slice(0, 3);
  const list = shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : shown[0];
  const what = r.groupLmg ? list : `the largest shares are ${list}`;
  return `Of the R² of ${r.r2.toFixed(2)} (n = ${r.n}), ${what}${'lmgSe' in r ? ' (estimated)' : ''}.\n`;
}

function formatText(
  r: ImportanceResult | EstimatedImportanceResult,
  boot?: BootstrapResult,
  multilevel?: Readonly<Record<string, MultilevelEntry>>,
): string {
  const out: string[] = [headline(r), '\n'];
  const ci = boot ? [`${Math.round(boot.level * 100)}% interval`] : [];
  const cv = r.cvR2 === null || r.cvR2 === undefined ? 'n/a' : num(r.cvR2);
  out.push(
    `Outcome ${r.outcome}: R² = ${num(r.r2)} (adjusted ${num(r.adjR2)}, cross-validated ${cv}), n = ${r.n}${r.dropped ? `, ${r.dropped} rows dropped for missing values` : ''}\n\n`,
  );
  if (r.groupLmg) {
    const rows = Object.entries(r.groupLmg).map(([name, v]) => [
      name,
      num(v),
      pct(v, r.r2),
      ...(boot ? [range(boot.groupLmg?.[name]), shareRange(boot.groupShare?.[name])] : []),
    ]);
    out.push(
      'Share of R² by group (each group one player)\n',
      table(['player', 'LMG', 'of R²', ...(boot ? [`LMG ${ci[0]}`, `of R² ${ci[0]}`] : [])], rows),
      '\n',
    );
  }
  const se = 'lmgSe' in r ? r.lmgSe : undefined;
  const rows = r.predictors.map((name) => [
    name,
    r.betas[name].toFixed(3),
    num(r.lmg[name]),
    ...(se ? [num(se[name])] : []),
    pct(r.lmg[name], r.r2),
    ...(boot ? [range(boot.lmg[name])] : []),
    num(r.relativeWeights.raw[name]),
    r.coefficients.slopes[name].toPrecision(4),
  ]);
  out.push(
    'By predictor\n',
    table(['predictor', 'beta', 'LMG', ...(se ? ['s.e.'] : []), 'of R²', ...ci, 'rel. weight', 'coefficient'], rows),
  );
  if (boot)
    out.push(
      `\nIntervals: bootstrap, ${boot.replicates} resamples${boot.failed ? ` (${boot.failed} skipped: constant or collinear)` : ''}; ${methodName(boot.method)} for R² and LMG, ${methodName(boot.shareMethod)} for the shares of R².\n${boot.notes.map((n) => `  ${n}\n`).join('')}`,
    );
  if ('dominance' in r) {
    const dominates: string[] = [];
    r.dominance.complete.forEach((row, i) =>
      row.forEach((v, j) => {
        if (v === 1) dominates.push(`  ${r.predictors[i]} > ${r.predictors[j]}`);
      }),
    );
    out.push(
      `\nComplete dominance (adds more R² to every subset of the others)\n${dominates.length ? dominates.join('\n') : '  none'}\n`,
    );
  }
  if (multilevel) {
    const mrows = Object.entries(multilevel).map(([name, m]) => [
      name,
      m.icc1.toFixed(3),
      m.icc2.toFixed(3),
      m.between.toPrecision(4),
      m.within.toPrecision(4),
    ]);
    out.push(
      '\nBy unit (ICC and REML variance components)\n',
      table(['variable', 'ICC(1)', 'ICC(2)', 'between', 'within'], mrows),
    );
  }
  if (r.warnings.length) out.push(`\nWarnings\n${r.warnings.map((w) => `  - ${w}`).join('\n')}\n`);
  return out.join('');
}
