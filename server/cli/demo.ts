/**
 * `readiness demo` (`npm run demo`): with the configuration `npm start` reads, migrates the database that
 * DATABASE_URL names, creates the demo organization and survey with synthetic responses (idempotent),
 * and prints the survey link and where staff sign in.
 */
import { parseArgs } from 'node:util';
import { countUsers, findUserByEmail } from '../data/users.js';
import { createDb, databaseLabel } from '../db.js';
import { DEMO_SEED, DEMO_TEAMS } from '../demo/demo-organization.js';
import { seedDemo } from '../demo/seed-demo.js';
import { safeMessage } from '../log-safe-error.js';
import { migrate } from '../migrations-source.js';
import { createUserService } from '../services/users.js';
import { cliConfig } from './config.js';
import type { CliIO } from './io.js';

const HELP = `Usage: readiness demo [--seed N]

Creates (once) a demo organization with ${DEMO_TEAMS.length} teams and an open survey with synthetic
responses in the database named by DATABASE_URL, after applying migrations.
A second run changes nothing. BASE_URL and PORT shape the printed links.

Options:
  --seed <N>   seed of the synthetic responses on first creation (default ${DEMO_SEED})
  -h, --help   show this help
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { seed: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    }));
  } catch (error) {
    io.err(`readiness demo: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const seed = values.seed === undefined ? DEMO_SEED : Number(values.seed);
  if (!Number.isInteger(seed)) {
    io.err(`readiness demo: --seed must be an integer (got "${values.seed}")\n`);
    return 2;
  }
  const config = cliConfig(io, 'demo');
  if (!config) return 2;

  const db = createDb(config.databaseUrl);
  try {
    const applied = await migrate(db);
    io.out(
      `Database: ${databaseLabel(config.databaseUrl)}${applied.length > 0 ? ` (applied ${applied.length} migration(s))` : ''}\n`,
    );
    const admin = await createUserService({ db }).ensureFirstAdmin(config);
    const demo = await seedDemo(db, { baseUrl: config.baseUrl, seed });
    io.out(
      demo.created
        ? `Created the demo organization with ${DEMO_TEAMS.length} teams and an open survey with ${demo.responses} synthetic responses.\n`
        : `The demo is already there: nothing changed (the survey has ${demo.responses} responses).\n`,
    );
    io.out(`\nSurvey link:    ${demo.surveyUrl}\n`);
    if (config.adminEmail && (admin === 'created' || (await hasStaffUser(db, config.adminEmail)))) {
      io.out(`Staff sign-in:  ${config.baseUrl}/signin  (as ${config.adminEmail})\n`);
    } else if (await hasStaffUser(db)) {
      io.out(`Staff sign-in:  ${config.baseUrl}/signin\n`);
    } else {
      io.out(`Staff sign-in:  no staff account yet: open ${config.baseUrl}/setup to create the first admin\n`);
    }
    io.out(`\nStart the server with \`npm start\` (same DATABASE_URL) and open the link.\n`);
    return 0;
  } catch (error) {
    io.err(`readiness demo: ${safeMessage(error)}\n`);
    return 1;
  } finally {
    await db.destroy();
  }
}

/** Whether any staff account exists (or the one with this e-mail, lower-cased as stored). */
async function hasStaffUser(db: ReturnType<typeof createDb>, email?: string): Promise<boolean> {
  return email ? (await findUserByEmail(db, email.toLowerCase())) !== undefined : (await countUsers(db)) > 0;
}
