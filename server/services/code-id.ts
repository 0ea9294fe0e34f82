/**
 * Which code is running, as a short hash of every file under `analysis/` and `server/` as run (the
 * TypeScript sources under tsx, the compiled files under dist/). Stored report snapshots
 * (services/report-snapshots.ts) carry it in their version key, so a deployment that changes how a
 * report is built or suppressed never serves a view built by the code before it; each survey is built
 * once more after such a deployment. Read once per process, on first use, never at start.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const analysisDir = fileURLToPath(new URL('../../analysis', import.meta.url));

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** A hash of the files under `dirs` (their paths relative to the parent folder and their bytes), in a stable order. */
export async function hashOfFiles(dirs: readonly string[]): Promise<string> {
  const root = join(dirs[0], '..');
  const files = (await Promise.all(dirs.map(filesUnder))).flat().sort();
  const contents = await Promise.all(files.map((f) => readFile(f)));
  const hash = createHash('sha256');
  files.forEach((file, i) => {
    hash.update(relative(root, file)).update('\0').update(contents[i]).update('\0');
  });
  return hash.digest('hex').slice(0, 16);
}

let running: Promise<string> | undefined;

/** The running code's hash, computed on the first call and kept for the process's life. */
export function runningCodeId(): Promise<string> {
  running ??= hashOfFiles([analysisDir, serverDir]);
  return running;
}
