// `npm run build`, also run by `npm install` (the `prepare` script): bundles the server's entry points with
// esbuild into dist/server/: main.js (`npm start`), cli.js (the `readiness` command) and report-worker.js
// (the report pool's threads), with the chunks they share beside them, so paths.ts finds the repository
// root from any of them. The server starts on about 60% of the CPU time that separate modules took
// (some 680 files, lodash alone 255 under knex). Packages that load native code or their own files by
// path stay in node_modules.
import { renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Loaded from node_modules at run time: native addons, piscina (starts its worker file by path), the
 * database drivers knex names but this app never uses, and iconv-lite (half a megabyte of encoding
 * tables it loads only when a request body needs them, which a bundle would parse at every start). */
const external = [
  'iconv-lite',
  'sqlite3',
  'pg',
  'pg-native',
  'pg-query-stream',
  'piscina',
  'better-sqlite3',
  '@vscode/sqlite3',
  'mysql',
  'mysql2',
  'oracledb',
  'tedious',
];

// Built beside dist/ and swapped in whole, so nothing ever finds a half-written build (a test may run
// the readiness command while another rebuilds).
const staging = `dist-build-${process.pid}`;
try {
  await build({
    absWorkingDir: root,
    entryPoints: {
      'server/main': 'server/main.ts',
      'server/cli': 'server/cli.ts',
      'server/report-worker': 'server/services/report-worker.ts',
    },
    outdir: staging,
    chunkNames: 'server/chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    sourcemap: 'linked',
    // Bundled CommonJS packages call require(): give each output file one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  renameSync(join(root, staging), join(root, 'dist'));
} finally {
  rmSync(join(root, staging), { recursive: true, force: true });
}
