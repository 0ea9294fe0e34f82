/**
 * The known population of the coverage study (bench/coverage.ts): the latent model of the demo data
 * (server/demo/synthetic-responses.ts, its SYNTHETIC_MODEL constants) without teams or item noise,
 * so its covariance is known exactly. Five organizational factors share a common factor C, three
 * individual factors a factor D tied to C, and the outcome is a weighted sum plus noise:
 *   z_k = √ρ_org C + √(1 − ρ_org) S_k,   D = γ C + √(1 − γ²) E,   w_j = √ρ_ind D + √(1 − ρ_ind) E_j,
 *   y = b_org Σ z_k + b_ind Σ w_j + √V_noise ε,
 * with every source standard normal and independent. So x = (y, z, w) = A e for the 11 sources e,
 * the population covariance is A Aᵀ, and the true R², LMG and group LMG come from the same code the
 * report uses (analysis/bootstrap/decomposition-bootstrap.ts `decompositionOfMoments`) applied to it.
 */
import { decompositionOfMoments } from '../analysis/bootstrap/decomposition-bootstrap.js';
import type { ImportanceModel } from '../analysis/importance/relative-importance.js';
import { emptyMoments } from '../analysis/linear/moments.js';
import { SYNTHETIC_MODEL as M } from '../server/demo/synthetic-responses.js';

const ORG = ['decision_rights', 'workflow_orchestration', 'data_access', 'measurement', 'leadership_goals'];
const IND = ['ai_skill', 'training', 'adoption_habits'];

export const POPULATION_MODEL: ImportanceModel = {
  outcome: 'ai_performance',
  predictors: [...ORG, ...IND],
  groups: { organizational: ORG, individual: IND },
};

export interface PopulationTruth {
  readonly r2: number;
  readonly lmg: Readonly<Record<string, number>>;
  readonly groups: Readonly<Record<string, number>>;
  /** organizational LMG / R². */
  readonly org_share: number;
}

/** Rows (y, z1..z5, w1..w3) = A e: A is 9 × 11 row-major over sources (C, S1..S5, E, E1..E3, ε). */
export function loadings(): Float64Array {
  const K = ORG.length;
  const J = IND.length;
  const sources = 1 + K + 1 + J + 1;
  const q = 1 + K + J;
  const a = new Float64Array(q * sources);
  const bOrg = Math.sqrt(M.V_ORG / (K + K * (K - 1) * M.RHO_ORG));
  const bInd = Math.sqrt(M.V_IND / (J + J * (J - 1) * M.RHO_IND));
  const g = M.GAMMA_IND_ON_ORG;
  for (let k = 0; k < K; k++) {
    const row = (1 + k) * sources;
    a[row] = Math.sqrt(M.RHO_ORG); // C
    a[row + 1 + k] = Math.sqrt(1 - M.RHO_ORG); // S_k
  }
  for (let j = 0; j < J; j++) {
    const row = (1 + K + j) * sources;
    a[row] = Math.sqrt(M.RHO_IND) * g; // C through D
    a[row + 1 + K] = Math.sqrt(M.RHO_IND) * Math.sqrt(1 - g * g); // E through D
    a[row + 2 + K + j] = Math.sqrt(1 - M.RHO_IND); // E_j
  }
  for (let s = 0; s < sources; s++) {
    let v = 0;
    for (let k = 0; k < K; k++) v += bOrg * a[(1 + k) * sources + s];
    for (let j = 0; j < J; j++) v += bInd * a[(1 + K + j) * sources + s];
    a[s] = v;
  }
  a[sources - 1] = Math.sqrt(M.V_NOISE); // ε
  return a;
}

/** The true figures: the decomposition of the population covariance A Aᵀ. */
export function populationTruth(a: Float64Array = loadings()): PopulationTruth {
  const q = POPULATION_MODEL.predictors.length + 1;
  const sources = a.length / q;
  const m = emptyMoments(q);
  m.n = 1e6; // any n > q: correlations do not depend on it
  for (let i = 0; i < q; i++)
    for (let j = i; j < q; j++) {
      let s = 0;
      for (let t = 0; t < sources; t++) s += a[i * sources + t] * a[j * sources + t];
      m.comoments[i * q + j] = s;
    }
  const d = decompositionOfMoments(m, POPULATION_MODEL);
  if (!d) throw new Error('the population covariance is singular');
  const lmg = Object.fromEntries(POPULATION_MODEL.predictors.map((p, i) => [p, d.lmg[i]]));
  const groups = { organizational: d.groups[0], individual: d.groups[1] };
  return { r2: d.r2, lmg, groups, org_share: groups.organizational / d.r2 };
}

/** n rows (y, z, w) = A e with e drawn from `normal`. */
export function drawRows(n: number, normal: () => number, a: Float64Array = loadings()): Float64Array[] {
  const q = POPULATION_MODEL.predictors.length + 1;
  const sources = a.length / q;
  const e = new Float64Array(sources);
  const rows: Float64Array[] = [];
  for (let r = 0; r < n; r++) {
    for (let t = 0; t < sources; t++) e[t] = normal();
    const row = new Float64Array(q);
    for (let i = 0; i < q; i++) {
      let s = 0;
      for (let t = 0; t < sources; t++) s += a[i * sources + t] * e[t];
      row[i] = s;
    }
    rows.push(row);
  }
  return rows;
}
