/**
 * Every figure the report reads from the items and scale scores row by row, in two sweeps over
 * the typed columns instead of one walk per figure, scale, item and unit: per scale the descriptives
 * (meanSd), the answer distribution, the sums of importance–performance and Cronbach's alpha's
 * moments; per unit of the tree (over its subtree) the mean of every scale score and the variance of
 * every item over the rows that answered every item of its scale, from which rwg(j) follows, listwise
 * as multilevel::rwg.j (James, Demaree & Wolf 1984). The first sweep gathers counts,
 * sums and running means; the second the sums of squares about the means the first found.
 *
 * Each accumulator receives the same values, in row order, with the same arithmetic, as the
 * straightforward computation it replaces (report-scales.ts `meanSd`, scales/cronbach-alpha.ts,
 * multilevel/rwg.ts `itemVariancesOfRows`, action/priorities.ts), so every figure is identical to
 * theirs, not merely close. Rows go by blocks, each column read through a block at a time.
 */
import type { ScalePerformance } from '../action/priorities.js';
import type { AlphaMoments } from '../scales/cronbach-alpha.js';
import type { Instrument } from '../scales/instrument.js';
import type { ItemColumn, ItemColumns } from '../scales/scoring.js';

export interface ScalePass {
  /** meanSd of the scale scores: n, Welford mean and sd (n − 1). */
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  /** The scores' plain sum in row order (importance–performance's mean is sum / n). */
  readonly sum: number;
  /** Answers to the scale's items per Likert point, min to max. */
  readonly counts: Float64Array;
  /** Alpha's moments over the complete rows; null for a one-item scale. */
  readonly alpha: AlphaMoments | null;
}

export interface ItemPass {
  /** Per scale of the instrument, in its order. */
  readonly scales: readonly ScalePass[];
  /** Per node (UnitIndex order) and scale: the mean score over the node's subtree, NaN for none. */
  nodeMean(node: number, scale: number): number;
  /**
   * Per node and item (instrument order, scale by scale): its variance (n − 1) over the node's rows that
   * answered every item of the scale (rwg(j)'s listwise rows), NaN for fewer than two such rows.
   */
  nodeItemVariance(node: number, item: number): number;
}

const BLOCK = 2048;

function column<T extends ItemColumn>(cols: Readonly<Record<string, T>>, id: string, what: string): T {
  const c = cols[id];
  if (!c) throw new Error(`${what} "${id}" is missing from the report's columns`);
  return c;
}

/** Each response's node in the unit tree (−1 = none), and per node its own index then its ancestors'. */
export interface NodeChains {
  readonly code: Int32Array;
  readonly chain: readonly Int32Array[];
}

/** The tree as the kernels read it: per response its node, per node its chain flat (`depth` entries, −1 padded). */
interface Tree {
  readonly code: Int32Array;
  readonly up: Int32Array;
  readonly depth: number;
}

// Kernels: each walks one column over the rows [b0, b1), small and monomorphic so that V8 optimizes them.

/** meanSd's Welford update and the plain sum of a score column (stats: n, mean, m2, sum at 4·s), and every node's running mean. */
function scoreKernel(
  score: Float64Array,
  b0: number,
  b1: number,
  t: Tree,
  stats: Float64Array,
  s: number,
  S: number,
  nodeN: Float64Array,
  nodeMean: Float64Array,
): void {
  const { code, up, depth } = t;
  let n = stats[4 * s],
    mean = stats[4 * s + 1],
    m2 = stats[4 * s + 2],
    sum = stats[4 * s + 3];
  for (let r = b0; r < b1; r++) {
    const v = score[r];
    if (v !== v) continue;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
    sum += v;
    const u = code[r];
    if (u < 0) continue;
    for (let x = u * depth, end = x + depth; x < end && up[x] >= 0; x++) {
      const j = up[x] * S + s;
      nodeMean[j] += (v - nodeMean[j]) / ++nodeN[j];
    }
  }
  stats[4 * s] = n;
  stats[4 * s + 1] = mean;
  stats[4 * s + 2] = m2;
  stats[4 * s + 3] = sum;
}

/**
 * Counts an item's answers per (node the response is attached to, `none` for no unit; Likert point),
 * all answers in `hist` and, in `histFull`, those of rows complete on the scale (`full`).
 */
function countKernel(
  col: ItemColumn,
  b0: number,
  b1: number,
  code: Int32Array,
  none: number,
  full: Uint8Array,
  hist: Float64Array,
  histFull: Float64Array,
  f: number,
  I: number,
  points: number,
  min: number,
): void {
  for (let r = b0; r < b1; r++) {
    const v = col[r];
    if (v !== v) continue;
    const u = code[r];
    const x = ((u < 0 ? none : u) * I + f) * points + ((v - min) | 0);
    hist[x]++;
    if (full[r]) histFull[x]++;
  }
}

/** Marks the rows [b0, b1) that answered every item of a scale (1) or not (0). */
function completeKernel(items: readonly ItemColumn[], b0: number, b1: number, full: Uint8Array): void {
  full.fill(1, b0, b1);
  for (let c = 0; c < items.length; c++) {
    const col = items[c];
    for (let r = b0; r < b1; r++) if (col[r] !== col[r]) full[r] = 0;
  }
}

/**
 * Adds (x − m)² about each node's mean of the item over the rows complete on its scale (as rwg.ts
 * `itemVariancesOfRows` of the complete rows; x ** 2 is x * x, exactly).
 */
function squaresKernel(
  col: ItemColumn,
  b0: number,
  b1: number,
  full: Uint8Array,
  t: Tree,
  f: number,
  I: number,
  itemMean: Float64Array,
  itemSs: Float64Array,
): void {
  const { code, up, depth } = t;
  for (let r = b0; r < b1; r++) {
    const v = col[r];
    const u = code[r];
    if (!full[r] || u < 0) continue;
    for (let x = u * depth, end = x + depth; x < end && up[x] >= 0; x++) {
      const j = up[x] * I + f;
      const e = v - itemMean[j];
      itemSs[j] += e * e;
    }
  }
}

/** Adds the complete rows' (`full`) item values and row means (acc: n, total at 2·s). */
function alphaSumsKernel(
  items: readonly ItemColumn[],
  b0: number,
  b1: number,
  full: Uint8Array,
  sums: Float64Array,
  acc: Float64Array,
  s: number,
): void {
  const k = items.length;
  let n = acc[2 * s],
    total = acc[2 * s + 1];
  for (let r = b0; r < b1; r++) {
    if (!full[r]) continue;
    n++;
    let t = 0;
    for (let c = 0; c < k; c++) {
      const x = items[c][r];
      sums[c] += x;
      t += x;
    }
    total += t / k;
  }
  acc[2 * s] = n;
  acc[2 * s + 1] = total;
}

/** Adds the complete rows' centred cross-products (as cronbach-alpha.ts); returns their row means' squares about `scaleMean`. */
function alphaCrossKernel(
  items: readonly ItemColumn[],
  b0: number,
  b1: number,
  full: Uint8Array,
  m: Float64Array,
  scaleMean: number,
  cov: Float64Array,
  d: Float64Array,
): number {
  const k = items.length;
  let ss = 0;
  for (let r = b0; r < b1; r++) {
    if (!full[r]) continue;
    let t = 0;
    for (let i = 0; i < k; i++) {
      d[i] = items[i][r] - m[i];
      t += items[i][r];
    }
    for (let i = 0; i < k; i++) {
      const di = d[i];
      for (let j = i; j < k; j++) cov[i * k + j] += di * d[j];
    }
    const e = t / k - scaleMean;
    ss += e * e;
  }
  return ss;
}

/**
 * The pass (see the file comment) over `keyed` items and `scores`, with each response's node in
 * `units` (report-units.ts `UnitIndex`).
 */
export function reportItemPass(
  instrument: Instrument,
  keyed: ItemColumns,
  scores: Readonly<Record<string, Float64Array>>,
  units: NodeChains,
): ItemPass {
  const { min, max } = instrument.likert;
  const points = max - min + 1;
  const scales = instrument.scales.map((s) => ({
    score: column(scores, s.id, 'scale'),
    items: s.items.map((i) => column(keyed, i.id, 'item')),
  }));
  const S = scales.length;
  const first = scales.map((_, s) => scales.slice(0, s).reduce((t, x) => t + x.items.length, 0));
  const I = scales.reduce((t, x) => t + x.items.length, 0);
  const N = units.chain.length;
  const rows = units.code.length;
  const depth = Math.max(1, ...units.chain.map((c) => c.length));
  const up = new Int32Array(N * depth).fill(-1);
  units.chain.forEach((c, u) => up.set(c, u * depth));
  const tree: Tree = { code: units.code, up, depth };

  const stats = new Float64Array(4 * S);
  const nodeN = new Float64Array(N * S),
    nodeMean = new Float64Array(N * S);
  // Answers per (node, or N for no unit; item; Likert point): integer counts, so every subtree's
  // counts and sums follow from them exactly.
  const hist = new Float64Array((N + 1) * I * points);
  // The same over the rows complete on the item's scale: rwg(j)'s listwise rows.
  const histFull = new Float64Array((N + 1) * I * points);
  const itemSs = new Float64Array(N * I);
  // Per scale the rows that answered all its items (rwg(j) and alpha read only those).
  const full = scales.map(() => new Uint8Array(rows));
  // Alpha per scale of two items or more: item sums, (n, total of row means), cross-products, squares.
  const alphaSums = scales.map(({ items }) => new Float64Array(items.length));
  const alphaAcc = new Float64Array(2 * S);
  const alphaCov = scales.map(({ items }) => new Float64Array(items.length * items.length));
  const alphaSs = new Float64Array(S);
  const d = new Float64Array(Math.max(1, ...scales.map((x) => x.items.length)));

  // Sweep 1: counts, sums and running means.
  for (let b0 = 0; b0 < rows; b0 += BLOCK) {
    const b1 = Math.min(rows, b0 + BLOCK);
    for (let s = 0; s < S; s++) {
      const { score, items } = scales[s];
      scoreKernel(score, b0, b1, tree, stats, s, S, nodeN, nodeMean);
      completeKernel(items, b0, b1, full[s]);
      for (let c = 0; c < items.length; c++)
        countKernel(items[c], b0, b1, tree.code, N, full[s], hist, histFull, first[s] + c, I, points, min);
      if (items.length >= 2) alphaSumsKernel(items, b0, b1, full[s], alphaSums[s], alphaAcc, s);
    }
  }

  // Every subtree's answer counts and sums (complete rows) from its nodes' counts; a scale's distribution counts every answer, also without a unit.
  const itemN = new Float64Array(N * I),
    itemSum = new Float64Array(N * I);
  const counts = scales.map(() => new Float64Array(points));
  for (let node = 0; node <= N; node++)
    for (let s = 0; s < S; s++)
      for (let f = first[s]; f < first[s] + scales[s].items.length; f++)
        for (let p = 0; p < points; p++) {
          const x = (node * I + f) * points + p;
          counts[s][p] += hist[x];
          const h = histFull[x];
          if (h === 0 || node === N) continue;
          for (const a of units.chain[node]) {
            itemN[a * I + f] += h;
            itemSum[a * I + f] += h * (min + p);
          }
        }

  // Sweep 2: sums of squares about the means of sweep 1.
  const itemMean = itemSum.map((v, j) => v / itemN[j]);
  const alphaMeans = alphaSums.map((sums, s) => sums.map((v) => v / alphaAcc[2 * s]));
  for (let b0 = 0; b0 < rows; b0 += BLOCK) {
    const b1 = Math.min(rows, b0 + BLOCK);
    for (let s = 0; s < S; s++) {
      const { items } = scales[s];
      for (let c = 0; c < items.length; c++)
        squaresKernel(items[c], b0, b1, full[s], tree, first[s] + c, I, itemMean, itemSs);
      if (items.length >= 2)
        alphaSs[s] += alphaCrossKernel(
          items,
          b0,
          b1,
          full[s],
          alphaMeans[s],
          alphaAcc[2 * s + 1] / alphaAcc[2 * s],
          alphaCov[s],
          d,
        );
    }
  }

  return {
    scales: scales.map(({ items }, s) => {
      const k = items.length;
      const [n, mean, m2, sum] = stats.subarray(4 * s, 4 * s + 4);
      const nA = alphaAcc[2 * s];
      const cov = items.map(() => new Float64Array(k));
      for (let i = 0; i < k; i++) for (let j = i; j < k; j++) cov[i][j] = cov[j][i] = alphaCov[s][i * k + j] / (nA - 1);
      return {
        n,
        mean: n > 0 ? mean : NaN,
        sd: n > 1 ? Math.sqrt(m2 / (n - 1)) : NaN,
        sum,
        counts: counts[s],
        alpha: k < 2 ? null : { n: nA, cov, mean: alphaAcc[2 * s + 1] / nA, sd: Math.sqrt(alphaSs[s] / (nA - 1)) },
      };
    }),
    nodeMean: (node, s) => (nodeN[node * S + s] > 0 ? nodeMean[node * S + s] : NaN),
    nodeItemVariance: (node, f) => (itemN[node * I + f] >= 2 ? itemSs[node * I + f] / (itemN[node * I + f] - 1) : NaN),
  };
}

/** What importance–performance reads of a scale (action/priorities.ts): answers at max − 1 or max are "top". */
export function scalePerformance(scale: ScalePass, likert: Instrument['likert']): ScalePerformance {
  let answers = 0,
    top = 0;
  scale.counts.forEach((c, i) => {
    answers += c;
    if (likert.min + i >= likert.max - 1) top += c;
  });
  return { n: scale.n, sum: scale.sum, answers, top };
}
