/**
 * Process entry (`npm start`): reads the environment, opens the database, applies migrations, listens,
 * and shuts down gracefully on SIGTERM/SIGINT.
 */
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { createServices } from './services/index.js';
import { configWarnings, loadConfig } from './config.js';
import { createDb, databaseLabel } from './db.js';
import { safeMessage } from './log-safe-error.js';
import { migrate } from './migrations-source.js';
import { applyServerTimeouts } from './server-timeouts.js';

async function start(): Promise<void> {
  const config = loadConfig();
  for (const warning of configWarnings(config)) console.warn(`warning: ${warning}`);
  const db = createDb(config.databaseUrl);
  const applied = await migrate(db);
  if (applied.length > 0) console.log(`Applied ${applied.length} migration(s).`);
  const services = createServices({ db, config });
  // ADMIN_EMAIL / ADMIN_PASSWORD create the first admin only while no user exists at all.
  if ((await services.users.ensureFirstAdmin(config)) === 'created') {
    console.log(`Created the first admin ${config.adminEmail}.`);
  }

  const app = createApp({ services, config });
  const server: Server = app.listen(config.port, () => {
    console.log(`Readiness is listening on ${config.baseUrl} (database: ${databaseLabel(config.databaseUrl)})`);
  });
  applyServerTimeouts(server);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: closing.`);
    server.close(() => {
      db.destroy().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}


start().catch((err: unknown) => {
  console.error(safeMessage(err));
  process.exitCode = 1;
});
