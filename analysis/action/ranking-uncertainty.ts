/**
 * How sure a ranking is, from bootstrap replicates of each candidate's priority: how often each
 * candidate ranks first (its pick frequency), the percentile interval of each priority, and which
 * candidates the bootstrap does not separate from the first (a near tie). The pick frequency is the
 * bootstrap's "selection frequency" (Efron 2014, "Estimation and accuracy after model selection",
 * §2); the tie rule is the paired percentile interval of a difference (Efron & Tibshirani 1993 ch. 13).
 */
import { percentileInterval } from '../bootstrap/decomposition-bootstrap.js';

export interface RankedCandidate {
  /** The priority from the full sample. */
  readonly priority: number;
  /** Its priority in each bootstrap replicate (the same replicate index across candidates); NaN = not computed there. */
  readonly draws: ArrayLike<number>;
}

export interface RankingUncertainty {
  /** Per candidate: the share of replicates (with every priority computed) in which it ranks first. */
  readonly pickFrequency: readonly number[];
  /** Per candidate: the `level` percentile interval of its priority; null without a computed replicate. */
  readonly priorityCi: readonly ([number, number] | null)[];
  /** Indices (≥ 1) of the candidates not separated from the first: a near tie when not empty. */
  readonly tiedWithFirst: readonly number[];
  /** Replicates with every priority computed: the base of the pick frequencies. */
  readonly resamples: number;
}

/**
 * The uncertainty of a ranking of `candidates`, given in ranked order (first = highest priority
 * from the full sample; that order also breaks a tie within a replicate). The first is separated
 * from candidate j when the two-sided `level` percentile interval of (priority₁ − priorityⱼ), over
 * the replicates where both are computed, lies above 0; when the interval reaches 0 (or there is no
 * such replicate) j is tied with the first. Throws on no candidates or a level outside (0, 1).
 */
export function rankingUncertainty(candidates: readonly RankedCandidate[], level: number): RankingUncertainty {
  if (candidates.length === 0) throw new RangeError('a ranking needs at least one candidate');
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1 (got ${level})`);
  const B = Math.min(...candidates.map((c) => c.draws.length));
  const firsts = new Float64Array(candidates.length);
  let resamples = 0;
  for (let b = 0; b < B; b++) {
    let best = -1;
    for (let c = 0; c < candidates.length; c++) {
      const v = candidates[c].draws[b];
      if (v !== v) {
        best = -1;
        break;
      }
      if (best < 0 || v > candidates[best].draws[b]) best = c;
    }
    if (best < 0) continue;
    firsts[best]++;
    resamples++;
  }
  const priorityCi = candidates.map((c) => finiteInterval(c.draws, level));
  const first = candidates[0].draws;
  const tiedWithFirst: number[] = [];
  for (let j = 1; j < candidates.length; j++) {
    const other = candidates[j].draws;
    const difference = finiteInterval(
      Array.from({ length: B }, (_, b) => first[b] - other[b]),
      level,
    );
    if (difference === null || difference[0] <= 0) tiedWithFirst.push(j);
  }
  return {
    pickFrequency: Array.from(firsts, (f) => (resamples > 0 ? f / resamples : 0)),
    priorityCi,
    tiedWithFirst,
    resamples,
  };
}

/** The two-sided `level` percentile interval of the replicates that were computed (not NaN); null when none was. */
export function finiteInterval(draws: ArrayLike<number>, level: number): [number, number] | null {
  const values = Array.from(draws).filter((v) => v === v);
  if (values.length === 0) return null;
  const [lower, upper] = percentileInterval(values, level);
  return [lower, upper];
}
