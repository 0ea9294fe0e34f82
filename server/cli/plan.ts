/**
 * `readiness plan --invitations N --response-rate R [--workflows K] [--threshold K] [--instrument FILE]
 * [--r2 X] [--org-share X] [--json]`: before a survey opens, what its responses will allow
 * (analysis/planning/sample-size-plan.ts), as sentences or as one JSON document.
 */
import { parseArgs } from 'node:util';
import { planSentences } from '../../analysis/planning/plan-sentences.js';
import { DEFAULT_ASSUMPTIONS } from '../../analysis/planning/planning-population.js';
import { planSurvey } from '../../analysis/planning/sample-size-plan.js';
import { InstrumentError } from '../instruments/load.js';
import { integerOption, loadInstrument, UsageError } from './cli-options.js';
import type { CliIO } from './io.js';

const HELP = `Usage: readiness plan --invitations <N> --response-rate <R> [options]

What a survey of N invitations at an expected response rate will allow: the expected
responses, whether the variance breakdown can be computed, the expected width of the
95% interval on the organizational share, whether a workflow recommendation can be
made, and how many invitations a team needs for its own figures.

Options:
  --invitations <N>        invitations you plan to send (required)
  --response-rate <R>      expected share answered: 0.6 or 60% (required)
  --workflows <K>          workflows respondents choose from (default 0: none)
  --threshold <K>          anonymity threshold: no figure for fewer than K responses (default 5)
  --instrument <default|path>  the instrument (default: the default instrument)
  --r2 <X>                 assumed share of the outcome's variance the scales explain
                           (default ${DEFAULT_ASSUMPTIONS.r2})
  --org-share <X>          assumed organizational share of that explained part
                           (default ${DEFAULT_ASSUMPTIONS.org_share}, the 2026 Work Trend Index's split)
  --json                   print the plan as one JSON document
  -h, --help               show this help

The interval width is a delta-method approximation for the assumed population,
checked by simulation (bench/planner.ts). Exit codes: 0 ok, 2 bad usage or bad input.
`;

/** A proportion in (0, 1] from "0.6" or "60%"; throws UsageError naming `flag`. */
function proportionOption(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)(%?)$/.exec(text.trim());
  const value = match ? Number(match[1]) / (match[2] ? 100 : 1) : NaN;
  if (!(value > 0 && value <= 1))
    throw new UsageError(`${flag} takes a proportion above 0 and at most 1, e.g. 0.6 or 60% (got "${text}")`);
  return value;
}

/** An assumption strictly between 0 and 1, or undefined when not given. */
function assumptionOption(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^(0?\.\d+|0)$/.test(text.trim()) ? Number(text) : NaN;
  if (!(value > 0 && value < 1))
    throw new UsageError(`${flag} takes a number strictly between 0 and 1 (got "${text}")`);
  return value;
}

export async function run(args: string[], io: CliIO): Promise<number> {
  let instrument = 'default';
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: {
          invitations: { type: 'string' },
          'response-rate': { type: 'string' },
          workflows: { type: 'string' },
          threshold: { type: 'string' },
          instrument: { type: 'string', default: 'default' },
          r2: { type: 'string' },
          'org-share': { type: 'string' },
          json: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
      });
    } catch (error) {
      // node:util's messages run over several lines; the first says what is wrong.
      throw new UsageError(`${(error as Error).message.split('\n')[0]} (readiness plan --help)`);
    }
    const { values } = parsed;
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    if (values.invitations === undefined || values['response-rate'] === undefined)
      throw new UsageError('give --invitations and --response-rate (readiness plan --help)');
    instrument = values.instrument;
    const r2 = assumptionOption('--r2', values.r2);
    const orgShare = assumptionOption('--org-share', values['org-share']);
    const plan = planSurvey(await loadInstrument(instrument), {
      invitations: integerOption('--invitations', values.invitations, 0, 1),
      response_rate: proportionOption('--response-rate', values['response-rate']),
      workflows: integerOption('--workflows', values.workflows, 0, 0),
      threshold: integerOption('--threshold', values.threshold, 5, 1),
      assumptions: { ...(r2 === undefined ? {} : { r2 }), ...(orgShare === undefined ? {} : { org_share: orgShare }) },
    });
    const sentences = planSentences(plan);
    io.out(values.json ? `${JSON.stringify({ ...plan, sentences }, null, 2)}\n` : `${sentences.join('\n')}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof RangeError) {
      io.err(`readiness plan: ${error.message}\n`);
      return 2;
    }
    if (error instanceof InstrumentError) {
      // One line: the first problem, and how many more.
      const more = error.problems.length - 1;
      io.err(
        `readiness plan: invalid instrument ${instrument}: ${error.problems[0]}${more > 0 ? ` (and ${more} more)` : ''}\n`,
      );
      return 2;
    }
    throw error;
  }
}
