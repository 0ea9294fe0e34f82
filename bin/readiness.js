#!/usr/bin/env node
// The `readiness` command: registers the TypeScript loader (tsx), then runs server/cli.ts.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const here = dirname(fileURLToPath(import.meta.url));
const { main } = await import(pathToFileURL(join(here, '..', 'server', 'cli.ts')).href);
process.exitCode = await main(process.argv.slice(2));
