/** Absolute paths of the folders the app serves from, valid under tsx and from compiled dist/. */
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('.', import.meta.url));
const parent = resolve(serverDir, '..');
/** The repository root (the compiled build lives in dist/server, two levels down). */
export const rootDir = basename(parent) === 'dist' ? resolve(parent, '..') : parent;
export const viewsDir = join(rootDir, 'views');
export const publicDir = join(rootDir, 'public');
export const chartJsDir = join(rootDir, 'node_modules', 'chart.js', 'dist');
