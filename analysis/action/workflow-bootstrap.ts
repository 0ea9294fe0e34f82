/**
 * Bootstrap replicates of one workflow's decision figures (its organizational share, the means of
 * the organizational and lever scales, and on demand each lever's LMG share), resampling the
 * workflow's respondents with replacement: the stratified bootstrap, one stratum per workflow
 * (Davison & Hinkley 1997 §3.2; Efron & Tibshirani 1993 ch. 6 and 13), so every replicate keeps
 * each workflow's n.
 *
 * Sufficient statistics keep it cheap. The respondents are shuffled once (seeded) and cut into at
 * most `blocks` blocks; each block is summarised once by its sums (complete model rows centred on
 * the workflow's mean and their cross-products; per scale the count and sum of scores), and a
 * replicate draws as many blocks as there are, with replacement, and adds their sums weighted by
 * how often each was drawn. Up to `blocks` respondents every block is one respondent: the row
 * bootstrap, exactly. Above, it is the block bootstrap the report uses for large surveys
 * (analysis/bootstrap/block-bootstrap.ts), first-order equivalent for exchangeable respondents, and
 * the cost of a replicate is bounded by `blocks` whatever the survey's size. The organizational
 * share needs two small Cholesky fits per replicate (analysis/action/organizational-share.ts); the
 * lever shares need the whole subset-R² table, so they are computed only when asked for, from the
 * replicates' stored sums.
 */
import { RESAMPLES_PER_PASS, weightedSums } from '../bootstrap/weighted-sums.js';
import { lmgShares } from '../importance/lmg.js';
import type { ImportanceModel } from '../importance/relative-importance.js';
import { subsetR2FromMoments } from '../importance/subset-r2.js';
import { emptyMoments } from '../linear/moments.js';
import { shuffledIndices } from '../linear/random.js';
import { organizationalShareOfSums } from './organizational-share.js';

/** Most blocks a workflow's respondents are cut into: up to this many respondents, the row bootstrap. */
export const WORKFLOW_BLOCKS = 100;

export interface WorkflowSample {
  /** Score columns by scale id over all responses (NaN = no score). */
  readonly scores: Readonly<Record<string, Float64Array>>;
  /** The workflow's responses: row indices into the columns. */
  readonly members: readonly number[];
  readonly model: ImportanceModel;
  /** The predictors of the organizational group (the other predictors form the second player). */
  readonly organizational: readonly string[];
  /** Scales whose means are resampled (organizational scales and levers). */
  readonly meanScales: readonly string[];
  /** Fit the model in each replicate (the workflow has enough responses for its own decomposition). */
  readonly fit: boolean;
}

export interface WorkflowReplicates {
  /** Organizational share of R² per replicate; NaN where the fit failed or was not asked for. */
  readonly orgShare: Float64Array;
  /** Mean score per scale of `meanScales` and replicate; NaN when no resampled respondent has a score. */
  readonly means: Readonly<Record<string, Float64Array>>;
  /** Replicates whose fit failed (a constant column or collinear predictors in the resample). */
  readonly failed: number;
  /** Blocks the respondents were cut into (= n when each block is one respondent). */
  readonly blocks: number;
  /** LMG / R² per replicate of each of `predictors` (NaN where the fit failed): one subset-R² table per replicate. */
  shares(predictors: readonly string[]): Record<string, Float64Array>;
}

/**
 * B replicates of the workflow's figures, drawing with `random` (a Fisher–Yates shuffle of the
 * respondents, then B × blocks uniform block picks). Throws on B < 1 or blocks < 1.
 */
export function workflowReplicates(
  sample: WorkflowSample,
  B: number,
  random: () => number,
  blocks = WORKFLOW_BLOCKS,
): WorkflowReplicates {
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`replicates must be a positive integer (got ${B})`);
  if (!Number.isInteger(blocks) || blocks < 1)
    throw new RangeError(`blocks must be a positive integer (got ${blocks})`);
  const { model, meanScales } = sample;
  const names = [model.outcome, ...model.predictors];
  const q = names.length;
  const { m, stride, terms, centre } = blockSums(sample, names, random, blocks);
  const modelStride = 1 + q + (q * (q + 1)) / 2;
  const orgShare = new Float64Array(B).fill(NaN);
  const means = meanScales.map(() => new Float64Array(B));
  // Each replicate's model sums, kept for the lever shares.
  const kept = sample.fit ? new Float64Array(B * modelStride) : null;
  // m blocks drawn with replacement: only how often each is drawn matters, so a replicate's sums are
  // the blocks' sums weighted by their counts, four replicates per pass (bootstrap/weighted-sums.ts).
  const weighted = weightedSums(terms, m, stride);
  const shareOf = organizationalShareOfSums(model.predictors, sample.organizational);
  let failed = 0;
  for (let first = 0; first < B; first += RESAMPLES_PER_PASS) {
    const inPass = Math.min(RESAMPLES_PER_PASS, B - first);
    weighted.counts.fill(0);
    for (let r = 0; r < inPass; r++)
      for (let k = 0; k < m; k++) weighted.counts[Math.floor(random() * m) * RESAMPLES_PER_PASS + r]++;
    weighted.compute();
    for (let r = 0; r < inPass; r++) {
      const b = first + r;
      const sums = weighted.sums.subarray(r * weighted.stride, r * weighted.stride + stride);
      for (let s = 0; s < meanScales.length; s++) {
        const count = sums[modelStride + 2 * s];
        means[s][b] = count > 0 ? sums[modelStride + 2 * s + 1] / count : NaN;
      }
      if (!kept) continue;
      kept.set(sums.subarray(0, modelStride), b * modelStride);
      const share = shareOf(sums);
      if (share === share) orgShare[b] = share;
      else failed++;
    }
  }
  const memo = new Map<string, Float64Array>();
  return {
    orgShare,
    means: Object.fromEntries(meanScales.map((id, s) => [id, means[s]])),
    failed,
    blocks: m,
    shares(predictors) {
      const wanted = predictors.filter((name) => !memo.has(name));
      if (wanted.length > 0 && kept) {
        const index = wanted.map((name) => model.predictors.indexOf(name));
        const out = wanted.map(() => new Float64Array(B).fill(NaN));
        const moments = emptyMoments(q);
        for (let b = 0; b < B; b++) {
          if (orgShare[b] !== orgShare[b]) continue;
          const table = subsetTable(kept.subarray(b * modelStride, (b + 1) * modelStride), centre, moments, names);
          if (!table) continue;
          const r2 = table[table.length - 1];
          const lmg = lmgShares(table, q - 1);
          index.forEach((i, w) => (out[w][b] = lmg[i] / r2));
        }
        wanted.forEach((name, w) => memo.set(name, out[w]));
      }
      return Object.fromEntries(predictors.map((name) => [name, memo.get(name) ?? new Float64Array(B).fill(NaN)]));
    },
  };
}

/** The subset-R² table of a replicate from its model sums (laid out as organizational-share.ts reads them); null when it cannot be fitted. */
function subsetTable(
  sums: Float64Array,
  centre: Float64Array,
  moments: ReturnType<typeof emptyMoments>,
  names: readonly string[],
): Float64Array | null {
  const q = centre.length;
  const n = sums[0];
  moments.n = n;
  let e = 1 + q;
  for (let i = 0; i < q; i++) {
    const si = sums[1 + i];
    moments.mean[i] = centre[i] + si / n;
    for (let j = i; j < q; j++) moments.comoments[i * q + j] = sums[e++] - (si * sums[1 + j]) / n;
  }
  try {
    return subsetR2FromMoments(moments, names).table;
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * The workflow's respondents shuffled with `random` and cut into min(blocks, n) blocks of ⌊n/m⌋ or
 * ⌈n/m⌉; per block, `stride` sums: the count of complete model rows, Σ(x − c) and the upper triangle
 * of Σ(x − c)(x − c)ᵀ over them (c: the mean of the workflow's complete rows), then per mean scale
 * the count and the sum of its scores.
 */
function blockSums(
  sample: WorkflowSample,
  names: readonly string[],
  random: () => number,
  blocks: number,
): { m: number; stride: number; terms: Float64Array; centre: Float64Array } {
  const { scores, members, meanScales } = sample;
  const q = names.length;
  const n = members.length;
  const cols = names.map((id) => scores[id]);
  const meanCols = meanScales.map((id) => scores[id]);
  // Which respondents have a complete model row, and the mean of those rows.
  const complete = new Uint8Array(n);
  const centre = new Float64Array(q);
  let nComplete = 0;
  for (let k = 0; k < n; k++) {
    const r = members[k];
    let ok = 1;
    for (let i = 0; i < q; i++) if (cols[i][r] !== cols[i][r]) ok = 0;
    complete[k] = ok;
    if (!ok) continue;
    nComplete++;
    for (let i = 0; i < q; i++) centre[i] += cols[i][r];
  }
  if (nComplete > 0) for (let i = 0; i < q; i++) centre[i] /= nComplete;
  // Block b holds the respondents at shuffled positions ⌊b·n/m⌋ … ⌊(b+1)·n/m⌋ − 1; the rows are then
  // read in their own order (the columns stay in cache) and added into their block's sums.
  const order = shuffledIndices(n, random);
  const m = Math.max(1, Math.min(blocks, n));
  const blockOf = new Uint32Array(n);
  for (let b = 0; b < m; b++)
    for (let t = Math.floor((b * n) / m); t < Math.floor(((b + 1) * n) / m); t++) blockOf[order[t]] = b;
  const modelStride = 1 + q + (q * (q + 1)) / 2;
  const stride = modelStride + 2 * meanScales.length;
  const terms = new Float64Array(m * stride);
  const d = new Float64Array(q);
  for (let k = 0; k < n; k++) {
    const r = members[k];
    const at = blockOf[k] * stride;
    for (let s = 0; s < meanCols.length; s++) {
      const v = meanCols[s][r];
      if (v !== v) continue;
      terms[at + modelStride + 2 * s]++;
      terms[at + modelStride + 2 * s + 1] += v;
    }
    if (!complete[k]) continue;
    terms[at]++;
    for (let i = 0; i < q; i++) d[i] = cols[i][r] - centre[i];
    let e = at + 1 + q;
    for (let i = 0; i < q; i++) {
      terms[at + 1 + i] += d[i];
      for (let j = i; j < q; j++) terms[e++] += d[i] * d[j];
    }
  }
  return { m, stride, terms, centre };
}
