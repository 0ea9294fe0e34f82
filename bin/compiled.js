// Whether the compiled build in dist/ can run: an entry such as dist/server/cli.js exists and is no older
// than any file under analysis/, server/ and migrations/ (a build older than the sources would run old code).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE_DIRS = ['analysis', 'server', 'migrations'];

function newestSource(root) {
  let newest = 0;
  for (const dir of SOURCE_DIRS)
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true }))
      if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  return newest;
}

/**
 * `{ path }` of dist/<name>.js under `root` when it is built and current, else `{ path: null, why }`
 * saying which it is not.
 */
export function compiledEntry(root, name) {
  const path = join(root, 'dist', `${name}.js`);
  let built;
  try {
    built = statSync(path).mtimeMs;
  } catch {
    return { path: null, why: 'dist/ is not built' };
  }
  return newestSource(root) > built ? { path: null, why: 'dist/ is older than the sources' } : { path };
}
