/** How the benchmarks word a client's sample size beside the others'. */

/** Below this many responses a client's figures are flagged as a small sample on every benchmark surface. */
export const SMALL_SAMPLE = 30;

export type SampleSize = 'below-threshold' | 'small' | 'adequate';

/**
 * 'below-threshold' under the survey's anonymity threshold (no figure may be shown), 'small' under
 * SMALL_SAMPLE responses (figures shown, flagged: an interval on a mean of 30 is about ±0.36 sd
 * wide, so differences between clients are mostly noise below it), else 'adequate'. Throws on a
 * negative or fractional count or a threshold below 1.
 */
export function sampleSize(responses: number, threshold: number): SampleSize {
  if (!Number.isInteger(responses) || responses < 0)
    throw new RangeError(`responses must be a non-negative integer (got ${responses})`);
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new RangeError(`the anonymity threshold must be an integer ≥ 1 (got ${threshold})`);
  if (responses < threshold) return 'below-threshold';
  return responses < SMALL_SAMPLE ? 'small' : 'adequate';
}
