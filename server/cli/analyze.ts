/**
 * `readiness analyze <file.csv> --outcome <column> [--predictors a,b,c] [--group name=a,b]… [--bootstrap n] [--json]`:
 * relative importance of the predictors for the outcome (LMG, group LMG, dominance, relative weights).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliIO } from './io.js';
import { readCsvColumns } from './csv-columns.js';
import type { ImportanceResult } from '../../analysis/relative-importance.js';
import { relativeImportance } from '../../analysis/relative-importance.js';
import type { BootstrapResult, Interval } from '../../analysis/bootstrap-importance.js';
import { bootstrapImportance } from '../../analysis/bootstrap-importance.js';

const HELP = `Usage: readiness analyze <file.csv> --outcome <column> [options]

Relative importance of predictors for one outcome: how R² splits by LMG (Shapley),
dominance analysis and Johnson's relative weights. Rows missing the outcome or a
predictor are dropped (listwise); empty, NA and NaN cells count as missing.

Options:
  --outcome <column>        the outcome column (required)
  --predictors <a,b,...>    predictor columns (default: every other column)
  --group <name=a,b,...>    treat these predictors as one player; repeatable
                            (e.g. --group organizational=decision_rights,data_access)
  --bootstrap <n>           add 95% percentile intervals from n resamples of the rows
  --seed <integer>          seed of the resampling (default 1; same seed, same intervals)
  --json                    print the full result as JSON
  -h, --help                show this help
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        outcome: { type: 'string' },
        predictors: { type: 'string' },
        group: { type: 'string', multiple: true },
        bootstrap: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`readiness analyze: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(HELP);
    return 0;
  }
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
    const listed = values.predictors?.split(',').map((s) => s.trim()).filter(Boolean);
    const data = readCsvColumns(text, (header) => [outcome, ...(listed ?? header.filter((h) => h !== outcome))]);
    const model = { outcome, predictors: data.columns.slice(1), ...(groups ? { groups } : {}) };
    const result = relativeImportance(data, model);
    const bootstrap =
      values.bootstrap === undefined
        ? undefined
        : bootstrapImportance(data, model, { replicates: integerOption('--bootstrap', values.bootstrap), seed: integerOption('--seed', values.seed ?? '1') });
    io.out(values.json ? JSON.stringify({ ...result, ...(bootstrap ? { bootstrap } : {}) }, null, 2) + '\n' : formatText(result, bootstrap));
    return 0;
  } catch (error) {
    if (error instanceof RangeError) {
      const hint = values.predictors ? '' : ' (the predictors defaulted to every other column; choose them with --predictors)';
      io.err(`readiness analyze: ${error.message}${hint}\n`);
      return 2;
    }
    throw error;
  }
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
    groups[name] = match[2].split(',').map((s) => s.trim()).filter(Boolean);
  }
  return groups;
}

const num = (x: number) => x.toFixed(4);
const pct = (x: number, total: number) => `${((x / total) * 100).toFixed(1)}%`;
const range = (i: Interval | undefined) => (i ? `${num(i.lower)}–${num(i.upper)}` : '');

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

function formatText(r: ImportanceResult, boot?: BootstrapResult): string {
  const out: string[] = [];
  const ci = boot ? [`${Math.round(boot.level * 100)}% interval`] : [];
  out.push(`Outcome ${r.outcome}: R² = ${num(r.r2)} (adjusted ${num(r.adjR2)}), n = ${r.n}${r.dropped ? `, ${r.dropped} rows dropped for missing values` : ''}\n\n`);
  if (r.groupLmg) {
    const rows = Object.entries(r.groupLmg).map(([name, v]) => [name, num(v), pct(v, r.r2), ...(boot ? [range(boot.groupLmg?.[name])] : [])]);
    out.push('Share of R² by group (each group one player)\n', table(['player', 'LMG', 'of R²', ...ci], rows), '\n');
  }
  const rows = r.predictors.map((name) => [
    name,
    num(r.lmg[name]),
    pct(r.lmg[name], r.r2),
    ...(boot ? [range(boot.lmg[name])] : []),
    num(r.relativeWeights.raw[name]),
    r.coefficients.slopes[name].toPrecision(4),
  ]);
  out.push('By predictor\n', table(['predictor', 'LMG', 'of R²', ...ci, 'rel. weight', 'coefficient'], rows));
  const dominates: string[] = [];
  r.dominance.complete.forEach((row, i) =>
    row.forEach((v, j) => {
      if (v === 1) dominates.push(`  ${r.predictors[i]} > ${r.predictors[j]}`);
    }),
  );
  if (boot) out.push(`\nIntervals: percentile bootstrap, ${boot.replicates} resamples${boot.failed ? ` (${boot.failed} skipped: constant or collinear)` : ''}.\n`);
  out.push(`\nComplete dominance (adds more R² to every subset of the others)\n${dominates.length ? dominates.join('\n') : '  none'}\n`);
  return out.join('');
}
