/**
 * The compiled production start (scripts/build.js, `npm start`): dist/server/main.js starts, its report
 * worker threads load the bundled worker, it answers /healthz and closes cleanly on SIGTERM; the
 * `readiness` command runs the build when it is current and the sources (with a note) when it is not.
 * Builds dist/ first when it is missing or older than the sources (bin/compiled.js), so the suite never
 * depends on a build made beforehand.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
// @ts-expect-error: plain JavaScript without type declarations (the `readiness` bin's helper)
import { compiledEntry } from '../bin/compiled.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the compiled build', () => {
  const work = mkdtempSync(join(tmpdir(), 'readiness-dist-'));
  let server: ChildProcess | undefined;
  beforeAll(async () => {
    if (compiledEntry(root, 'server/main').path === null)
      await run(process.execPath, ['scripts/build.js'], { cwd: root });
  }, 120_000);
  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('starts from dist/server/main.js with its report workers, answers /healthz and drains on SIGTERM', async () => {
    const port = await freePort();
    let log = '';
    server = spawn(process.execPath, ['dist/server/main.js'], {
      cwd: root,
      // Only what the server needs (vitest sets BASE_URL for its own use).
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        DATABASE_URL: join(work, 'start.sqlite'),
        REPORT_WORKERS: '1',
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'info',
      },
    });
    server.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server!.once('exit', resolve));

    await Promise.race([
      vi.waitFor(
        () => {
          expect(log).toContain('Report worker threads ready: 1.');
          expect(log).toContain('Readiness is listening on');
        },
        { timeout: 30_000, interval: 50 },
      ),
      exited.then((code) => Promise.reject(new Error(`the server exited (${code}) before it was ready:\n${log}`))),
    ]);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });

    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(log).toContain('"msg":"Closed."');
    expect(log).not.toMatch(/"level":(40|50|60)/);
  }, 60_000);

  it('is what the readiness command runs while it is current; the sources, with a note, when it is not', async () => {
    const current = await run(process.execPath, ['bin/readiness.js', '--help'], { cwd: root });
    expect(current.stdout).toMatch(/^Usage: readiness <command>/);
    expect(current.stderr).toBe('');

    const fake = join(work, 'repo');
    for (const dir of ['analysis', 'server', 'migrations', 'dist/server'])
      mkdirSync(join(fake, dir), { recursive: true });
    writeFileSync(join(fake, 'dist/server/cli.js'), '');
    writeFileSync(join(fake, 'server/main.ts'), '');
    utimesSync(join(fake, 'dist/server/cli.js'), new Date('2026-01-01'), new Date('2026-01-01'));
    utimesSync(join(fake, 'server/main.ts'), new Date('2026-01-02'), new Date('2026-01-02'));
    expect(compiledEntry(fake, 'server/cli')).toEqual({ path: null, why: 'dist/ is older than the sources' });
    expect(compiledEntry(fake, 'server/missing')).toEqual({ path: null, why: 'dist/ is not built' });
    utimesSync(join(fake, 'dist/server/cli.js'), new Date('2026-01-03'), new Date('2026-01-03'));
    expect(compiledEntry(fake, 'server/cli')).toEqual({ path: join(fake, 'dist/server/cli.js') });
  }, 30_000);
});
