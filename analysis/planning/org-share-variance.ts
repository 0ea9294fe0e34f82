/**
 * How precisely a sample of n respondents estimates the organizational share, by the delta method:
 * the share is a smooth function f(Σ) of the covariance matrix, and for multivariate normal data the
 * sample covariance S has n·Cov(vec S) → (I + K)(Σ ⊗ Σ) (Anderson 2003, §3.4; Browne 1984's
 * normal-theory Γ), so Var f(S) ≈ (2/n) tr(GΣGΣ), G the symmetric gradient of f at Σ.
 */
import { orgShareOfCovariance, type PlanningPopulation } from './planning-population.js';

/** The two-sided normal quantile of a 95% interval. */
export const Z_95 = 1.959963984540054;

/**
 * n · Var(organizational share) for large n (the asymptotic variance; divide by n for a sample of
 * n): (2) tr(GΣGΣ) with G by central differences on each entry of Σ (a symmetric perturbation of
 * an off-diagonal pair moves f by 2·G_ij·h). Throws as `orgShareOfCovariance` does.
 */
export function orgShareAsymptoticVariance(population: PlanningPopulation): number {
  const { sigma, orgCount, indCount } = population;
  const q = orgCount + indCount + 1;
  const g = new Float64Array(q * q);
  const work = Float64Array.from(sigma);
  const f = () => orgShareOfCovariance(work, orgCount, indCount);
  for (let i = 0; i < q; i++)
    for (let j = i; j < q; j++) {
      const h = 1e-5 * Math.sqrt(sigma[i * q + i] * sigma[j * q + j]);
      const set = (v: number) => {
        work[i * q + j] = v;
        work[j * q + i] = v;
      };
      const at = sigma[i * q + j];
      set(at + h);
      const up = f();
      set(at - h);
      const down = f();
      set(at);
      const d = (up - down) / (2 * h);
      g[i * q + j] = g[j * q + i] = i === j ? d : d / 2;
    }
  // tr(GΣGΣ) = Σ_ij (GΣ)_ij (GΣ)_ji
  const gs = new Float64Array(q * q);
  for (let i = 0; i < q; i++)
    for (let j = 0; j < q; j++) {
      let s = 0;
      for (let t = 0; t < q; t++) s += g[i * q + t] * sigma[t * q + j];
      gs[i * q + j] = s;
    }
  let trace = 0;
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) trace += gs[i * q + j] * gs[j * q + i];
  return 2 * trace;
}

/**
 * The expected 95% interval on the organizational share from n complete responses if the true share
 * is `share`: the delta-method standard error √(v/n) carried to the logit scale (se / (s(1 − s))),
 * the interval logit(s) ± z·se there, and back (the share lies in [0, 1]: group LMG is between 0
 * and R²). Near the bounds and at small n this keeps the interval inside [0, 1] and closer to the
 * simulated width than the plain s ± z·se, which overstates it (bench/planner.ts shows both).
 */
export function expectedOrgShareInterval(
  asymptoticVariance: number,
  n: number,
  share: number,
): { readonly interval: readonly [number, number]; readonly half_width: number } {
  const se = Math.sqrt(asymptoticVariance / n) / (share * (1 - share));
  const centre = Math.log(share / (1 - share));
  const expit = (x: number) => 1 / (1 + Math.exp(-x));
  const interval = [expit(centre - Z_95 * se), expit(centre + Z_95 * se)] as const;
  return { interval, half_width: (interval[1] - interval[0]) / 2 };
}
