/**
 * The one workflow to start with and the lever to redesign first there, both ranked by the action
 * layer's one rule (analysis/action/priorities.ts `priorityScore`), with how often the bootstrap
 * agrees and the near ties it cannot separate (analysis/action/ranking-uncertainty.ts).
 */
import type { LeverRank, RankedWorkflow, Recommendation } from '../report/report.js';
import type { ActionLevers } from '../scales/instrument.js';
import { LEVER_LABEL, LEVERS, priorityScore, rankingRule, type Lever } from './priorities.js';
import { finiteInterval, rankingUncertainty, type RankingUncertainty } from './ranking-uncertainty.js';
import { headline, methodSentence } from './recommendation-sentence.js';

/** Bootstrap replicates of a workflow's figures, index b = replicate b in every workflow; NaN = not computed. */
export interface WorkflowDraws {
  readonly orgShare: ArrayLike<number>;
  readonly orgMean: ArrayLike<number>;
  readonly leverMeans: Readonly<Record<Lever, ArrayLike<number>>>;
  /**
   * Each lever's LMG share per replicate: asked for only for the workflows the recommendation names
   * (the first, and any tied with it), since each replicate needs a whole subset-R² table.
   */
  readonly leverImportance: () => Readonly<Record<Lever, ArrayLike<number>>>;
}

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
  /** LMG share of R² of each lever there (its importance). */
  readonly leverImportance: Readonly<Record<Lever, number>>;
  /** Bootstrap replicates of the figures above; absent without bootstrap. */
  readonly draws?: WorkflowDraws;
}

export interface RecommendOptions {
  readonly likert: { readonly min: number; readonly max: number };
  /** Lever → scale id (the instrument's `levers`). */
  readonly levers: ActionLevers;
  readonly minNPerPredictor?: number;
  readonly threshold?: number;
  /** Interval coverage, also the tie rule's (default 0.95). */
  readonly level?: number;
  /** How the draws were made, for the method sentence; required for intervals and frequencies. */
  readonly bootstrap?: {
    readonly B: number;
    readonly seed: number;
    readonly blocks: number;
    readonly blocked: boolean;
  };
}

/**
 * Recommends one workflow to start with. Eligible: n ≥ minNPerPredictor × p (the 10-per-predictor
 * rule of thumb, e.g. Harrell 2015 §4.4). Workflows rank by priority = orgShare × distance of the
 * organizational mean from the top of the scale (ties: larger n, then name); the levers there by
 * priority = the lever's LMG share × distance of its mean from the top (ties: higher share, then
 * decision rights, data access, measurement). With draws, each ranking gets pick frequencies,
 * priority intervals and its near ties (rankingUncertainty at `level`); a tie is named in the
 * sentence. A workflow with n below the anonymity threshold is reported without its n. Throws on a
 * missing lever mean.
 */
export function recommendWorkflow(perWorkflow: readonly WorkflowFigures[], options: RecommendOptions): Recommendation {
  const { likert } = options;
  const per = options.minNPerPredictor ?? 10,
    k = options.threshold ?? 5,
    level = options.level ?? 0.95;
  const ineligible: { workflow: string; reason: string }[] = [];
  const eligible: WorkflowFigures[] = [];
  for (const w of perWorkflow) {
    for (const l of LEVERS)
      if (!Number.isFinite(w.leverMeans[l])) throw new Error(`workflow "${w.workflow}": no mean for ${LEVER_LABEL[l]}`);
    const need = per * w.p;
    if (w.n < need)
      ineligible.push({
        workflow: w.workflow,
        reason: `${w.n < k ? `fewer than ${k} responses` : `n = ${w.n}`} is below ${per} × ${w.p} = ${need} needed`,
      });
    else eligible.push(w);
  }
  const orgMeanOf = (w: WorkflowFigures) =>
    w.orgMean ?? LEVERS.reduce((s, l) => s + w.leverMeans[l], 0) / LEVERS.length;
  const priorityOf = (w: WorkflowFigures) => priorityScore(w.orgShare, orgMeanOf(w), likert);
  eligible.sort((a, b) => priorityOf(b) - priorityOf(a) || b.n - a.n || a.workflow.localeCompare(b.workflow));
  const withDraws = options.bootstrap !== undefined && eligible.length > 0 && eligible.every((w) => w.draws);
  const uncertainty = withDraws
    ? rankingUncertainty(
        eligible.map((w) => ({
          priority: priorityOf(w),
          draws: Float64Array.from(w.draws!.orgShare, (s, b) => priorityScore(s, w.draws!.orgMean[b], likert)),
        })),
        level,
      )
    : null;
  const named = (i: number) => i === 0 || (uncertainty?.tiedWithFirst.includes(i) ?? false);
  const ranked = eligible.map((w, i) =>
    rankWorkflow(w, i, uncertainty, { ...options, level }, priorityOf(w), orgMeanOf(w), named(i)),
  );
  const base = {
    ranked,
    ineligible,
    rule: rankingRule(likert),
    uncertainty:
      uncertainty && options.bootstrap
        ? {
            B: options.bootstrap.B,
            seed: options.bootstrap.seed,
            level,
            resamples: uncertainty.resamples,
            blocks: options.bootstrap.blocks,
            sentence: methodSentence(options.bootstrap, level),
          }
        : null,
  };
  if (ranked.length === 0)
    return {
      workflow: null,
      lever: null,
      tied_workflows: [],
      tied_levers: [],
      ...base,
      sentence: 'No workflow has enough responses for its own decomposition, so no workflow is recommended yet.',
    };
  const tiedWorkflows = (uncertainty?.tiedWithFirst ?? []).map((j) => ranked[j].workflow);
  const best = ranked[0];
  return {
    workflow: best.workflow,
    lever: best.levers[0].lever,
    tied_workflows: tiedWorkflows,
    tied_levers: best.tied_levers,
    ...base,
    sentence: headline(ranked, tiedWorkflows, likert, level, base.uncertainty?.resamples ?? null),
  };
}

/** One eligible workflow with its levers ranked, and the intervals and frequencies when there are draws. */
function rankWorkflow(
  w: WorkflowFigures,
  index: number,
  uncertainty: RankingUncertainty | null,
  options: RecommendOptions & { level: number },
  priority: number,
  orgMean: number,
  named: boolean,
): RankedWorkflow {
  const { likert, level } = options;
  const d = w.draws;
  const leverDraws = d && uncertainty && named ? d.leverImportance() : null;
  const leverPriority = (l: Lever) => priorityScore(w.leverImportance[l], w.leverMeans[l], likert);
  const order = [...LEVERS].sort(
    (a, b) => leverPriority(b) - leverPriority(a) || w.leverImportance[b] - w.leverImportance[a],
  );
  const leverUncertainty =
    d && leverDraws
      ? rankingUncertainty(
          order.map((l) => ({
            priority: leverPriority(l),
            draws: Float64Array.from(leverDraws[l], (s, b) => priorityScore(s, d.leverMeans[l][b], likert)),
          })),
          level,
        )
      : null;
  const interval = (values: ArrayLike<number>) => finiteInterval(values, level);
  const levers: LeverRank[] = order.map((l, i) => ({
    lever: l,
    scale: options.levers[l],
    share: w.leverImportance[l],
    mean: w.leverMeans[l],
    mean_ci: d && uncertainty ? interval(d.leverMeans[l]) : null,
    priority: leverPriority(l),
    priority_ci: leverUncertainty?.priorityCi[i] ?? null,
    pick_frequency: leverUncertainty?.pickFrequency[i] ?? null,
  }));
  return {
    workflow: w.workflow,
    n: w.n,
    priority,
    priority_ci: uncertainty?.priorityCi[index] ?? null,
    org_share: w.orgShare,
    org_share_ci: d && uncertainty ? interval(d.orgShare) : null,
    org_mean: orgMean,
    pick_frequency: uncertainty?.pickFrequency[index] ?? null,
    levers,
    tied_levers: (leverUncertainty?.tiedWithFirst ?? []).map((j) => order[j]),
  };
}
