/**
 * Uploaded export files waiting to be mapped and imported, kept on this server's disk (never in
 * memory, never in the database) under a random token per survey: `<dir>/<survey>-<token>.upload`
 * with the original name beside it. The token is 128 random bits and the pages look it up only under
 * a survey the user may import into. Files older than a day are swept on the next upload. With
 * several app servers, the upload and the import of one file must reach the same server.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportFile } from './survey-import.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const TOKEN = /^[0-9a-f]{32}$/;

export function createImportUploads({ dir }: { dir: string }) {
  mkdirSync(dir, { recursive: true });
  const base = (surveyId: number, token: string) => join(dir, `${surveyId}-${token}`);

  function sweep(now = Date.now()): void {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      try {
        if (now - statSync(path).mtimeMs > DAY_MS) rmSync(path, { force: true });
      } catch {
        // Removed by another request meanwhile.
      }
    }
  }

  /** A path for an upload being received (moved into place by `adopt`). */
  function incomingPath(): string {
    return join(dir, `incoming-${randomBytes(16).toString('hex')}`);
  }

  /** Keeps the received file `path` for the survey; resolves to its token. */
  function adopt(path: string, surveyId: number, fileName: string): string {
    sweep();
    const token = randomBytes(16).toString('hex');
    renameSync(path, `${base(surveyId, token)}.upload`);
    writeFileSync(`${base(surveyId, token)}.name`, fileName.slice(0, 255));
    return token;
  }

  /** The survey's upload `token`, or null when there is none (expired, imported, or another survey's). */
  function find(surveyId: number, token: string): ImportFile | null {
    if (!TOKEN.test(token)) return null;
    try {
      const fileName = readFileSync(`${base(surveyId, token)}.name`, 'utf8');
      statSync(`${base(surveyId, token)}.upload`);
      return { path: `${base(surveyId, token)}.upload`, fileName };
    } catch {
      return null;
    }
  }

  function remove(surveyId: number, token: string): void {
    if (!TOKEN.test(token)) return;
    rmSync(`${base(surveyId, token)}.upload`, { force: true });
    rmSync(`${base(surveyId, token)}.name`, { force: true });
  }

  return { incomingPath, adopt, find, remove, discard: (path: string) => rmSync(path, { force: true }) };
}

export type ImportUploads = ReturnType<typeof createImportUploads>;
