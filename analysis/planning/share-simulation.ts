/**
 * Monte Carlo check of the planner: surveys of n respondents drawn from a planning population
 * (multivariate normal, Box–Muller normals from the seeded mulberry32), each giving the
 * organizational share the report would compute. Used by the planner's test and bench/planner.ts.
 */
import { choleskyLower } from '../linear/cholesky.js';
import { covarianceMatrix } from '../linear/covariance.js';
import { momentsBuilder } from '../linear/moments.js';
import { mulberry32 } from '../linear/random.js';
import { orgShareOfCovariance, type PlanningPopulation } from './planning-population.js';

/** Standard normal draws from a uniform generator (Box & Muller 1958), two per pair of uniforms. */
export function normalDraws(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

/**
 * `reps` simulated surveys of `n` rows each from `population`, as row arrays [outcome, scales…]
 * handed to `visit` (the array is reused), one call of `start` before each survey. Seeded by `seed`.
 */
export function simulateSurveys(
  population: PlanningPopulation,
  n: number,
  reps: number,
  seed: number,
  visit: { start(rep: number): void; row(values: Float64Array): void; end(rep: number): void },
): void {
  const q = population.orgCount + population.indCount + 1;
  const l = choleskyLower(population.sigma, q);
  const normal = normalDraws(mulberry32(seed));
  const z = new Float64Array(q);
  const x = new Float64Array(q);
  for (let rep = 0; rep < reps; rep++) {
    visit.start(rep);
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < q; i++) z[i] = normal();
      for (let i = 0; i < q; i++) {
        let s = 0;
        for (let t = 0; t <= i; t++) s += l[i * q + t] * z[t];
        x[i] = s;
      }
      visit.row(x);
    }
    visit.end(rep);
  }
}

/** The organizational share in each of `reps` simulated surveys of `n` respondents. */
export function simulatedOrgShares(population: PlanningPopulation, n: number, reps: number, seed: number): number[] {
  const q = population.orgCount + population.indCount + 1;
  const shares: number[] = [];
  let builder = momentsBuilder(q);
  simulateSurveys(population, n, reps, seed, {
    start: () => void (builder = momentsBuilder(q)),
    row: (values) => builder.add(values),
    end: () =>
      void shares.push(
        orgShareOfCovariance(covarianceMatrix(builder.finish()), population.orgCount, population.indCount),
      ),
  });
  return shares;
}
