#!/usr/bin/env node
// The `readiness` command: registers the TypeScript loader, then runs server/cli.ts.
import { register } from 'node:module';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

register('tsx/esm', pathToFileURL('./'));
const here = dirname(fileURLToPath(import.meta.url));
const { main } = await import(pathToFileURL(join(here, '..', 'server', 'cli.ts')).href);
process.exitCode = await main(process.argv.slice(2));
