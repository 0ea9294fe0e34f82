/**
 * Comparing two waves of one organization's survey: the change in each scale mean and in the
 * organizational share of the explained variance, with percentile bootstrap intervals for the
 * differences (each wave resampled independently, as for a two-sample bootstrap; Efron &
 * Tibshirani 1993, ch. 8 and 13).
 */
import { decompositionOf, percentileInterval } from '../bootstrap/decomposition-bootstrap.js';
import type { ImportanceModel } from '../importance/relative-importance.js';
import { mulberry32 } from '../linear/random.js';
import { instrumentModel } from '../report/report-decomposition.js';
import type { Interval } from '../report/report.js';
import type { Instrument } from '../scales/instrument.js';
import { itemColumnsFromRows, scoreScales } from '../scales/scoring.js';

export interface WaveChange {
  readonly a: number;
  readonly b: number;
  /** b − a */
  readonly change: number;
  readonly ci: Interval | null;
}

export interface WaveComparison {
  readonly n: { readonly a: number; readonly b: number };
  readonly scales: readonly ({ readonly id: string; readonly title: string } & WaveChange)[];
  /** Organizational group LMG / R² in each wave; null when the instrument has no two-group split or a wave cannot be fitted. */
  readonly org_share: WaveChange | null;
  readonly bootstrap: {
    readonly B: number;
    readonly seed: number;
    readonly level: number;
    readonly failed: number;
  } | null;
}

export interface WaveOptions {
  readonly instrument: Instrument;
  /** Bootstrap replicates (default 1000; 0 = no intervals). */
  readonly B?: number;
  readonly seed?: number;
  readonly level?: number;
  /** Called after each bootstrap replicate with (done, B). */
  readonly onProgress?: (done: number, total: number) => void;
}

type WaveResponses = readonly { readonly answers: Readonly<Record<string, number | null>> }[];

interface Wave {
  readonly n: number;
  /** rows × scales scores, NaN = missing */
  readonly scores: Float64Array[];
}

const allRows = (w: Wave) => w.scores.map((_, r) => r);

/** The model columns of the given respondents' rows, complete rows only (listwise deletion). */
function completeRows(w: Wave, rows: readonly number[], order: readonly number[]): Float64Array[] {
  return rows.map((r) => Float64Array.from(order, (j) => w.scores[r][j])).filter((row) => !row.some(Number.isNaN));
}

function prepare(instrument: Instrument, responses: WaveResponses): Wave {
  const ids = instrument.scales.flatMap((s) => s.items.map((i) => i.id));
  const scores = scoreScales(
    instrument,
    itemColumnsFromRows(
      responses.map((r) => r.answers),
      ids,
    ),
  );
  const cols = instrument.scales.map((s) => scores[s.id]);
  const rows = responses.map((_, r) => Float64Array.from(cols, (c) => c[r]));
  return { n: responses.length, scores: rows };
}

function means(rows: readonly Float64Array[], k: number): Float64Array {
  const sum = new Float64Array(k),
    cnt = new Float64Array(k);
  for (const row of rows)
    for (let j = 0; j < k; j++)
      if (!Number.isNaN(row[j])) {
        sum[j] += row[j];
        cnt[j]++;
      }
  return sum.map((s, j) => s / cnt[j]);
}

/** Organizational group LMG / R² of complete model rows; NaN when the model cannot be fitted. */
function orgShare(rows: readonly Float64Array[], model: ImportanceModel): number {
  if (!model.groups || rows.length <= model.predictors.length + 1) return NaN;
  const d = decompositionOf(rows, model);
  const g = Object.keys(model.groups).indexOf('organizational');
  return d && g >= 0 ? d.groups[g] / d.r2 : NaN;
}

function resample<T>(rows: readonly T[], random: () => number): T[] {
  const n = rows.length;
  return Array.from({ length: n }, () => rows[Math.floor(random() * n)]);
}

/**
 * Change from wave `a` to wave `b` in every scale mean (over respondents with a score) and in the
 * organizational share of explained variance (group LMG of the outcome decomposition, as in the
 * report), with percentile intervals from B replicates that resample each wave's respondents
 * independently with one seeded generator. A replicate in which a wave's model cannot be fitted
 * is left out of the share interval only (counted in `failed`). `onProgress(done, B)` after each
 * replicate. Throws on a wave with fewer than 2 responses or bad options, and on answers outside
 * the Likert range (as scoreScales).
 */
export function compareWaves(a: WaveResponses, b: WaveResponses, options: WaveOptions): WaveComparison {
  const { instrument, B = 1000, seed = 1, level = 0.95 } = options;
  if (a.length < 2 || b.length < 2)
    throw new RangeError(`each wave needs at least 2 responses (got ${a.length} and ${b.length})`);
  if (!Number.isInteger(B) || B < 0 || B === 1) throw new RangeError(`B must be 0 or an integer ≥ 2 (got ${B})`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1 (got ${level})`);
  const model = instrumentModel(instrument);
  const wa = prepare(instrument, a),
    wb = prepare(instrument, b);
  const k = instrument.scales.length;
  const ma = means(wa.scores, k),
    mb = means(wb.scores, k);
  // Positions of [outcome, ...predictors] among the instrument's scales.
  const order = [model.outcome, ...model.predictors].map((id) => instrument.scales.findIndex((s) => s.id === id));
  const sa = orgShare(completeRows(wa, allRows(wa), order), model),
    sb = orgShare(completeRows(wb, allRows(wb), order), model);

  const meanDraws = instrument.scales.map(() => [] as number[]);
  const shareDraws: number[] = [];
  let failed = 0;
  if (B > 0) {
    const random = mulberry32(seed);
    const allA = allRows(wa),
      allB = allRows(wb);
    for (let rep = 0; rep < B; rep++) {
      const ra = resample(allA, random),
        rb = resample(allB, random);
      const da = means(
          ra.map((r) => wa.scores[r]),
          k,
        ),
        db = means(
          rb.map((r) => wb.scores[r]),
          k,
        );
      for (let j = 0; j < k; j++) if (!Number.isNaN(da[j]) && !Number.isNaN(db[j])) meanDraws[j].push(db[j] - da[j]);
      if (model.groups) {
        const d = orgShare(completeRows(wb, rb, order), model) - orgShare(completeRows(wa, ra, order), model);
        if (Number.isNaN(d)) failed++;
        else shareDraws.push(d);
      }
      options.onProgress?.(rep + 1, B);
    }
  }
  const interval = (draws: number[]) => (draws.length > 0 ? percentileInterval(draws, level) : null);
  const change = (x: number, y: number, draws: number[]): WaveChange => ({
    a: x,
    b: y,
    change: y - x,
    ci: interval(draws),
  });
  return {
    n: { a: wa.n, b: wb.n },
    scales: instrument.scales.map((s, j) => ({ id: s.id, title: s.title, ...change(ma[j], mb[j], meanDraws[j]) })),
    org_share: Number.isNaN(sa) || Number.isNaN(sb) ? null : change(sa, sb, shareDraws),
    bootstrap: B > 0 ? { B, seed, level, failed } : null,
  };
}
