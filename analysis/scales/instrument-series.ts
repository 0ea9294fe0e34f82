/**
 * Which instrument versions form one series of waves (trend, redesign plans): the same key and the
 * same scoring structure, i.e. the same Likert range, the same scales (ids and groups, in order) and
 * the same items (ids and reverse keying, in order). Versions that only add translations, reword a
 * text, offer "does not apply" or ask other demographic questions are scored alike and compare; a
 * version that adds, drops or moves an item, or changes a scale's group or the range, starts a new
 * series, since its scale scores would not mean the same.
 */
import type { Instrument } from './instrument.js';

/** True when waves on `a` and `b` can be compared score for score (see the file comment). */
export function sameScoringStructure(a: Instrument, b: Instrument): boolean {
  if (a.id !== b.id || a.likert.min !== b.likert.min || a.likert.max !== b.likert.max) return false;
  if (a.scales.length !== b.scales.length) return false;
  return a.scales.every((scale, s) => {
    const other = b.scales[s];
    return (
      scale.id === other.id &&
      scale.group === other.group &&
      scale.items.length === other.items.length &&
      scale.items.every((item, i) => item.id === other.items[i].id && item.reverse === other.items[i].reverse)
    );
  });
}
