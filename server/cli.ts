/**
 * The `readiness` command line: dispatches to one module per sub-command under server/cli/.
 * Each sub-command module exports `run(args, io)` and resolves to a process exit code
 * (0 ok, 1 failure, 2 bad usage or bad input).
 */
import { fileURLToPath } from 'node:url';
import { processIO, type CliIO } from './cli/io.js';

type SubCommand = (args: string[], io: CliIO) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<SubCommand> }> = {
  analyze: {
    summary: 'relative importance (LMG, dominance, relative weights) for a CSV file',
    load: async () => (await import('./cli/analyze.js')).run,
  },
  report: {
    summary: 'the full survey report from item-level CSV data',
    load: async () => (await import('./cli/report.js')).run,
  },
  plan: {
    summary: 'what a survey of N invitations will allow: responses, breakdown, interval width, workflows',
    load: async () => (await import('./cli/plan.js')).run,
  },
  import: {
    summary: "import another survey tool's CSV/XLSX export into a survey, with a mapping file",
    load: async () => (await import('./cli/import.js')).run,
  },
  demo: {
    summary: 'create the demo organization and survey (idempotent)',
    load: async () => (await import('./cli/demo.js')).run,
  },
  migrate: { summary: 'apply database migrations', load: async () => (await import('./cli/migrate.js')).run },
  token: {
    summary: 'create an API token for an account: token create --email E --name N',
    load: async () => (await import('./cli/token.js')).run,
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return [
    'Usage: readiness <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `readiness <command> --help` for its options.',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.out(usage() + '\n');
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.err(`readiness: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  return (await command.load())(rest, io);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
