/**
 * `readiness report FILE.csv --instrument default|PATH [--unit COL] [--workflow COL] [--comment COL]
 * [--threshold K] [--bootstrap B] [--seed S] [--compare PREVIOUS.csv] [--json]`: item-level survey
 * data → the full Report (analysis/report/build-report.ts), optionally with the change since the previous
 * wave (./report-waves.ts), as text or as one JSON document.
 */
import { readFile } from 'node:fs/promises';
import { buildReport, type ReportResponse } from '../../analysis/report/build-report.js';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { InstrumentError } from '../instruments/load.js';
import { integerOption, loadInstrument, UsageError } from './cli-options.js';
import { commandArgs } from './command-args.js';
import { readCsvColumns } from './csv-columns.js';
import { parseCsvRecords } from './csv-records.js';
import type { CliIO } from './io.js';
import { progressBar } from './progress.js';
import { reportText } from './report-table.js';
import { compareForReport, wavesText, type WavesResult } from './report-waves.js';

const HELP = `Usage: readiness report <file.csv> --instrument default|<instrument.json|.yaml> [options]

The full survey report from item-level data: one row per respondent, one column per
item id of the instrument (empty = not answered, NA = does not apply: both missing;
format: docs/item-csv.md). Scale scores and alphas, the
organizational vs individual split of the outcome, multilevel figures by team,
segments, priorities and the workflow to start with, all with anonymity suppression.

Options:
  --instrument <default|path>  the instrument the items belong to, a JSON or YAML file (required)
  --unit <column>              the respondent's team (enables multilevel and unit figures)
  --workflow <column>          the respondent's primary workflow (enables the recommendation)
  --comment <column>           free-text comments (shown only when at least 10 exist)
  --threshold <K>              anonymity threshold: no figure for fewer than K responses (default 5)
  --bootstrap <B>              bootstrap resamples for the intervals (default 1000; 0 = none)
  --seed <integer>             seed of the resampling (default 1)
  --compare <previous.csv>     the previous wave's item-level CSV (same instrument and columns):
                               adds the change in every scale mean and in the organizational
                               share, with bootstrap intervals (same --bootstrap and --seed)
  --json                       print the report as one JSON document
  -h, --help                   show this help

With --compare and --json the document has a "waves" key:
  { "suppressed": false,
    "n": { "a": <previous n>, "b": <current n> },
    "scales": [ { "id", "title", "a", "b", "change": b − a, "ci": [lo, hi] | null } ],
    "org_share": { "a", "b", "change", "ci" } | null,   (organizational LMG / R²)
    "bootstrap": { "B", "seed", "level", "failed" } | null }
or, when either wave has fewer than K responses (no figure of the comparison is shown):
  { "suppressed": true, "n_below": K, "reason": "the previous wave has fewer than K responses" }
`;

async function readText(path: string, what: string): Promise<string> {
  return readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${what}${path}: ${error.code ?? error.message}`);
  });
}

/**
 * Text columns (team, workflow, comment) by header name, one value per data line; empty or NA
 * cells become null. Throws RangeError naming a column that is not in the header (or, from
 * ./csv-records.ts, the line of a malformed record).
 */
export function readCsvLabels(text: string, names: readonly string[]): Record<string, (string | null)[]> {
  const [header, ...body] = parseCsvRecords(text);
  if (!header) throw new RangeError('the CSV file is empty; it needs a header line and data lines');
  return Object.fromEntries(
    names.map((name) => {
      const i = header.indexOf(name);
      if (i < 0) throw new RangeError(`column "${name}" is not in the CSV header (${header.join(', ')})`);
      return [name, body.map((record) => (record[i] === '' || record[i] === 'NA' ? null : record[i]))];
    }),
  );
}

/**
 * Reads and checks the CSV: every instrument item must be a column, every answer an integer on the
 * Likert range. Columns that are neither items nor named by --unit / --workflow / --comment (a
 * respondent id, a timestamp from another survey tool) are ignored and returned so the caller can
 * say so. Throws UsageError (or RangeError from the CSV reader) naming line and column.
 */
function responsesFromCsv(
  text: string,
  instrument: Instrument,
  labels: { unit?: string; workflow?: string; comment?: string },
): { responses: ReportResponse[]; ignored: string[] } {
  const items = instrument.scales.flatMap((s) => s.items.map((i) => i.id));
  const named = Object.values(labels).filter((v): v is string => v !== undefined);
  let ignored: string[] = [];
  const data = readCsvColumns(text, (header) => {
    const missing = items.filter((id) => !header.includes(id));
    if (missing.length > 0)
      throw new UsageError(
        `the CSV lacks ${missing.length === 1 ? 'item' : 'items'} ${missing.map((m) => `"${m}"`).join(', ')} of instrument "${instrument.id}"`,
      );
    const absent = named.filter((n) => !header.includes(n));
    if (absent.length > 0)
      throw new UsageError(
        `column ${absent.map((a) => `"${a}"`).join(', ')} is not in the CSV header (${header.join(', ')})`,
      );
    ignored = header.filter((h) => !items.includes(h) && !named.includes(h));
    return items;
  });
  if (data.rows.length === 0) throw new UsageError('the CSV file has a header but no responses');
  const { min, max } = instrument.likert;
  data.rows.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== null && (!Number.isInteger(v) || v < min || v > max))
        throw new UsageError(
          `row ${r + 1} (line ${r + 2}), column "${data.columns[c]}": ${v} is not an answer from ${min} to ${max}`,
        );
    }),
  );
  const text_ = named.length > 0 ? readCsvLabels(text, named) : {};
  const responses = data.rows.map((row, r) => ({
    unit: labels.unit ? text_[labels.unit][r] : null,
    workflow: labels.workflow ? text_[labels.workflow][r] : null,
    comment: labels.comment ? text_[labels.comment][r] : null,
    answers: Object.fromEntries(items.map((id, c) => [id, row[c]])),
  }));
  return { responses, ignored };
}

/** The previous wave's CSV read like the main file; any problem becomes a UsageError naming the file. */
async function readPrevious(
  path: string,
  instrument: Instrument,
  labels: { unit?: string; workflow?: string; comment?: string },
) {
  const text = await readText(path, 'the previous wave ');
  try {
    return responsesFromCsv(text, instrument, labels);
  } catch (error) {
    if (error instanceof UsageError || error instanceof RangeError)
      throw new UsageError(`previous wave ${path}: ${error.message}`);
    throw error;
  }
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = commandArgs(io, 'report', HELP, args, {
    instrument: { type: 'string' },
    unit: { type: 'string' },
    workflow: { type: 'string' },
    comment: { type: 'string' },
    threshold: { type: 'string' },
    bootstrap: { type: 'string' },
    seed: { type: 'string' },
    compare: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || !values.instrument) {
    io.err(`readiness report: give one CSV file and --instrument\n\n${HELP}`);
    return 2;
  }
  try {
    const threshold = integerOption('--threshold', values.threshold, 5, 1);
    const bootstrap = integerOption('--bootstrap', values.bootstrap, 1000, 0);
    if (bootstrap === 1) throw new UsageError('--bootstrap takes 0 (no intervals) or at least 2');
    const seed = integerOption('--seed', values.seed, 1, 0);
    const instrument = await loadInstrument(values.instrument);
    const labels = { unit: values.unit, workflow: values.workflow, comment: values.comment };
    const ignoredNote = (ignored: string[], where: string) => {
      if (ignored.length > 0)
        io.err(
          `readiness report: ${where}ignoring ${ignored.length === 1 ? 'column' : 'columns'} ${ignored.map((c) => `"${c}"`).join(', ')} (not items of instrument "${instrument.id}"; name a team, workflow or comment column with --unit / --workflow / --comment)\n`,
        );
    };
    const { responses, ignored } = responsesFromCsv(await readText(positionals[0], ''), instrument, labels);
    const previous = values.compare === undefined ? undefined : await readPrevious(values.compare, instrument, labels);
    // Notes only once both files are read, so a bad previous wave is the one line on stderr.
    ignoredNote(ignored, '');
    if (previous) ignoredNote(previous.ignored, `previous wave ${values.compare}: `);
    const report = buildReport({
      instrument,
      responses,
      threshold,
      bootstrap,
      seed,
      onProgress: progressBar(io, 'bootstrap'),
    });
    const waves: WavesResult | undefined =
      previous &&
      compareForReport({
        instrument,
        previous: previous.responses,
        current: responses,
        threshold,
        B: bootstrap,
        seed,
        onProgress: progressBar(io, 'waves bootstrap'),
      });
    if (values.json) io.out(`${JSON.stringify(waves ? { ...report, waves } : report, null, 2)}\n`);
    else io.out(reportText(report, waves ? wavesText(waves) : ''));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof RangeError || error instanceof InstrumentError) {
      io.err(`readiness report: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
