/**
 * How good the sample-size planner's width is (analysis/planning/): the expected half-width of the
 * 95% interval on the organizational share against simulated surveys. Not a test: it prints.
 *
 *   node --import tsx bench/planner.ts [--reps 1000] [--seed 1]     (npm run bench:planner)
 *
 * 1. Normal populations of the planner's own kind (several assumption sets × n): the planner
 *    (delta method on the logit scale), the plain delta method s ± z·se, and the simulated width
 *    (1.96 × SD of the share over `reps` surveys, and half the 2.5–97.5% range).
 * 2. The report's own bootstrap: the mean half-width of the percentile interval the report would
 *    print (analysis/bootstrap/decomposition-bootstrap.ts, B = 500) over 40 simulated surveys.
 * 3. Likert data from the demo generator (server/demo/synthetic-responses.ts: 5-point items, teams,
 *    no planted bottleneck): the assumptions read off 20,000 responses (R², share, mean
 *    correlations), then the planner against `reps` demo surveys of n responses.
 */
import { parseArgs } from 'node:util';
import {
  completeModelRows,
  decompositionDraws,
  decompositionOf,
  percentileInterval,
} from '../analysis/bootstrap/decomposition-bootstrap.js';
import { correlationMatrix } from '../analysis/linear/covariance.js';
import { momentsOfRows } from '../analysis/linear/moments.js';
import { mulberry32 } from '../analysis/linear/random.js';
import { expectedOrgShareInterval, orgShareAsymptoticVariance, Z_95 } from '../analysis/planning/org-share-variance.js';
import { planningPopulation, type PlanningAssumptions } from '../analysis/planning/planning-population.js';
import { simulatedOrgShares, simulateSurveys } from '../analysis/planning/share-simulation.js';
import { instrumentModel } from '../analysis/report/report-decomposition.js';
import { scoreRows } from '../analysis/scales/scoring.js';
import { DEMO_TEAMS, DEMO_WORKFLOWS } from '../server/demo/demo-organization.js';
import { generateResponses } from '../server/demo/synthetic-responses.js';
import { loadDefaultInstrument } from '../server/instruments/load.js';

const { values } = parseArgs({ options: { reps: { type: 'string' }, seed: { type: 'string' } } });
const reps = Number(values.reps ?? 1000);
const seed = Number(values.seed ?? 1);

const sd = (xs: readonly number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};
const halfRange = (xs: readonly number[]) => {
  const [lo, hi] = percentileInterval(xs, 0.95);
  return (hi - lo) / 2;
};
const f3 = (v: number) => v.toFixed(3);
const line = (cells: readonly (string | number)[], widths: readonly number[]) =>
  cells.map((c, i) => String(c).padStart(widths[i])).join('  ');

const instrument = loadDefaultInstrument();
const model = instrumentModel(instrument);
const orgCount = model.groups!.organizational.length;
const indCount = model.groups!.individual.length;
const ns = [30, 60, 100, 200, 300, 600, 1000];

console.log(
  `Planner width against simulation (${reps} surveys per row, seed ${seed}; default instrument, ${orgCount} + ${indCount} scales)\n`,
);
console.log('1. Normal populations: expected half-width of the 95% interval on the organizational share');
const sets: { name: string; a: PlanningAssumptions }[] = [
  { name: 'default', a: { r2: 0.3, org_share: 0.67, within_org: 0.4, within_ind: 0.4, between: 0.2 } },
  { name: 'weak fit', a: { r2: 0.1, org_share: 0.67, within_org: 0.4, within_ind: 0.4, between: 0.2 } },
  { name: 'strong, even', a: { r2: 0.5, org_share: 0.5, within_org: 0.4, within_ind: 0.4, between: 0.2 } },
  { name: 'related groups', a: { r2: 0.3, org_share: 0.75, within_org: 0.6, within_ind: 0.3, between: 0.3 } },
];
const w1 = [16, 5, 8, 8, 10, 10, 7];
console.log(line(['assumptions', 'n', 'planner', 'delta', 'sim 1.96sd', 'sim pctl', 'ratio'], w1));
for (const { name, a } of sets) {
  const population = planningPopulation(orgCount, indCount, a);
  const v = orgShareAsymptoticVariance(population);
  for (const n of ns) {
    const shares = simulatedOrgShares(population, n, reps, seed + n);
    const planned = expectedOrgShareInterval(v, n, a.org_share).half_width;
    const simulated = 1.96 * sd(shares);
    console.log(
      line(
        [
          name,
          n,
          f3(planned),
          f3(Z_95 * Math.sqrt(v / n)),
          f3(simulated),
          f3(halfRange(shares)),
          (planned / simulated).toFixed(2),
        ],
        w1,
      ),
    );
  }
}

console.log(
  "\n2. The report's bootstrap percentile interval (B = 500), mean half-width over 40 surveys, default assumptions",
);
const w2 = [5, 8, 14];
console.log(line(['n', 'planner', 'bootstrap mean'], w2));
{
  const a = sets[0].a;
  const population = planningPopulation(orgCount, indCount, a);
  const v = orgShareAsymptoticVariance(population);
  const names = { outcome: 'y', predictors: [...Array(orgCount + indCount).keys()].map((i) => `x${i}`) };
  const groups = { organizational: names.predictors.slice(0, orgCount), individual: names.predictors.slice(orgCount) };
  const random = mulberry32(seed);
  for (const n of [100, 300, 1000]) {
    const widths: number[] = [];
    let rows: Float64Array[] = [];
    simulateSurveys(population, n, 40, seed + 7 * n, {
      start: () => void (rows = []),
      row: (x) => void rows.push(Float64Array.from(x)),
      end: () => {
        const draws = decompositionDraws(rows, { ...names, groups }, 500, random);
        const shares = draws.groups.organizational.map((g, b) => g / draws.r2[b]);
        widths.push(halfRange(shares));
      },
    });
    const mean = widths.reduce((s, x) => s + x, 0) / widths.length;
    console.log(line([n, f3(expectedOrgShareInterval(v, n, a.org_share).half_width), f3(mean)], w2));
  }
}

console.log('\n3. Likert data from the demo generator (no planted bottleneck)');
{
  const shareOf = (n: number, s: number) => {
    const scored = scoreRows(
      instrument,
      generateResponses(instrument, { n, units: DEMO_TEAMS, workflows: DEMO_WORKFLOWS, seed: s }).map((r) => r.answers),
    );
    const rows = completeModelRows(scored.scores, model);
    const d = decompositionOf(rows, model)!;
    return { rows, share: d.groups[0] / d.r2, r2: d.r2 };
  };
  const big = shareOf(20000, seed);
  const corr = correlationMatrix(momentsOfRows(big.rows, [...Array(orgCount + indCount + 1).keys()]).moments);
  const q = orgCount + indCount + 1;
  const mean = (pairs: [number, number][]) => pairs.reduce((s, [i, j]) => s + corr[i * q + j], 0) / pairs.length;
  const pairs = (from: number[], to: number[], distinct: boolean) =>
    from.flatMap((i) => to.filter((j) => !distinct || j > i).map((j) => [i, j] as [number, number]));
  const org = [...Array(orgCount).keys()].map((i) => i + 1);
  const ind = [...Array(indCount).keys()].map((i) => i + 1 + orgCount);
  const a: PlanningAssumptions = {
    r2: big.r2,
    org_share: big.share,
    within_org: mean(pairs(org, org, true)),
    within_ind: mean(pairs(ind, ind, true)),
    between: mean(pairs(org, ind, false)),
  };
  console.log(
    `   read off 20,000 responses: R² ${f3(a.r2)}, share ${f3(a.org_share)}, within org ${f3(a.within_org)}, within ind ${f3(a.within_ind)}, between ${f3(a.between)}`,
  );
  const v = orgShareAsymptoticVariance(planningPopulation(orgCount, indCount, a));
  const w3 = [5, 8, 10, 10, 7];
  console.log(line(['n', 'planner', 'sim 1.96sd', 'sim pctl', 'ratio'], w3));
  const demoReps = Math.min(reps, 300);
  for (const n of [100, 300, 1000]) {
    const shares = Array.from({ length: demoReps }, (_, r) => shareOf(n, seed * 100_003 + n * 1_009 + r).share);
    const planned = expectedOrgShareInterval(v, n, a.org_share).half_width;
    const simulated = 1.96 * sd(shares);
    console.log(line([n, f3(planned), f3(simulated), f3(halfRange(shares)), (planned / simulated).toFixed(2)], w3));
  }
}
