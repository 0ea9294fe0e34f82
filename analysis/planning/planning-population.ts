/**
 * The population a sample-size plan assumes before any data exist: standardized scale scores of
 * an instrument's organizational and individual scales, equicorrelated within each group and
 * across groups, and an outcome that depends on them with equal weights within a group, tuned so
 * that R² and the organizational share of R² (group LMG, two players) take the assumed values.
 */
import { lmgShares, playerTable } from '../importance/lmg.js';
import { subsetR2Table } from '../importance/subset-r2.js';
import { symmetricEigen } from '../linear/symmetric-eigen.js';

/** What a plan assumes about the survey it plans for; every figure of the plan depends on these. */
export interface PlanningAssumptions {
  /** Share of the outcome's variance the scales explain together. */
  readonly r2: number;
  /** Organizational share of that explained part (the headline split). */
  readonly org_share: number;
  /** Correlation between two organizational scale scores. */
  readonly within_org: number;
  /** Correlation between two individual scale scores. */
  readonly within_ind: number;
  /** Correlation between an organizational and an individual scale score. */
  readonly between: number;
}

/**
 * The defaults: R² = 0.3 (a moderate fit for self-reported survey scales), an organizational share
 * of 0.67 (the 2026 Work Trend Index's split, and about the demo's), scales correlating 0.4 within
 * a group and 0.2 across groups.
 */
export const DEFAULT_ASSUMPTIONS: PlanningAssumptions = {
  r2: 0.3,
  org_share: 0.67,
  within_org: 0.4,
  within_ind: 0.4,
  between: 0.2,
};

/** The covariance matrix of [outcome, organizational scales…, individual scales…], (1 + p) × (1 + p) row-major. */
export interface PlanningPopulation {
  readonly orgCount: number;
  readonly indCount: number;
  readonly sigma: Float64Array;
}

/**
 * The organizational share of explained variance in a covariance matrix of [outcome, organizational
 * scales (the first `orgCount`), individual scales]: group LMG of the organizational player over R²
 * (Lindeman, Merenda & Gold 1980 with groups as players, relaimpo's `groups=`), from the subset-R²
 * table of the correlations. Throws as `subsetR2Table` does on collinear scales.
 */
export function orgShareOfCovariance(sigma: ArrayLike<number>, orgCount: number, indCount: number): number {
  const p = orgCount + indCount;
  const q = p + 1;
  const sd = (i: number) => Math.sqrt(sigma[i * q + i]);
  const rxy = new Float64Array(p);
  const rxx = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    rxy[i] = sigma[(i + 1) * q] / (sd(0) * sd(i + 1));
    for (let j = 0; j < p; j++) rxx[i * p + j] = sigma[(i + 1) * q + j + 1] / (sd(i + 1) * sd(j + 1));
  }
  const table = subsetR2Table(rxx, rxy, p);
  const org = (1 << orgCount) - 1;
  const [orgLmg] = lmgShares(playerTable(table, [org, ((1 << p) - 1) ^ org]), 2);
  return orgLmg / table[(1 << p) - 1];
}

function checkAssumptions(a: PlanningAssumptions): void {
  const open = (name: string, v: number) => {
    if (!(v > 0 && v < 1)) throw new RangeError(`the assumed ${name} must lie strictly between 0 and 1 (got ${v})`);
  };
  open('R²', a.r2);
  open('organizational share', a.org_share);
  for (const [name, v] of [
    ['correlation within organizational scales', a.within_org],
    ['correlation within individual scales', a.within_ind],
    ['correlation between the groups', a.between],
  ] as const)
    if (!(v >= 0 && v < 1)) throw new RangeError(`the assumed ${name} must be at least 0 and below 1 (got ${v})`);
}

/** The predictor correlation matrix of the assumptions (organizational scales first). */
function predictorCorrelations(orgCount: number, indCount: number, a: PlanningAssumptions): Float64Array {
  const p = orgCount + indCount;
  const r = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      const iOrg = i < orgCount,
        jOrg = j < orgCount;
      r[i * p + j] = i === j ? 1 : iOrg && jOrg ? a.within_org : !iOrg && !jOrg ? a.within_ind : a.between;
    }
  if (Math.min(...symmetricEigen(r, p).values) < 1e-6)
    throw new RangeError(
      'the assumed correlations between scales are not possible together; lower the between-group one',
    );
  return r;
}

/** [outcome, predictors] covariance for weights `beta` on predictors with correlations `r`, noise variance `noise`. */
function jointCovariance(r: Float64Array, beta: Float64Array, noise: number): Float64Array {
  const p = beta.length;
  const q = p + 1;
  const sigma = new Float64Array(q * q);
  let signal = 0;
  for (let i = 0; i < p; i++) {
    let c = 0;
    for (let j = 0; j < p; j++) c += r[i * p + j] * beta[j];
    sigma[(i + 1) * q] = sigma[i + 1] = c;
    signal += beta[i] * c;
    for (let j = 0; j < p; j++) sigma[(i + 1) * q + j + 1] = r[i * p + j];
  }
  sigma[0] = signal + noise;
  return sigma;
}

/**
 * The population of the assumptions for an instrument with `orgCount` organizational and `indCount`
 * individual scales. The weight of each organizational scale is cos θ and of each individual one
 * sin θ; θ is found by bisection so the organizational share is `org_share` (the share falls as θ
 * rises, and does not depend on the noise), then the noise variance so that R² is `r2`. Throws a
 * RangeError on assumptions out of range, correlations that cannot coexist, or a share these
 * correlations cannot reach (with strongly related groups neither can explain almost everything).
 */
export function planningPopulation(
  orgCount: number,
  indCount: number,
  assumptions: PlanningAssumptions = DEFAULT_ASSUMPTIONS,
): PlanningPopulation {
  if (orgCount < 1 || indCount < 1)
    throw new RangeError('a plan of the split needs at least one organizational and one individual scale');
  checkAssumptions(assumptions);
  const r = predictorCorrelations(orgCount, indCount, assumptions);
  const p = orgCount + indCount;
  const weights = (theta: number) =>
    Float64Array.from({ length: p }, (_, i) => (i < orgCount ? Math.cos(theta) : Math.sin(theta)));
  const shareAt = (theta: number) => orgShareOfCovariance(jointCovariance(r, weights(theta), 1), orgCount, indCount);
  let lo = 1e-6,
    hi = Math.PI / 2 - 1e-6;
  const [most, least] = [shareAt(lo), shareAt(hi)];
  if (!(assumptions.org_share <= most && assumptions.org_share >= least))
    throw new RangeError(
      `with these correlations the organizational share can only lie between ${least.toFixed(2)} and ${most.toFixed(2)} (assumed ${assumptions.org_share})`,
    );
  for (let step = 0; step < 60; step++) {
    const mid = (lo + hi) / 2;
    if (shareAt(mid) > assumptions.org_share) lo = mid;
    else hi = mid;
  }
  const beta = weights((lo + hi) / 2);
  const signal = jointCovariance(r, beta, 0)[0];
  return {
    orgCount,
    indCount,
    sigma: jointCovariance(r, beta, (signal * (1 - assumptions.r2)) / assumptions.r2),
  };
}
