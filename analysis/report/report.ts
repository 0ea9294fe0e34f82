/**
 * The one `Report` type every surface renders: the dashboard pages, the CLI (`readiness report`,
 * table and --json), the CSV downloads and later the JSON API. Built once by `buildReport`
 * (analysis/report/build-report.ts) with suppression already applied: a figure for a group below the
 * survey's anonymity threshold is a suppressed `Cell`, never a number a template could print.
 * Field names are the JSON names (snake_case where the CLI's JSON documents them).
 */
import type { FactorPriority, Lever } from '../action/priorities.js';
import type { SegmentReport } from '../action/segments.js';
import type { Cell } from '../anonymity/suppressed.js';
import type { ScaleGroup } from '../scales/instrument.js';

/** A two-sided bootstrap interval [lower, upper], formed as `meta.bootstrap` says (and the warnings, for an exception). */
export type Interval = readonly [number, number];

/**
 * How the intervals are formed: 'bca', bias-corrected and accelerated (Efron 1987), or 'percentile'
 * (analysis/bootstrap/bca-interval.ts).
 */
export type IntervalMethod = 'bca' | 'percentile';

export interface ReportMeta {
  readonly instrument: { readonly id: string; readonly version: number; readonly title: string };
  readonly likert: { readonly min: number; readonly max: number; readonly labels: readonly string[] };
  /** Anonymity threshold K: no figure for a group of fewer than K responses. */
  readonly threshold: number;
  /** Free-text comments are shown only when at least this many exist. */
  readonly comment_threshold: number;
  /** Responses in the data the report was built from. */
  readonly responses: number;
  /** Responses left out before the analysis as low quality (straight-lined or implausibly fast). */
  readonly excluded_low_quality: number;
  /**
   * The bootstrap behind the intervals: replicates, seed, level, the method of the R² and LMG
   * intervals and that of the share intervals (analysis/bootstrap/decomposition-intervals.ts
   * REPORT_METHODS: BCa and percentile).
   */
  readonly bootstrap: {
    readonly B: number;
    readonly seed: number;
    readonly level: number;
    readonly method: IntervalMethod;
    readonly share_method: IntervalMethod;
  } | null;
}

/** Per-scale descriptives, over all respondents with a score on that scale. */
export interface ScaleSummary {
  readonly id: string;
  readonly title: string;
  readonly group: ScaleGroup;
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  /** Share of answered items (after reverse keying) in the top two Likert points. */
  readonly favourable: number;
  /** Share of answered items at each Likert point, min … max (after reverse keying). */
  readonly distribution: readonly number[];
  /**
   * Cronbach's alpha; null for a one-item scale or when it cannot be computed (reason in warnings).
   * Alpha below 0 is outside its meaningful range [0, 1]: the items are negatively related on
   * average, usually a reverse-keyed item scored the wrong way. `raw` and `std` keep the value as
   * computed (as psych::alpha reports it), `below_0` is set and a warning says why; the pages and
   * the CLI show "below 0" with that reason instead of the number.
   */
  readonly alpha: {
    readonly raw: number;
    readonly std: number;
    readonly below_07: boolean;
    readonly below_0: boolean;
  } | null;
  readonly items: readonly {
    readonly id: string;
    readonly text: string;
    readonly reverse: boolean;
    readonly item_rest_r: number | null;
    readonly alpha_if_deleted: number | null;
  }[];
}

/** One player of the headline split (a scale group: organizational, individual). */
export interface GroupShare {
  readonly group: ScaleGroup;
  /** Group LMG in R² units (the group as one player). */
  readonly lmg: number;
  /** lmg / r2: the share of the explained variance. */
  readonly share: number;
  readonly ci: Interval | null;
  readonly share_ci: Interval | null;
}

export interface FactorImportance {
  readonly id: string;
  readonly title: string;
  readonly group: ScaleGroup;
  /** Standardized regression coefficient (slope × sd(x) / sd(y)). */
  readonly beta: number;
  readonly lmg: number;
  readonly share: number;
  readonly ci: Interval | null;
  readonly relative_weight: number;
  /** conditional dominance, k = 0 … p − 1 */
  readonly conditional: readonly number[];
}

/** Outcome ~ organizational + individual scale scores: the variance breakdown. */
export interface Decomposition {
  readonly outcome: string;
  readonly n: number;
  readonly n_dropped: number;
  readonly r2: number;
  readonly adj_r2: number;
  readonly cv_r2: number | null;
  readonly r2_ci: Interval | null;
  readonly groups: readonly GroupShare[];
  readonly factors: readonly FactorImportance[];
  /** Pairs where the first completely dominates the second. */
  readonly complete_dominance: readonly { readonly dominant: string; readonly dominated: string }[];
  /** The headline in words, e.g. "Organizational factors explain 64% of the explained variance …". */
  readonly headline: string;
}

/**
 * What the variance breakdown is missing when there are too few complete responses for it:
 * p factors need at least p + 2 complete responses (one more than the p + 1 coefficients).
 */
export interface DecompositionNeeds {
  /** Complete responses still missing. */
  readonly more: number;
  /** Why, e.g. "8 factors need at least 10 complete responses". */
  readonly reason: string;
  /** The one sentence every surface shows, e.g. "3 more responses are needed for the breakdown (8 factors need at least 10 complete responses)." */
  readonly sentence: string;
}

/** The multilevel lens for one variable (outcome or scale) across units. */
export interface MultilevelFigures {
  /**
   * ICC(1) and ICC(2) as computed (analysis/multilevel/icc.ts, as in R). Both are below 0 exactly when
   * the between-unit mean square is below the within-unit one: no differences between units beyond
   * chance. Their meaningful range starts at 0 (ICC(2) can fall far below, e.g. −37.5, with a few
   * similar units), so then `below_zero` is set, a warning says why, and the pages and the CLI show
   * "below 0" with that reason instead of the numbers.
   */
  readonly icc1: number;
  readonly icc2: number;
  /** ICC(1) and ICC(2) < 0: no unit differences beyond chance (the figures are not meaningful as numbers). */
  readonly below_zero: boolean;
  /** REML between-unit variance (lme4 `y ~ 1 + (1 | unit)`). */
  readonly between: number;
  readonly within: number;
  readonly units: number;
  /** ICC(2) ≥ 0.6: unit means are reliable enough to compare. */
  readonly reliable_means: boolean;
}

/** One row of the units × scales heatmap; departments aggregate their teams. */
export interface UnitRow {
  readonly id: string;
  readonly name: string;
  readonly parent: string | null;
  /**
   * Mean score per scale id, and rwg(j) agreement per scale id; suppressed below the threshold.
   * rwg(j) always lies in [0, 1] (NaN when no item has two answers): analysis/multilevel/rwg.ts sets it
   * to 0 when the unit disagrees more than random answering would (s̄² ≥ σ²_EU), the convention of
   * James, Demaree & Wolf (1984) and Lindell & Brandt (1999); it cannot exceed 1.
   */
  readonly scores: Cell<Readonly<Record<string, number>>>;
  readonly agreement: Cell<Readonly<Record<string, number>>>;
}

export interface WorkflowRow {
  readonly workflow: string;
  readonly n: Cell<number>;
  /** Organizational share of explained variance there, when n ≥ 10·p and above the threshold. */
  readonly org_share: Cell<number | null>;
  /** Its bootstrap interval (Recommendation.uncertainty says how); null without a share or without bootstrap. */
  readonly org_share_ci: Cell<Interval | null>;
  readonly r2: Cell<number | null>;
  /** Mean of each lever's scale there, keyed by scale id. */
  readonly lever_means: Cell<Readonly<Record<string, number>>>;
  /** Bootstrap interval of each lever mean, keyed by scale id; null without bootstrap. */
  readonly lever_means_ci: Cell<Readonly<Record<string, Interval>> | null>;
}

/** One demographic cut: its values, and the figures per value for everyone and within each unit allowed. */
export interface CutReport {
  /** "role_level", "language", or "demographic:<question id>". */
  readonly id: string;
  readonly title: string;
  /** The values in the instrument's order (then any other value found in the responses). */
  readonly values: readonly string[];
  /** Everyone (unit null) first, then the units the cut may be shown within, in the tree's order. */
  readonly scopes: readonly CutScope[];
  /** Units the report shows but where this cut is withheld (it would let a group below K be worked out). */
  readonly withheld_units: readonly string[];
}

export interface CutScope {
  readonly unit: string | null;
  /** Responses in the scope (its unit's n; all responses for everyone). */
  readonly n: number;
  readonly rows: readonly CutRow[];
}

/** One value of a cut within one scope; suppressed cells say only "fewer than K, or hidden to protect one". */
export interface CutRow {
  readonly value: string;
  readonly n: Cell<number>;
  /** Mean score per scale id (scales with no score in the group are left out). */
  readonly means: Cell<Readonly<Record<string, number>>>;
  /**
   * Organizational share of the explained variance there, for everyone and top-level units only; null
   * when n < 10·p, the model cannot be fitted, or the unit is below the top level.
   */
  readonly org_share: Cell<number | null>;
}

/** One lever in one workflow, ranked by priority there (analysis/action/priorities.ts `priorityScore`). */
export interface LeverRank {
  readonly lever: Lever;
  /** The lever's scale id. */
  readonly scale: string;
  /** Its LMG share of R² in the workflow (importance). */
  readonly share: number;
  readonly mean: number;
  readonly mean_ci: Interval | null;
  /** share × distance of the mean from the top of the scale. */
  readonly priority: number;
  readonly priority_ci: Interval | null;
  /** Share of the bootstrap resamples in which it ranks first of the three levers there; null without bootstrap. */
  readonly pick_frequency: number | null;
}

/** One workflow with its own decomposition, ranked by priority. */
export interface RankedWorkflow {
  readonly workflow: string;
  readonly n: number;
  /** org_share × distance of org_mean from the top of the scale. */
  readonly priority: number;
  readonly priority_ci: Interval | null;
  readonly org_share: number;
  readonly org_share_ci: Interval | null;
  /** Mean of the organizational scale means there. */
  readonly org_mean: number;
  /** Share of the bootstrap resamples in which it ranks first of the workflows; null without bootstrap. */
  readonly pick_frequency: number | null;
  /** The three levers there, highest priority first. */
  readonly levers: readonly LeverRank[];
  /** Levers the bootstrap does not separate from the first one there (a near tie); empty otherwise. */
  readonly tied_levers: readonly Lever[];
}

/** How the recommendation's intervals, pick frequencies and ties were computed. */
export interface RecommendationUncertainty {
  readonly B: number;
  readonly seed: number;
  readonly level: number;
  /** Resamples in which every ranked workflow could be fitted: the base of the pick frequencies. */
  readonly resamples: number;
  /** Respondents are resampled one by one up to this many per workflow, in this many blocks above. */
  readonly blocks: number;
  /** The method in one sentence, e.g. "Intervals (95%, percentile) … tied when …". */
  readonly sentence: string;
}

/** The workflow to start with and the lever to redesign first there (analysis/action/recommendation.ts). */
export interface Recommendation {
  /** The workflow with the highest priority; null when none has enough responses. */
  readonly workflow: string | null;
  /** The lever with the highest priority in that workflow. */
  readonly lever: Lever | null;
  /** Workflows the bootstrap does not separate from the first (a near tie, named in the sentence); empty otherwise. */
  readonly tied_workflows: readonly string[];
  /** Levers not separated from the first lever in the first workflow; empty otherwise. */
  readonly tied_levers: readonly Lever[];
  /** Every workflow with its own decomposition, highest priority first. */
  readonly ranked: readonly RankedWorkflow[];
  readonly ineligible: readonly { readonly workflow: string; readonly reason: string }[];
  /** The ranking rule in one sentence (the same for workflows, levers and the organization-wide priorities). */
  readonly rule: string;
  /** null when the report has no bootstrap (B = 0). */
  readonly uncertainty: RecommendationUncertainty | null;
  /** The headline: where to start and what to redesign first, with how often the bootstrap agrees, or the tie. */
  readonly sentence: string;
}

export interface ParticipationRow {
  /** Unit id; null for the responses without a unit. */
  readonly unit: string | null;
  /** "Department / Team"; "No unit" for responses without one. */
  readonly path: string;
  readonly depth: number;
  /** n = responses in the report; rate = n / sent (null without invitations). */
  readonly figures: Cell<{ readonly sent: number; readonly rate: number | null }>;
}

export interface FullReport {
  readonly status: 'ok';
  readonly meta: ReportMeta;
  readonly scales: readonly ScaleSummary[];
  /** null when the model cannot be fitted (reason in warnings). */
  readonly decomposition: Decomposition | null;
  /** Set when the decomposition is null for too few complete responses: how many more it needs, and why. */
  readonly decomposition_needs: DecompositionNeeds | null;
  /** Keyed by outcome / scale id; null without unit information or with fewer than two units. */
  readonly multilevel: Readonly<Record<string, MultilevelFigures>> | null;
  /**
   * Why no verdict on comparing unit means is given (`reliable_means` is then not shown), when fewer
   * than 2 of the units the ICC groups by are shown (the others suppressed); null otherwise, and
   * when there are no multilevel figures.
   */
  readonly unit_comparison_withheld: string | null;
  readonly units: readonly UnitRow[];
  /** Responses, invitations sent and response rate per unit, suppressed exactly where `units` is. */
  readonly participation: readonly ParticipationRow[];
  readonly segments: SegmentReport;
  readonly priorities: readonly FactorPriority[];
  readonly workflows: readonly WorkflowRow[];
  /**
   * The demographic cuts (role level, each demographic question, language) under the cut guard
   * (analysis/anonymity/cut-guard.ts); absent in reports stored before cuts existed.
   */
  readonly cuts?: readonly CutReport[];
  readonly recommendation: Recommendation | null;
  /** Free-text comments, shown only at or above the comment threshold, never per unit. */
  readonly comments: Cell<readonly string[]>;
  /** One sentence each, most important first: a figure not computed, one outside its range, then cautions. */
  readonly warnings: readonly string[];
}

/** Fewer responses in total than the threshold: nothing but the fact is reported. */
export interface SuppressedReport {
  readonly status: 'suppressed';
  readonly meta: ReportMeta;
  readonly n_below: number;
}

export type Report = FullReport | SuppressedReport;
