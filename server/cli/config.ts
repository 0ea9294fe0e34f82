/** Configuration for CLI commands that use the database: the same environment as `npm start`. */
import { ConfigError, loadConfig, type Config } from '../config.js';
import type { CliIO } from './io.js';

/** The parsed configuration, or null after printing the problem (the caller exits 2). */
export function cliConfig(io: CliIO, command: string): Config | null {
  try {
    return loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`readiness ${command}: ${error.message}\n`);
      return null;
    }
    throw error;
  }
}
