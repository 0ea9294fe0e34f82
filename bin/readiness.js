#!/usr/bin/env node
// The `readiness` command: runs the compiled CLI (dist/server/cli.js, built by `npm install` or
// `npm run build`); when dist/ is missing or older than the sources, runs server/cli.ts through tsx
// instead (slower to start) and says so in one line on stderr.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiledEntry } from './compiled.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = compiledEntry(root, 'server/cli');
let entry = compiled.path;
if (entry === null) {
  process.stderr.write(`readiness: ${compiled.why}; running the sources with tsx (npm run build starts faster).\n`);
  const { register } = await import('tsx/esm/api');
  register();
  entry = join(root, 'server', 'cli.ts');
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
