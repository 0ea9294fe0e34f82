/**
 * `readiness token create --email E --name N [--expires-in-days D]`: creates an API token for the
 * active account with that email in the database DATABASE_URL names (migrated first), as the account
 * page does. The token alone goes to stdout (for `TOKEN=$(readiness token create …)`), what it is to
 * stderr; it is shown this once, only its hash is stored.
 */
import { systemClock } from '../clock.js';
import { createDb, databaseLabel } from '../db.js';
import { FieldError } from '../errors.js';
import { safeMessage } from '../log-safe-error.js';
import { migrate } from '../migrations-source.js';
import { createApiTokenService, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from '../services/api-tokens.js';
import { commandArgs } from './command-args.js';
import { cliConfig } from './config.js';
import type { CliIO } from './io.js';

const HELP = `Usage: readiness token create --email <address> --name <name> [--expires-in-days <D>]

Creates an API token for the account with this email, in the database named by DATABASE_URL.
The token acts as that account (its role and organizations) on /api/v1. It is printed once,
alone on stdout; only its hash is stored. Revoke it on the account's API tokens page.

Options:
  --email <address>       the account the token acts for
  --name <name>           where the token is used, e.g. "Reporting script"
  --expires-in-days <D>   days until it expires, 1 to ${MAX_TOKEN_DAYS} (default ${DEFAULT_TOKEN_DAYS})
  -h, --help              show this help
`;

export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = commandArgs(io, 'token', HELP, args, {
    email: { type: 'string' },
    name: { type: 'string' },
    'expires-in-days': { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'create') {
    io.err(`readiness token: say what to do: create\n\n${HELP}`);
    return 2;
  }
  if (!values.email || !values.name) {
    io.err(`readiness token create: --email and --name are required\n\n${HELP}`);
    return 2;
  }
  const daysText = values['expires-in-days'] ?? String(DEFAULT_TOKEN_DAYS);
  if (!/^\d+$/.test(daysText)) {
    io.err(`readiness token create: --expires-in-days takes a whole number (got "${daysText}")\n`);
    return 2;
  }
  const config = cliConfig(io, 'token');
  if (!config) return 2;
  const db = createDb(config.databaseUrl);
  try {
    await migrate(db);
    const tokens = createApiTokenService({ db, clock: systemClock });
    const { secret, token, user } = await tokens.createForEmail(values.email, {
      name: values.name,
      expiresInDays: Number(daysText),
    });
    io.err(
      `Created API token "${token.name}" for ${user.email} (${user.role}) in ${databaseLabel(config.databaseUrl)}, expiring ${token.expiresAt.toISOString().slice(0, 10)}.\nIt is shown only this once:\n`,
    );
    io.out(`${secret}\n`);
    return 0;
  } catch (error) {
    if (error instanceof FieldError) {
      io.err(`readiness token create: ${error.message}\n`);
      return 2;
    }
    io.err(`readiness token create: ${safeMessage(error)}\n`);
    return 1;
  } finally {
    await db.destroy();
  }
}
