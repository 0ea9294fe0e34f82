/**
 * The data-quality verdict on one response, following Huang, Curran, Keeney, Poposki & DeShon (2012),
 * "Detecting and deterring insufficient effort responding to surveys", Journal of Business and
 * Psychology 27(1), 99–114:
 * - 'straightline': every answered Likert item has the same value (as ticked, before reverse keying),
 *   with at least STRAIGHTLINE_MIN_ITEMS items answered (the long-string index at its extreme);
 * - 'fast': less than SECONDS_PER_ITEM seconds per answered item between loading the form and
 *   submitting it (Huang et al.'s cut-off of 2 seconds per item).
 * A response that is both gets 'straightline' (one verdict is stored). Only the verdict is kept, never
 * the time. No I/O; throws on a negative or non-finite duration (a bug in the caller's clock handling).
 */

export type QualityFlag = 'straightline' | 'fast';

/** Fewer answered items than this never make a straight line: a short form may be answered honestly alike. */
export const STRAIGHTLINE_MIN_ITEMS = 10;

/** Huang et al. (2012): responding faster than 2 seconds per item indicates insufficient effort. */
export const SECONDS_PER_ITEM = 2;

export interface ResponseEffort {
  /** The Likert answers as ticked (unanswered items left out). */
  readonly answers: readonly number[];
  /** Milliseconds from loading the form to submitting it; null when unknown (then no timing verdict). */
  readonly elapsedMs: number | null;
}

export function qualityFlag({ answers, elapsedMs }: ResponseEffort): QualityFlag | null {
  if (elapsedMs !== null && (!Number.isFinite(elapsedMs) || elapsedMs < 0)) {
    throw new RangeError(`The time taken must be a non-negative number of milliseconds, not ${elapsedMs}.`);
  }
  const answered = answers.length;
  if (answered >= STRAIGHTLINE_MIN_ITEMS && answers.every((value) => value === answers[0])) return 'straightline';
  if (elapsedMs !== null && answered > 0 && elapsedMs < answered * SECONDS_PER_ITEM * 1000) return 'fast';
  return null;
}
