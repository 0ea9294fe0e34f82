/**
 * Intraclass correlations for respondents nested in units (teams): ICC(1) and ICC(2) from a one-way
 * ANOVA (Bliese 2000; Shrout & Fleiss 1979), plus the per-unit summaries REML also reads.
 */

/** Unit labels per row: strings (null, undefined or '' = no unit) or integer codes (negative = no unit). */
export type UnitLabels = readonly (string | null | undefined)[] | Int32Array;

/** Sufficient statistics of y grouped by unit, after dropping rows with a missing value or unit. */
export interface UnitSummaries {
  /** Unit labels in order of first appearance (codes rendered as strings). */
  readonly units: readonly string[];
  readonly sizes: Float64Array;
  readonly means: Float64Array;
  /** Pooled within-unit sum of squares Σ_j Σ_i (y_ij − ȳ_j)². */
  readonly ssWithin: number;
  readonly N: number;
  readonly J: number;
}

/** Groups `values` by `units` with one pass of Welford updates per unit; drops NaN values and missing units. */
export function summarizeByUnit(values: Float64Array, units: UnitLabels): UnitSummaries {
  if (units.length !== values.length) throw new Error(`got ${values.length} values but ${units.length} unit labels`);
  if (units instanceof Int32Array) return summarizeByCode(values, units);
  const index = new Map<string, number>();
  const n: number[] = [],
    mean: number[] = [],
    m2: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const y = values[i],
      u = units[i];
    if (Number.isNaN(y) || u === null || u === undefined || u === '') continue;
    const key = String(u);
    let j = index.get(key);
    if (j === undefined) {
      j = n.length;
      index.set(key, j);
      n.push(0);
      mean.push(0);
      m2.push(0);
    }
    n[j]++;
    const d = y - mean[j];
    mean[j] += d / n[j];
    m2[j] += d * (y - mean[j]);
  }
  return summaries([...index.keys()], n, mean, m2);
}

/** `summarizeByUnit` for integer codes: the same Welford updates in the same order, the units looked up by code, not by a string per row. */
function summarizeByCode(values: Float64Array, codes: Int32Array): UnitSummaries {
  let top = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i] > top) top = codes[i];
  const slot = new Int32Array(top + 1).fill(-1);
  const labels: number[] = [];
  const n = new Float64Array(top + 1),
    mean = new Float64Array(top + 1),
    m2 = new Float64Array(top + 1);
  for (let i = 0; i < values.length; i++) {
    const y = values[i],
      u = codes[i];
    if (y !== y || u < 0) continue;
    let j = slot[u];
    if (j < 0) {
      j = slot[u] = labels.length;
      labels.push(u);
    }
    n[j]++;
    const d = y - mean[j];
    mean[j] += d / n[j];
    m2[j] += d * (y - mean[j]);
  }
  const J = labels.length;
  return summaries(
    labels.map(String),
    Array.from(n.subarray(0, J)),
    Array.from(mean.subarray(0, J)),
    Array.from(m2.subarray(0, J)),
  );
}

function summaries(units: string[], n: number[], mean: number[], m2: number[]): UnitSummaries {
  return {
    units,
    sizes: Float64Array.from(n),
    means: Float64Array.from(mean),
    ssWithin: m2.reduce((s, v) => s + v, 0),
    N: n.reduce((s, v) => s + v, 0),
    J: n.length,
  };
}

export interface IccResult {
  readonly icc1: number;
  readonly icc2: number;
  readonly J: number;
  readonly N: number;
  readonly n0: number;
  readonly msb: number;
  readonly msw: number;
  /** ICC(2) ≥ 0.6: unit means are reliable enough to compare units (a common rule of thumb, e.g. Glick 1985). */
  readonly reliableMeans: boolean;
}

/**
 * ICC(1) and ICC(2) from the one-way random-effects ANOVA for unbalanced groups (Bliese 2000;
 * n0 as in Searle, Casella & McCulloch 1992, §3.6; note multilevel::ICC1 in R uses the mean group
 * size N/J instead, which differs for unbalanced units): n0 = (N − Σ n_j² / N) / (J − 1),
 * ICC(1) = (MSB − MSW) / (MSB + (n0 − 1)·MSW), reported as computed even when negative;
 * ICC(2) = (MSB − MSW) / MSB. Rows with a NaN value or no unit are dropped.
 * ICC(2) is −Infinity when all unit means are equal (MSB = 0): "as computed", never reliable.
 * Throws when fewer than 2 units remain, when no unit has two or more rows, or when all values are equal.
 */
export function icc(values: Float64Array, units: UnitLabels): IccResult {
  const s = summarizeByUnit(values, units);
  return iccFromSummaries(s);
}

/** ICC(1)/ICC(2) from unit summaries (see `icc`). */
export function iccFromSummaries(s: UnitSummaries): IccResult {
  const { N, J, sizes, means, ssWithin } = s;
  if (J < 2) throw new Error(`ICC needs at least 2 units with a value, found ${J}`);
  if (N - J < 1) throw new Error(`ICC needs within-unit replication: each of the ${J} units has a single response`);
  let grand = 0,
    sumSq = 0;
  for (let j = 0; j < J; j++) {
    grand += sizes[j] * means[j];
    sumSq += sizes[j] * sizes[j];
  }
  grand /= N;
  let ssb = 0;
  for (let j = 0; j < J; j++) ssb += sizes[j] * (means[j] - grand) ** 2;
  const msb = ssb / (J - 1);
  const msw = ssWithin / (N - J);
  if (msb === 0 && msw === 0) throw new Error('ICC is undefined: every value is the same');
  const n0 = (N - sumSq / N) / (J - 1);
  const icc1 = (msb - msw) / (msb + (n0 - 1) * msw);
  const icc2 = (msb - msw) / msb;
  return { icc1, icc2, J, N, n0, msb, msw, reliableMeans: icc2 >= 0.6 };
}
