/**
 * Absolute paths of the folders the app serves from, valid under tsx and from the build in dist/server/
 * (scripts/build.js puts every bundle and chunk there, so this module's URL is one level below dist/).
 */
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('.', import.meta.url));
const parent = resolve(serverDir, '..');
/** True when running the compiled build (dist/server/), false when running the TypeScript sources. */
export const compiled = basename(parent) === 'dist';
/** The repository root (the compiled build lives in dist/server, two levels down). */
export const rootDir = compiled ? resolve(parent, '..') : parent;
export const viewsDir = join(rootDir, 'views');
export const publicDir = join(rootDir, 'public');
export const chartJsDir = join(rootDir, 'node_modules', 'chart.js', 'dist');
/** The report pool's worker entry: the bundle beside main.js, or the TypeScript source (services/report-pool.ts). */
export const reportWorkerPath = compiled
  ? join(rootDir, 'dist', 'server', 'report-worker.js')
  : join(rootDir, 'server', 'services', 'report-worker.ts');
