/**
 * Benchmark of the relative-importance engine against the targets of issue 3 (2-core machine):
 * exact LMG (moments pass + subset table + LMG + group LMG + dominance) at n = 10,000 for
 * p = 12, 16, 20, 24; one blocked moments pass over 1,000,000 rows × 20 columns (data generated
 * beforehand, not timed); the bootstrap B = 1000 at n = 5,000, p = 8 with 2 groups.
 * Wall-clock and CPU time are both printed: on a loaded machine wall time overstates the cost.
 */
import { bootstrapImportance } from '../analysis/bootstrap/bootstrap-importance.js';
import { importanceFromMoments } from '../analysis/importance/relative-importance.js';
import { addColumns, emptyMoments, momentsOfRows } from '../analysis/linear/moments.js';
import { mulberry32 } from '../analysis/linear/random.js';

export interface BenchRow {
  readonly case: string;
  readonly medianMs: number;
  /** CPU time (user + system) of the reported run, when measured. */
  readonly cpuMs?: number;
  readonly targetMs?: number;
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

/** Median wall time of `repeats` runs, with the CPU time (user + system) of that median run. */
function measure(fn: () => void, repeats: number): { wall: number; cpu: number } {
  const runs: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const start = performance.now();
    fn();
    const wall = performance.now() - start;
    const c = process.cpuUsage(c0);
    runs.push({ wall, cpu: (c.user + c.system) / 1000 });
  }
  runs.sort((a, b) => a.wall - b.wall);
  return runs[Math.floor(runs.length / 2)];
}

const names = (p: number) => ['y', ...Array.from({ length: p }, (_, i) => `x${i + 1}`)];
const twoGroups = (predictors: string[]) => {
  const half = Math.ceil(predictors.length / 2);
  return { organizational: predictors.slice(0, half), individual: predictors.slice(half) };
};

export function benchRelativeImportance(): BenchRow[] {
  const out: BenchRow[] = [];
  for (const p of [12, 16, 20, 24]) {
    const rows = surveyRows(10_000, p);
    const cols = names(p);
    const model = { outcome: 'y', predictors: cols.slice(1), groups: twoGroups(cols.slice(1)) };
    const t = measure(
      () =>
        importanceFromMoments(
          momentsOfRows(
            rows,
            cols.map((_, i) => i),
          ).moments,
          model,
        ),
      p >= 24 ? 1 : p >= 20 ? 3 : 5,
    );
    out.push({
      case: `exact LMG, n = 10000, p = ${p}`,
      medianMs: t.wall,
      cpuMs: t.cpu,
      targetMs: p === 20 ? 1000 : p === 24 ? 20000 : undefined,
      note: 'moments pass + table + LMG + group LMG + dominance + rel. weights',
    });
  }

  const n = 1_000_000;
  const u = mulberry32(3);
  const columns = Array.from({ length: 20 }, () => Float64Array.from({ length: n }, () => u()));
  const pass = measure(() => addColumns(emptyMoments(20), columns), 3);
  out.push({
    case: 'moments pass, 1000000 rows × 20 columns',
    medianMs: pass.wall,
    cpuMs: pass.cpu,
    targetMs: 1000,
    note: `blocked (1024 rows) + Chan merge, ${Math.round(n / pass.wall / 1000)}M rows/s`,
  });

  const survey = surveyRows(5000, 8);
  const cols = names(8);
  const grouped = { outcome: 'y', predictors: cols.slice(1), groups: twoGroups(cols.slice(1)) };
  const boot = measure(() => bootstrapImportance({ columns: cols, rows: survey }, grouped, { replicates: 1000 }), 3);
  out.push({
    case: 'bootstrap B = 1000, n = 5000, p = 8, 2 groups',
    medianMs: boot.wall,
    cpuMs: boot.cpu,
    targetMs: 3000,
    note: 'count-weighted pass per resample, single thread',
  });
  return out;
}
