/**
 * The action layer: importance–performance priorities for the organizational factors
 * (importance–performance analysis, Martilla & James 1977, with LMG shares as importance as in
 * Grömping 2006's relative-importance framing) and the one workflow to start with.
 */
import type { ActionLevers, Instrument, Scale } from '../scales/instrument.js';
import { keyedItems, scoreKeyed, type ItemColumns } from '../scales/scoring.js';

export interface FactorPriority {
  readonly scale: string;
  /** LMG share of R²: lmg / r2. */
  readonly importance: number;
  /** Mean scale score over respondents with a score, and that n. */
  readonly mean: number;
  readonly n: number;
  /** Share of answered (reverse-keyed) items of the scale in the top two Likert points. */
  readonly favourable: number;
  /** importance × (max − mean) / (max − min). */
  readonly priority: number;
}

/**
 * Importance–performance priorities for every organizational scale: importance = LMG / R² (LMG
 * values computed elsewhere, e.g. analysis/importance/lmg.ts), performance = mean score and % favourable,
 * priority = importance × distance to the top of the scale, normalised by the scale's range.
 * Ranked by priority, highest first (ties by scale id). Throws when R² ≤ 0 or an LMG value is missing.
 */
export function importancePerformance(
  instrument: Instrument,
  items: ItemColumns,
  lmg: Readonly<Record<string, number>>,
  r2: number,
): FactorPriority[] {
  if (!(r2 > 0)) throw new Error(`priorities need a positive R², got ${r2}`);
  const keyed = keyedItems(instrument, items);
  return importancePerformanceOf(instrument, keyed, scoreKeyed(instrument, keyed), lmg, r2);
}

/**
 * `importancePerformance` from items already keyed and scored (analysis/scales/scoring.ts `keyedItems`,
 * `scoreKeyed`), so the report keys and scores the responses once. Same method, same throws.
 */
export function importancePerformanceOf(
  instrument: Instrument,
  keyed: ItemColumns,
  scores: ItemColumns,
  lmg: Readonly<Record<string, number>>,
  r2: number,
): FactorPriority[] {
  const { max } = instrument.likert;
  return importancePerformanceFrom(
    instrument,
    (scale) => {
      let n = 0,
        sum = 0,
        answers = 0,
        top = 0;
      const score = scores[scale.id];
      for (let i = 0; i < score.length; i++) {
        const v = score[i];
        if (v === v) {
          n++;
          sum += v;
        }
      }
      for (const item of scale.items) {
        const col = keyed[item.id];
        for (let i = 0; i < col.length; i++) {
          const v = col[i];
          if (v === v) {
            answers++;
            if (v >= max - 1) top++;
          }
        }
      }
      return { n, sum, answers, top };
    },
    lmg,
    r2,
  );
}

/** What importance–performance reads of one scale: its scores' count and sum (in row order), its answers and those in the top two points. */
export interface ScalePerformance {
  readonly n: number;
  readonly sum: number;
  readonly answers: number;
  readonly top: number;
}

/**
 * `importancePerformance` from each organizational scale's `ScalePerformance`, gathered elsewhere
 * (e.g. by the report's one pass over its columns, analysis/report/report-item-pass.ts). Same method, same throws.
 */
export function importancePerformanceFrom(
  instrument: Instrument,
  performance: (scale: Scale) => ScalePerformance,
  lmg: Readonly<Record<string, number>>,
  r2: number,
): FactorPriority[] {
  if (!(r2 > 0)) throw new Error(`priorities need a positive R², got ${r2}`);
  const { min, max } = instrument.likert;
  return instrument.scales
    .filter((s) => s.group === 'organizational')
    .map((scale) => {
      const value = lmg[scale.id];
      if (value === undefined || Number.isNaN(value))
        throw new Error(`no LMG value for organizational scale "${scale.id}"`);
      const { n, sum, answers, top } = performance(scale);
      const mean = n > 0 ? sum / n : NaN;
      const importance = value / r2;
      return {
        scale: scale.id,
        importance,
        mean,
        n,
        favourable: answers > 0 ? top / answers : NaN,
        priority: (importance * (max - mean)) / (max - min),
      };
    })
    .sort((a, b) => b.priority - a.priority || a.scale.localeCompare(b.scale));
}

export type Lever = keyof ActionLevers;
const LEVERS: readonly Lever[] = ['decisionRights', 'dataAccess', 'measurement'];
const LABEL: Record<Lever, string> = {
  decisionRights: 'decision rights',
  dataAccess: 'data access',
  measurement: 'measurement',
};

export interface WorkflowFigures {
  readonly workflow: string;
  readonly n: number;
  /** Number of predictors in that workflow's model. */
  readonly p: number;
  readonly r2: number;
  /** Organizational group LMG / R² in that workflow. */
  readonly orgShare: number;
  readonly leverMeans: Readonly<Record<Lever, number>>;
  /** Mean of all organizational scale scores there; defaults to the mean of the three lever means. */
  readonly orgMean?: number;
  /** LMG share of each lever there; breaks ties between equally low lever means (higher first). */
  readonly leverImportance?: Readonly<Partial<Record<Lever, number>>>;
}

export interface Recommendation {
  readonly workflow: string | null;
  readonly lever: Lever | null;
  readonly ranked: readonly {
    readonly workflow: string;
    readonly score: number;
    readonly org_share: number;
    readonly org_mean: number;
  }[];
  readonly ineligible: readonly { readonly workflow: string; readonly reason: string }[];
  readonly sentence: string;
}

const f2 = (v: number) => v.toFixed(2);

/**
 * Recommends one workflow to start with. Eligible: n ≥ minNPerPredictor × p (the 10-per-predictor
 * rule of thumb, e.g. Harrell 2015 §4.4). Rule: the highest orgShare × (max − orgMean)/(max − min),
 * i.e. where organizational factors carry the most explained variance AND score furthest from the top
 * (ties: larger n, then name). The first lever to redesign there is the one with the lowest mean
 * (ties: higher LMG share, then the order decision rights, data access, measurement). A workflow
 * with n below the anonymity threshold is reported without its n. Throws on a missing lever mean.
 */
export function recommendWorkflow(
  perWorkflow: readonly WorkflowFigures[],
  options: { likert: { min: number; max: number }; minNPerPredictor?: number; threshold?: number },
): Recommendation {
  const { min, max } = options.likert;
  const per = options.minNPerPredictor ?? 10,
    k = options.threshold ?? 5;
  const ineligible: { workflow: string; reason: string }[] = [];
  const ranked: { workflow: string; score: number; org_share: number; org_mean: number; w: WorkflowFigures }[] = [];
  for (const w of perWorkflow) {
    for (const l of LEVERS)
      if (!Number.isFinite(w.leverMeans[l])) throw new Error(`workflow "${w.workflow}": no mean for ${LABEL[l]}`);
    const need = per * w.p;
    if (w.n < need) {
      ineligible.push({
        workflow: w.workflow,
        reason: `${w.n < k ? `fewer than ${k} responses` : `n = ${w.n}`} is below ${per} × ${w.p} = ${need} needed`,
      });
      continue;
    }
    const orgMean = w.orgMean ?? LEVERS.reduce((s, l) => s + w.leverMeans[l], 0) / LEVERS.length;
    ranked.push({
      workflow: w.workflow,
      score: (w.orgShare * (max - orgMean)) / (max - min),
      org_share: w.orgShare,
      org_mean: orgMean,
      w,
    });
  }
  ranked.sort((a, b) => b.score - a.score || b.w.n - a.w.n || a.workflow.localeCompare(b.workflow));
  const out = ranked.map(({ w: _w, ...rest }) => rest);
  if (ranked.length === 0) {
    return {
      workflow: null,
      lever: null,
      ranked: out,
      ineligible,
      sentence: 'No workflow has enough responses for its own decomposition, so no workflow is recommended yet.',
    };
  }
  const best = ranked[0].w;
  const imp = (l: Lever) => best.leverImportance?.[l] ?? 0;
  const lever = [...LEVERS].sort((a, b) => best.leverMeans[a] - best.leverMeans[b] || imp(b) - imp(a))[0];
  const sentence =
    `Start with "${best.workflow}" (n = ${best.n}): organizational factors carry ${(best.orgShare * 100).toFixed(0)}% of the explained variance there ` +
    `(R² = ${f2(best.r2)}) and average ${f2(ranked[0].org_mean)} on the ${min}–${max} scale, the highest priority score (${f2(ranked[0].score)})` +
    `${ranked.length > 1 ? ` ahead of "${ranked[1].workflow}" (${f2(ranked[1].score)})` : ''}. Redesign ${LABEL[lever]} first: its mean of ` +
    `${f2(best.leverMeans[lever])} is the lowest of the three levers (${LEVERS.map((l) => `${LABEL[l]} ${f2(best.leverMeans[l])}`).join(', ')}).`;
  return { workflow: best.workflow, lever, ranked: out, ineligible, sentence };
}
