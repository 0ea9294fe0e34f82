/**
 * The headline of the report: the outcome scale regressed on the organizational and individual
 * scale scores, its R² split by LMG (Lindeman, Merenda & Gold 1980; Grömping 2006) per factor and
 * with each instrument group as one player (relaimpo's `groups=`), with bootstrap intervals
 * (analysis/bootstrap/decomposition-intervals.ts: BCa, percentile for the shares).
 */
import {
  completeModelRows,
  decompositionDraws,
  type DecompositionDraws,
} from '../bootstrap/decomposition-bootstrap.js';
import {
  decompositionIntervals,
  intervalNotes,
  type DecompositionEstimate,
  type DecompositionIntervals,
} from '../bootstrap/decomposition-intervals.js';
import { decompositionJackknife } from '../bootstrap/decomposition-jackknife.js';
import { relativeImportance, type ImportanceModel, type ImportanceResult } from '../importance/relative-importance.js';
import { mulberry32 } from '../linear/random.js';
import type { Instrument, ScaleGroup } from '../scales/instrument.js';
import { meanSd } from './report-scales.js';
import { ranked, type RankedWarning } from './report-warnings.js';
import type { Decomposition, DecompositionNeeds, GroupShare, Interval } from './report.js';

/** The groups that are players of the headline split, in headline order. */
export const SPLIT_GROUPS: readonly ScaleGroup[] = ['organizational', 'individual'];

/** The outcome scale id, the predictor scale ids and the groups of the model the instrument implies. */
export function instrumentModel(instrument: Instrument): ImportanceModel {
  const outcome = instrument.scales.find((s) => s.group === 'outcome');
  if (!outcome)
    throw new RangeError(`instrument "${instrument.id}" has no scale in group "outcome"; there is nothing to explain`);
  const groups: Record<string, string[]> = {};
  for (const g of SPLIT_GROUPS) {
    const ids = instrument.scales.filter((s) => s.group === g).map((s) => s.id);
    if (ids.length > 0) groups[g] = ids;
  }
  const predictors = Object.values(groups).flat();
  return { outcome: outcome.id, predictors, ...(Object.keys(groups).length > 1 ? { groups } : {}) };
}

export interface DecompositionOptions {
  /** Bootstrap replicates; 0 = no intervals. */
  readonly B: number;
  readonly seed: number;
  readonly level: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** The complete model rows (decomposition-bootstrap.ts `completeModelRows` of these scores), when the caller already has them. */
  readonly rows?: readonly Float64Array[];
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const pctRange = (i: Interval) => `${Math.round(i[0] * 100)}–${Math.round(i[1] * 100)}%`;
const label = (g: string) => `${g.charAt(0).toUpperCase()}${g.slice(1)} factors`;

/** "Organizational factors explain 64% (95% CI 55–72%) of the explained variance in AI performance; individual factors 36% (…). R² = 0.52 (…), n = 412." */
export function headline(
  d: Pick<Decomposition, 'groups' | 'r2' | 'r2_ci' | 'n'>,
  outcomeTitle: string,
  level: number,
): string {
  const conf = `${Math.round(level * 100)}% CI`;
  const r2 = `R² = ${d.r2.toFixed(2)}${d.r2_ci ? ` (${conf} ${d.r2_ci[0].toFixed(2)}–${d.r2_ci[1].toFixed(2)})` : ''}, n = ${d.n}.`;
  if (d.groups.length === 0) return `The model explains ${pct(d.r2)} of the variance in ${outcomeTitle}. ${r2}`;
  const [first, ...rest] = d.groups;
  const ci = (g: GroupShare, withLabel: boolean) =>
    g.share_ci ? ` (${withLabel ? `${conf} ` : ''}${pctRange(g.share_ci)})` : '';
  const tail = rest.map((g) => `; ${label(g.group).toLowerCase()} ${pct(g.share)}${ci(g, false)}`).join('');
  return `${label(first.group)} explain ${pct(first.share)}${ci(first, true)} of the explained variance in ${outcomeTitle}${tail}. ${r2}`;
}

/**
 * How many more complete responses a model of p predictors needs, or null when it has enough:
 * p + 1 coefficients need more than p + 1 complete rows (relative-importance.ts), i.e. p + 2.
 */
export function decompositionNeeds(p: number, complete: number): DecompositionNeeds | null {
  const needed = p + 2;
  if (complete >= needed) return null;
  const more = needed - complete;
  const reason = `${p} ${p === 1 ? 'factor needs' : 'factors need'} at least ${needed} complete responses`;
  const sentence = `${more} more ${more === 1 ? 'response is' : 'responses are'} needed for the breakdown (${reason}).`;
  return { more, reason, sentence };
}

/**
 * The decomposition of the instrument's outcome scale on its organizational and individual scale
 * scores (listwise deletion), with bootstrap intervals when B > 0: BCa for R², each LMG value and
 * each group LMG (the acceleration from the jackknife, leave-one-out up to 1,000 rows and
 * delete-one-block above), percentile for each group's share of R² (from the replicates' ratios, not
 * from dividing the endpoints); a figure whose BCa interval is undefined gets its percentile
 * interval, and a warning says which and why. Returns null with the reason in `warnings` when the model
 * cannot be fitted; with too few complete responses, also `needs` (how many more, and why), whose
 * sentence is then the warning; passes on the engine's warnings (n < 10·p, near collinearity). cv_r2 is the
 * engine's seeded 10-fold cross-validated R².
 */
export function decomposeOutcome(
  instrument: Instrument,
  scores: Readonly<Record<string, Float64Array>>,
  options: DecompositionOptions,
): {
  decomposition: Decomposition | null;
  importance: ImportanceResult | null;
  draws: DecompositionDraws | null;
  needs: DecompositionNeeds | null;
  warnings: RankedWarning[];
} {
  const warnings: RankedWarning[] = [];
  const model = instrumentModel(instrument);
  const outcomeTitle = instrument.scales.find((s) => s.id === model.outcome)!.title;
  const rows = options.rows ?? completeModelRows(scores, model);
  const needs = decompositionNeeds(model.predictors.length, rows.length);
  if (needs) {
    warnings.push(ranked('not_computed', needs.sentence));
    return { decomposition: null, importance: null, draws: null, needs, warnings };
  }
  let importance: ImportanceResult;
  try {
    importance = relativeImportance({ columns: [model.outcome, ...model.predictors], rows }, model, {
      seed: options.seed,
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    warnings.push(ranked('not_computed', `No decomposition of ${outcomeTitle}: ${error.message}.`));
    return { decomposition: null, importance: null, draws: null, needs: null, warnings };
  }
  const total = scores[model.outcome].length;
  // The engine's own cautions (n < 10·p, near collinearity, no cross-validated R²), with their subject.
  for (const w of importance.warnings) warnings.push(ranked('caution', `Decomposition of ${outcomeTitle}: ${w}.`));

  let draws: DecompositionDraws | null = null;
  if (options.B > 0) {
    try {
      draws = decompositionDraws(rows, model, options.B, mulberry32(options.seed), options.onProgress);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      warnings.push(ranked('not_computed', `No bootstrap intervals: ${error.message}.`));
    }
    if (draws && draws.failed > 0)
      warnings.push(
        ranked(
          'caution',
          `${draws.failed} of ${options.B} bootstrap resamples were skipped (a constant or collinear column in the resample).`,
        ),
      );
  }
  const r2 = importance.r2;
  const scaleOf = new Map(instrument.scales.map((s) => [s.id, s]));
  const groups: GroupShare[] = importance.groupLmg
    ? Object.keys(model.groups!).map((g) => {
        const lmg = importance.groupLmg![g];
        return { group: g as ScaleGroup, lmg, share: lmg / r2, ci: null, share_ci: null };
      })
    : [];
  const column = new Float64Array(rows.length);
  const sd = Object.fromEntries(
    [model.outcome, ...model.predictors].map((id, c) => {
      for (let r = 0; r < rows.length; r++) column[r] = rows[r][c];
      return [id, meanSd(column).sd];
    }),
  );
  const complete_dominance: { dominant: string; dominated: string }[] = [];
  importance.dominance.complete.forEach((row, i) =>
    row.forEach((v, j) => {
      if (v === 1) complete_dominance.push({ dominant: model.predictors[i], dominated: model.predictors[j] });
    }),
  );
  const partial = {
    outcome: model.outcome,
    n: importance.n,
    n_dropped: total - importance.n,
    r2,
    adj_r2: importance.adjR2,
    cv_r2: importance.cvR2 ?? null,
    r2_ci: null,
    groups,
    factors: model.predictors.map((id) => ({
      id,
      title: scaleOf.get(id)!.title,
      group: scaleOf.get(id)!.group,
      beta: importance.coefficients.slopes[id] * (sd[id] / sd[model.outcome]),
      lmg: importance.lmg[id],
      share: importance.lmg[id] / r2,
      ci: null,
      relative_weight: importance.relativeWeights.raw[id],
      conditional: importance.dominance.conditional[id],
    })),
    complete_dominance,
  };
  let withCi: Omit<Decomposition, 'headline'> = partial;
  if (draws) {
    const jackknife = decompositionJackknife(rows, model, mulberry32(options.seed));
    const intervals = decompositionIntervals(draws, estimateOf(partial), jackknife, options.level);
    withCi = withIntervals(partial, intervals);
    for (const note of intervalWarnings(partial, intervals)) warnings.push(ranked('caution', note));
  }
  return {
    decomposition: { ...withCi, headline: headline(withCi, outcomeTitle, options.level) },
    importance,
    draws,
    needs: null,
    warnings,
  };
}

/** The full-sample figures of a decomposition, as decompositionIntervals takes them. */
export function estimateOf(d: Pick<Decomposition, 'r2' | 'factors' | 'groups'>): DecompositionEstimate {
  return {
    r2: d.r2,
    lmg: Object.fromEntries(d.factors.map((f) => [f.id, f.lmg])),
    groups: Object.fromEntries(d.groups.map((g) => [g.group, g.lmg])),
  };
}

/** `d` with the intervals filled in: R², each factor's LMG, each group's LMG and share. */
export function withIntervals<D extends Omit<Decomposition, 'headline'>>(d: D, intervals: DecompositionIntervals): D {
  return {
    ...d,
    r2_ci: intervals.r2,
    groups: d.groups.map((g) => ({
      ...g,
      ci: intervals.groups[g.group] ?? null,
      share_ci: intervals.shares[g.group] ?? null,
    })),
    factors: d.factors.map((f) => ({ ...f, ci: intervals.lmg[f.id] ?? null })),
  };
}

/** The intervals' caveats (a percentile fallback, no acceleration) as report warnings, factors by title. */
export function intervalWarnings(d: Pick<Decomposition, 'factors'>, intervals: DecompositionIntervals): string[] {
  const titles = new Map(d.factors.map((f) => [f.id, f.title]));
  return intervalNotes(intervals, (id) => titles.get(id) ?? id);
}
