/**
 * The action layer's one ranking rule and the organization-wide importance–performance priorities
 * of the organizational factors (importance–performance analysis, Martilla & James 1977, with LMG
 * shares as importance as in Grömping 2006's relative-importance framing). The workflow to start
 * with and its first lever are ranked by the same rule (analysis/action/recommendation.ts).
 */
import type { ActionLevers, Instrument, Scale } from '../scales/instrument.js';
import { keyedItems, scoreKeyed, type ItemColumns } from '../scales/scoring.js';

/** The three organizational factors a workflow's redesign acts on (the instrument's `levers`). */
export type Lever = keyof ActionLevers;
export const LEVERS: readonly Lever[] = ['decisionRights', 'dataAccess', 'measurement'];
export const LEVER_LABEL: Readonly<Record<Lever, string>> = {
  decisionRights: 'decision rights',
  dataAccess: 'data access',
  measurement: 'measurement',
};

/**
 * The one ranking rule of the action layer, importance × room to improve (Martilla & James 1977):
 * `share` (a share of the explained variance, 0–1) × (max − mean)/(max − min), the distance of the
 * mean from the top of the Likert range, 0 at the top and 1 at the bottom. Higher comes first.
 */
export function priorityScore(share: number, mean: number, likert: { min: number; max: number }): number {
  return (share * (likert.max - mean)) / (likert.max - likert.min);
}

/** The ranking rule in one sentence, as every surface states it. */
export function rankingRule(likert: { min: number; max: number }): string {
  return (
    `Workflows, levers and factors are all ranked by one rule, highest first: priority = share of the explained variance ` +
    `(the organizational factors together for a workflow, the factor alone for a lever or factor) × distance of the mean ` +
    `from the top of the ${likert.min}–${likert.max} scale (0 at the top, 1 at the bottom).`
  );
}

export interface FactorPriority {
  readonly scale: string;
  /** LMG share of R²: lmg / r2. */
  readonly importance: number;
  /** Mean scale score over respondents with a score, and that n. */
  readonly mean: number;
  readonly n: number;
  /** Share of answered (reverse-keyed) items of the scale in the top two Likert points. */
  readonly favourable: number;
  /** importance × (max − mean) / (max − min): `priorityScore`. */
  readonly priority: number;
  /** The lever this scale is (a factor a workflow's redesign acts on), or null for a factor that is not a lever. */
  readonly lever: Lever | null;
}

/**
 * Importance–performance priorities for every organizational scale: importance = LMG / R² (LMG
 * values computed elsewhere, e.g. analysis/importance/lmg.ts), performance = mean score and % favourable,
 * priority = importance × distance to the top of the scale, normalised by the scale's range (`priorityScore`).
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
  const leverOf = new Map(LEVERS.map((l) => [instrument.levers[l], l]));
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
        priority: priorityScore(importance, mean, instrument.likert),
        lever: leverOf.get(scale.id) ?? null,
      };
    })
    .sort((a, b) => b.priority - a.priority || a.scale.localeCompare(b.scale));
}
