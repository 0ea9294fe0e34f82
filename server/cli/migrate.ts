/**
 * `readiness migrate` (`npm run migrate`): applies pending migrations to the database that DATABASE_URL
 * names (the same configuration `npm start` reads) and lists what it applied.
 */
import { createDb, databaseLabel } from '../db.js';
import { safeMessage } from '../log-safe-error.js';
import { migrate } from '../migrations-source.js';
import { cliConfig } from './config.js';
import type { CliIO } from './io.js';

const HELP = `Usage: readiness migrate

Applies every pending migration to the database named by DATABASE_URL
(a postgres:// URL or a SQLite file path; default ./data/readiness.sqlite).
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(HELP);
    return 0;
  }
  if (args.length > 0) {
    io.err(`readiness migrate: unexpected argument "${args[0]}"\n\n${HELP}`);
    return 2;
  }
  const config = cliConfig(io, 'migrate');
  if (!config) return 2;
  const db = createDb(config.databaseUrl);
  try {
    const applied = await migrate(db);
    io.out(`Database: ${databaseLabel(config.databaseUrl)}\n`);
    io.out(
      applied.length === 0
        ? 'Already up to date: no migration applied.\n'
        : `Applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}\n`).join('')}`,
    );
    return 0;
  } catch (error) {
    io.err(`readiness migrate: could not migrate ${databaseLabel(config.databaseUrl)}: ${safeMessage(error)}\n`);
    return 1;
  } finally {
    await db.destroy();
  }
}
