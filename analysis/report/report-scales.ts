/**
 * The scales part of the report: per-scale descriptives (mean, sd, % favourable, answer
 * distribution) and reliability (Cronbach's alpha with item–rest correlations, analysis/scales/cronbach-alpha.ts).
 */
import { alphaFromMoments } from '../scales/cronbach-alpha.js';
import type { Instrument } from '../scales/instrument.js';
import type { ItemPass } from './report-item-pass.js';
import { ranked, type RankedWarning } from './report-warnings.js';
import type { ScaleSummary } from './report.js';

/** Alpha below this is flagged (Nunnally 1978's common rule of thumb for research use). */
export const ALPHA_FLOOR = 0.7;

/** Mean and sd (n − 1) of the non-missing values; NaN when there are none (sd: fewer than two). */
export function meanSd(values: ArrayLike<number>): { n: number; mean: number; sd: number } {
  let n = 0,
    mean = 0,
    m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  return { n, mean: n > 0 ? mean : NaN, sd: n > 1 ? Math.sqrt(m2 / (n - 1)) : NaN };
}

/** Share of answers in the top two Likert points, and the share at each point, from counts per point. */
function answerShares(counts: Float64Array): { favourable: number; distribution: number[] } {
  const points = counts.length;
  const total = counts.reduce((t, c) => t + c, 0);
  const top = counts[points - 1] + (points >= 2 ? counts[points - 2] : 0);
  return {
    favourable: total > 0 ? top / total : NaN,
    distribution: Array.from(counts, (c) => (total > 0 ? c / total : NaN)),
  };
}

/**
 * One ScaleSummary per instrument scale from the report's pass over the reverse-keyed item columns
 * and scale scores (report-item-pass.ts). Alpha is null for a one-item scale or when it cannot be computed (too few
 * complete responses, a constant item); the reason and every alpha < 0.7 go to `warnings`. Alpha
 * below 0 (items negatively related) is kept as computed with `below_0` set, and its warning names
 * that reason (check the reverse keying) instead of the 0.7 caution.
 */
export function summarizeScales(
  instrument: Instrument,
  pass: ItemPass,
): { scales: ScaleSummary[]; warnings: RankedWarning[] } {
  const warnings: RankedWarning[] = [];
  const scales = instrument.scales.map((scale, s): ScaleSummary => {
    const { n, mean, sd, counts, alpha: moments } = pass.scales[s];
    const { favourable, distribution } = answerShares(counts);
    let alpha: ScaleSummary['alpha'] = null;
    let itemStats: Map<string, { r: number; drop: number }> | null = null;
    if (moments) {
      try {
        const a = alphaFromMoments(
          scale.items.map((i) => i.id),
          moments,
        );
        alpha = { raw: a.rawAlpha, std: a.stdAlpha, below_07: a.rawAlpha < ALPHA_FLOOR, below_0: a.rawAlpha < 0 };
        itemStats = new Map(a.items.map((i) => [i.id, { r: i.itemRestR, drop: i.alphaIfDeletedRaw }]));
        if (alpha.below_0)
          warnings.push(
            ranked(
              'out_of_range',
              `Scale "${scale.title}" has Cronbach's alpha below 0 (${a.rawAlpha.toFixed(3)}): its items are negatively related, so alpha has no meaning as a reliability; check the reverse keying of its items.`,
            ),
          );
        else if (alpha.below_07)
          warnings.push(
            ranked(
              'caution',
              `Scale "${scale.title}" has Cronbach's alpha ${a.rawAlpha.toFixed(3)} (below ${ALPHA_FLOOR}): its items may not measure one thing; read its score with care.`,
            ),
          );
      } catch (error) {
        warnings.push(
          ranked('not_computed', `Scale "${scale.title}": no Cronbach's alpha (${(error as Error).message}).`),
        );
      }
    }
    const finite = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);
    return {
      id: scale.id,
      title: scale.title,
      group: scale.group,
      n,
      mean,
      sd,
      favourable,
      distribution,
      alpha,
      items: scale.items.map((item) => ({
        id: item.id,
        text: item.text,
        reverse: item.reverse,
        item_rest_r: finite(itemStats?.get(item.id)?.r),
        alpha_if_deleted: finite(itemStats?.get(item.id)?.drop),
      })),
    };
  });
  return { scales, warnings };
}
