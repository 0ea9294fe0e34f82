/** Argument parsing shared by the sub-commands that take a file or a word and options (analyze, report, import, token). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIO } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const helpOption = { help: { type: 'boolean', short: 'h', default: false } } as const;

/** What parseArgs gives for `options` with help added, values typed from the options. */
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: O & typeof helpOption }>
>;

/**
 * node:util parseArgs with positionals and -h/--help added to `options`. Gives the parsed values and
 * positionals, or the exit code when the command is done: 0 after printing `help` for --help, 2 after
 * printing the problem and `help` for an unknown or malformed option.
 */
export function commandArgs<const O extends Options>(
  io: CliIO,
  command: string,
  help: string,
  args: string[],
  options: O,
): Parsed<O> | number {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { ...options, ...helpOption } }) as Parsed<O>;
  } catch (error) {
    io.err(`readiness ${command}: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.out(help);
    return 0;
  }
  return parsed;
}
