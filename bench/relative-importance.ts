/**
 * Benchmark of the relative-importance engine on synthetic survey-like data:
 * the streaming moments pass, the subset-R² table, and the whole analysis as the predictor count grows.
 */
import { momentsOfRows } from '../analysis/moments.js';
import { importanceFromMoments, relativeImportance } from '../analysis/relative-importance.js';
import { subsetR2FromMoments } from '../analysis/subset-r2.js';
import { bootstrapImportance } from '../analysis/bootstrap-importance.js';
import { mulberry32 } from '../analysis/random.js';

export interface BenchRow {
  readonly case: string;
  readonly medianMs: number;
  readonly note: string;
}

/** n rows of [outcome, p predictors]: predictors share a latent factor, outcome depends on all. */
function surveyRows(n: number, p: number, seed = 7): number[][] {
  const u = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(u() || 1e-12)) * Math.cos(2 * Math.PI * u());
  return Array.from({ length: n }, () => {
    const latent = normal();
    const xs = Array.from({ length: p }, () => 0.6 * latent + normal());
    const y = xs.reduce((s, x, i) => s + x / (i + 1), 0) + normal();
    return [y, ...xs];
  });
}

function median(fn: () => void, repeats: number): number {
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export function benchRelativeImportance(): BenchRow[] {
  const out: BenchRow[] = [];
  const n = 100_000;
  const wide = surveyRows(n, 15);
  const columns = Array.from({ length: 16 }, (_, i) => i);
  const passMs = median(() => momentsOfRows(wide, columns), 5);
  out.push({ case: `moments pass, ${n} rows × 16 columns`, medianMs: passMs, note: `${Math.round(n / passMs)}k rows/s` });

  for (const p of [5, 10, 15, 20]) {
    const names = Array.from({ length: p + 1 }, (_, i) => (i === 0 ? 'y' : `x${i}`));
    const { moments } = momentsOfRows(surveyRows(2000, p), names.map((_, i) => i));
    const repeats = p >= 20 ? 3 : 9;
    const tableMs = median(() => subsetR2FromMoments(moments), repeats);
    out.push({ case: `subset-R² table, p = ${p}`, medianMs: tableMs, note: `${2 ** p} subsets, ${Math.round((tableMs * 1e6) / 2 ** p)} ns/subset` });
    const half = Math.ceil(p / 2);
    const model = { outcome: 'y', predictors: names.slice(1), groups: { organizational: names.slice(1, half + 1), individual: names.slice(half + 1) } };
    const allMs = median(() => importanceFromMoments(moments, model), repeats);
    out.push({ case: `full analysis from moments, p = ${p}`, medianMs: allMs, note: 'OLS, LMG, group LMG, dominance, relative weights' });
  }

  const endToEnd = surveyRows(10_000, 12);
  const names = ['y', ...Array.from({ length: 12 }, (_, i) => `x${i + 1}`)];
  const e2eMs = median(() => relativeImportance({ columns: names, rows: endToEnd }, { outcome: 'y', predictors: names.slice(1) }), 5);
  out.push({ case: 'rows → result, 10000 rows, p = 12', medianMs: e2eMs, note: 'one pass plus the analysis' });

  const survey = surveyRows(500, 8);
  const surveyNames = ['y', ...Array.from({ length: 8 }, (_, i) => `x${i + 1}`)];
  const grouped = { outcome: 'y', predictors: surveyNames.slice(1), groups: { organizational: surveyNames.slice(1, 5), individual: surveyNames.slice(5) } };
  const bootMs = median(() => bootstrapImportance({ columns: surveyNames, rows: survey }, grouped, { replicates: 1000 }), 3);
  out.push({ case: 'bootstrap, 1000 resamples of 500 rows, p = 8', medianMs: bootMs, note: 'percentile intervals for LMG and group LMG' });
  return out;
}
