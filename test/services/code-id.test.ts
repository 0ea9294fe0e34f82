/**
 * The running code's id (part of every report snapshot's version key): the same files give the same
 * hash, and a changed byte, a renamed file or a new file give another.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashOfFiles, runningCodeId } from '../../server/services/code-id.js';

describe('code id', () => {
  let root: string;
  let dirs: string[];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'readiness-code-id-'));
    dirs = [join(root, 'analysis'), join(root, 'server')];
    mkdirSync(join(dirs[0], 'report'), { recursive: true });
    mkdirSync(dirs[1]);
    writeFileSync(join(dirs[0], 'report', 'build-report.js'), 'export const x = 1;\n');
    writeFileSync(join(dirs[1], 'main.js'), 'console.log("hi");\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is stable for the same files and changes with any byte, name or file', async () => {
    const first = await hashOfFiles(dirs);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(await hashOfFiles(dirs)).toBe(first);

    writeFileSync(join(dirs[0], 'report', 'build-report.js'), 'export const x = 2;\n');
    const edited = await hashOfFiles(dirs);
    expect(edited).not.toBe(first);

    renameSync(join(dirs[1], 'main.js'), join(dirs[1], 'start.js'));
    const renamed = await hashOfFiles(dirs);
    expect(renamed).not.toBe(edited);

    writeFileSync(join(dirs[1], 'extra.js'), '');
    expect(await hashOfFiles(dirs)).not.toBe(renamed);
  });

  it('hashes the running code once per process', async () => {
    const id = await runningCodeId();
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(runningCodeId()).toBe(runningCodeId());
  });
});
