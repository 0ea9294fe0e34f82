/**
 * The `readiness analyze --json` document: the analysis results under the keys of the CLI contract
 * (issue 3): n, n_dropped, r2, adj_r2, cv_r2, betas, lmg, lmg_groups, dominance, relative_weights,
 * ci (with each group's share of R², ci.group_shares), warnings, plus lmg_se above the exact limit and
 * a few extras (coefficients, percentages).
 */
import type { BootstrapResult, Interval } from '../../analysis/bootstrap/bootstrap-importance.js';
import type { EstimatedImportanceResult } from '../../analysis/importance/importance-estimate.js';
import type { ImportanceResult, Named } from '../../analysis/importance/relative-importance.js';

export interface MultilevelEntry {
  readonly icc1: number;
  readonly icc2: number;
  readonly between: number;
  readonly within: number;
}

export interface AnalyzeJson {
  readonly outcome: string;
  readonly predictors: readonly string[];
  readonly n: number;
  readonly n_dropped: number;
  readonly r2: number;
  readonly adj_r2: number;
  readonly cv_r2: number | null;
  readonly betas: Named;
  readonly lmg: Named;
  readonly lmg_se?: Named;
  readonly lmg_groups?: Named;
  readonly lmg_groups_se?: Named;
  readonly dominance?: {
    readonly general: Named;
    readonly conditional: Readonly<Record<string, readonly number[]>>;
    /** complete[a][b]: true = a completely dominates b, false = b dominates a, null = neither. */
    readonly complete: Readonly<Record<string, Readonly<Record<string, boolean | null>>>>;
  };
  readonly relative_weights: Named;
  readonly relative_weights_percent: Named;
  readonly coefficients: { readonly intercept: number; readonly slopes: Named };
  readonly condition_number: number;
  readonly ci?: {
    readonly level: number;
    readonly B: number;
    readonly seed: number;
    /** Resamples skipped (a constant column or collinear predictors within them). */
    readonly failed: number;
    /** Of the R² and LMG intervals: "bca" (bias-corrected and accelerated, Efron 1987) or "percentile". */
    readonly method: 'bca' | 'percentile';
    /** Of the group_shares intervals ("percentile": it covers better there, see bench/coverage.ts). */
    readonly share_method: 'bca' | 'percentile';
    readonly r2: readonly [number, number];
    readonly lmg: Readonly<Record<string, readonly [number, number]>>;
    readonly lmg_groups?: Readonly<Record<string, readonly [number, number]>>;
    /** Each group's share of R² (group LMG / R²): the interval of the headline split. */
    readonly group_shares?: Readonly<Record<string, readonly [number, number]>>;
    /** Figures whose interval is percentile instead of BCa, or unaccelerated, and why. */
    readonly notes: readonly string[];
  };
  readonly multilevel?: Readonly<Record<string, MultilevelEntry>>;
  readonly warnings: readonly string[];
}

const pair = (i: Interval): [number, number] => [i.lower, i.upper];
const pairs = (o: Readonly<Record<string, Interval>>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, pair(v)]));

/** Builds the contract document from an exact or estimated result, the bootstrap (when run) and multilevel figures (with --unit). */
export function analyzeJson(
  r: ImportanceResult | EstimatedImportanceResult,
  boot?: { result: BootstrapResult; seed: number },
  multilevel?: Readonly<Record<string, MultilevelEntry>>,
): AnalyzeJson {
  const exact = 'dominance' in r ? r : undefined;
  const estimate = 'lmgSe' in r ? r : undefined;
  return {
    outcome: r.outcome,
    predictors: r.predictors,
    n: r.n,
    n_dropped: r.dropped,
    r2: r.r2,
    adj_r2: r.adjR2,
    cv_r2: r.cvR2 ?? null,
    betas: r.betas,
    lmg: r.lmg,
    ...(estimate ? { lmg_se: estimate.lmgSe } : {}),
    ...(r.groupLmg ? { lmg_groups: r.groupLmg } : {}),
    ...(estimate?.groupLmgSe ? { lmg_groups_se: estimate.groupLmgSe } : {}),
    ...(exact
      ? {
          dominance: {
            general: exact.dominance.general,
            conditional: exact.dominance.conditional,
            complete: completeRelation(exact.predictors, exact.dominance.complete),
          },
        }
      : {}),
    relative_weights: r.relativeWeights.raw,
    relative_weights_percent: r.relativeWeights.percent,
    coefficients: r.coefficients,
    condition_number: r.conditionNumber,
    ...(boot
      ? {
          ci: {
            level: boot.result.level,
            B: boot.result.replicates,
            seed: boot.seed,
            failed: boot.result.failed,
            method: boot.result.method,
            share_method: boot.result.shareMethod,
            r2: pair(boot.result.r2),
            lmg: pairs(boot.result.lmg),
            ...(boot.result.groupLmg ? { lmg_groups: pairs(boot.result.groupLmg) } : {}),
            ...(boot.result.groupShare ? { group_shares: pairs(boot.result.groupShare) } : {}),
            notes: boot.result.notes,
          },
        }
      : {}),
    ...(multilevel ? { multilevel } : {}),
    warnings: r.warnings,
  };
}

/** The 1 / 0 / 0.5 matrix as complete[a][b] = true / false / null, diagonal left out. */
function completeRelation(
  names: readonly string[],
  m: readonly (readonly number[])[],
): Record<string, Record<string, boolean | null>> {
  return Object.fromEntries(
    names.map((a, i) => [
      a,
      Object.fromEntries(
        names.flatMap((b, j) => (i === j ? [] : [[b, m[i][j] === 1 ? true : m[i][j] === 0 ? false : null]])),
      ),
    ]),
  );
}
