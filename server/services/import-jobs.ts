/**
 * Imports running in this process, so a page can show their progress while the request that started
 * them has already answered: each job is keyed by survey and upload token, holds its phase and rows
 * done, then its result or its error. Finished jobs are kept for an hour (at most 200 jobs).
 */
import type { ImportPhase, ImportPreview, ImportProgress, ImportResult } from './survey-import.js';

export type ImportJob =
  | { readonly status: 'running'; readonly phase: ImportPhase; readonly done: number; readonly total: number | null }
  | { readonly status: 'done'; readonly result: ImportResult }
  | { readonly status: 'failed'; readonly message: string; readonly preview: ImportPreview | null };

const KEEP_MS = 60 * 60 * 1000;
const MAX_JOBS = 200;

export function createImportJobs({ now = () => Date.now() }: { now?: () => number } = {}) {
  const jobs = new Map<string, { job: ImportJob; at: number }>();
  const key = (surveyId: number, token: string) => `${surveyId}:${token}`;

  function prune(): void {
    for (const [k, { job, at }] of jobs)
      if ((job.status !== 'running' && now() - at > KEEP_MS) || jobs.size > MAX_JOBS) jobs.delete(k);
  }

  /**
   * Starts `task` unless a job for this upload is running; never rejects (a failure becomes the job's
   * state, told by `describe(error)`). Resolves when the task has finished.
   */
  function start(
    surveyId: number,
    token: string,
    task: (onProgress: ImportProgress) => Promise<ImportResult>,
    describe: (error: unknown) => { message: string; preview: ImportPreview | null },
  ): Promise<void> | null {
    prune();
    const k = key(surveyId, token);
    if (jobs.get(k)?.job.status === 'running') return null;
    const set = (job: ImportJob) => jobs.set(k, { job, at: now() });
    set({ status: 'running', phase: 'checking', done: 0, total: null });
    return task((phase, done, total) => set({ status: 'running', phase, done, total })).then(
      (result) => void set({ status: 'done', result }),
      (error: unknown) => void set({ status: 'failed', ...describe(error) }),
    );
  }

  function get(surveyId: number, token: string): ImportJob | null {
    return jobs.get(key(surveyId, token))?.job ?? null;
  }

  return { start, get };
}

export type ImportJobs = ReturnType<typeof createImportJobs>;
