/**
 * Did a redesign work? Between two waves, the change in one workflow against the change in the
 * other workflows (difference-in-differences, Card & Krueger 1994; Angrist & Pischke 2009 ch. 5):
 * DiD = (workflow in b − workflow in a) − (rest in b − rest in a), for each lever's mean, the
 * outcome's mean and the organizational share of explained variance, with percentile bootstrap
 * intervals that resample respondents within each of the four cells (wave × workflow or rest)
 * independently (a stratified two-sample bootstrap, Efron & Tibshirani 1993, ch. 8 and 13).
 *
 * The figures are the report's: a mean is `meanSd` over respondents with a score, as in
 * report-workflows.ts; the organizational share is group LMG / R² of the complete model rows
 * (`decompositionOf`, the same quantity report-workflows.ts gets from `relativeImportance`), and
 * only for a cell with at least `MIN_N_PER_PREDICTOR` × p complete rows, as there.
 */
import { decompositionOf, indexedModelRows, percentileInterval } from '../bootstrap/decomposition-bootstrap.js';
import type { ImportanceModel } from '../importance/relative-importance.js';
import { mulberry32 } from '../linear/random.js';
import { instrumentModel } from '../report/report-decomposition.js';
import { meanSd } from '../report/report-scales.js';
import { MIN_N_PER_PREDICTOR } from '../report/report-workflows.js';
import type { Interval } from '../report/report.js';
import type { Instrument } from '../scales/instrument.js';
import { itemColumnsFromRows, scoreScales } from '../scales/scoring.js';
import type { Lever } from './priorities.js';

export type DidResponses = readonly {
  readonly workflow: string | null;
  readonly answers: Readonly<Record<string, number | null>>;
}[];

/** One cell pair's levels and change: `b − a`. */
export interface DidLevels {
  readonly a: number;
  readonly b: number;
  readonly change: number;
}

export interface DidFigure {
  /** 'lever' (one of the plan's levers), 'outcome' or 'org_share'. */
  readonly measure: 'lever' | 'outcome' | 'org_share';
  /** The scale id (null for the organizational share). */
  readonly scale: string | null;
  readonly title: string;
  readonly workflow: DidLevels;
  readonly rest: DidLevels;
  /** workflow.change − rest.change */
  readonly did: number;
  readonly ci: Interval | null;
}

export type DidResult =
  | { readonly suppressed: true; readonly n_below: number }
  | {
      readonly suppressed: false;
      readonly n: { readonly workflow: DidLevelsN; readonly rest: DidLevelsN };
      readonly figures: readonly DidFigure[];
      /** Why the organizational share is missing, when it is. */
      readonly org_share_withheld: string | null;
      readonly bootstrap: { readonly B: number; readonly seed: number; readonly level: number } | null;
    };

export interface DidLevelsN {
  readonly a: number;
  readonly b: number;
}

export interface DidOptions {
  readonly instrument: Instrument;
  readonly workflow: string;
  readonly levers: readonly Lever[];
  readonly threshold: number;
  /** Bootstrap replicates (default 1000; 0 = no intervals). */
  readonly B?: number;
  readonly seed?: number;
  readonly level?: number;
}

interface Cell {
  /** Scale columns over all responses of the wave. */
  readonly scores: Readonly<Record<string, Float64Array>>;
  /** Row indices of the respondents in the cell. */
  readonly members: number[];
  /** Model row of each response of the wave, or null when incomplete. */
  readonly modelRows: readonly (Float64Array | null)[];
}

function scoresOf(instrument: Instrument, responses: DidResponses) {
  const ids = instrument.scales.flatMap((s) => s.items.map((i) => i.id));
  return scoreScales(
    instrument,
    itemColumnsFromRows(
      responses.map((r) => r.answers),
      ids,
    ),
  );
}

function modelRowsOf(scores: Readonly<Record<string, Float64Array>>, model: ImportanceModel, n: number) {
  const indexed = indexedModelRows(scores, model);
  const out: (Float64Array | null)[] = new Array<Float64Array | null>(n).fill(null);
  indexed.source.forEach((r, k) => (out[r] = indexed.rows[k]));
  return out;
}

function cellsOf(instrument: Instrument, model: ImportanceModel, responses: DidResponses, workflow: string) {
  const scores = scoresOf(instrument, responses);
  const modelRows = modelRowsOf(scores, model, responses.length);
  const inside: number[] = [],
    rest: number[] = [];
  responses.forEach((r, i) => {
    if (r.workflow === workflow) inside.push(i);
    else if (r.workflow !== null) rest.push(i);
  });
  return { workflow: { scores, members: inside, modelRows }, rest: { scores, members: rest, modelRows } };
}

function meanOf(cell: Cell, scale: string, members: readonly number[]): number {
  const col = cell.scores[scale];
  return meanSd(Float64Array.from(members, (r) => col[r])).mean;
}

/** Organizational group LMG / R²; NaN when the model cannot be fitted or has too few complete rows. */
function shareOf(cell: Cell, model: ImportanceModel, members: readonly number[], need: number): number {
  const rows = members.map((r) => cell.modelRows[r]).filter((x): x is Float64Array => x !== null);
  if (!model.groups || rows.length < need) return NaN;
  const d = decompositionOf(rows, model);
  const g = Object.keys(model.groups).indexOf('organizational');
  return d && g >= 0 ? d.groups[g] / d.r2 : NaN;
}

function completeCount(cell: Cell): number {
  return cell.members.filter((r) => cell.modelRows[r] !== null).length;
}

/**
 * Difference-in-differences of `options.workflow` against the other workflows (responses with no
 * workflow are left out) from wave `a` to wave `b`, for the levers' scale means, the outcome's
 * mean and the organizational share. Suppressed (no figure at all) when the workflow or the rest
 * has fewer than `threshold` responses in either wave. The share is withheld (with the reason)
 * when a cell has fewer than MIN_N_PER_PREDICTOR × p complete rows or cannot be fitted; a
 * replicate whose share cannot be fitted is left out of that interval only. Throws on bad options
 * or answers outside the Likert range (as scoreScales).
 */
export function differenceInDifferences(a: DidResponses, b: DidResponses, options: DidOptions): DidResult {
  const { instrument, workflow, levers, threshold, B = 1000, seed = 1, level = 0.95 } = options;
  if (!Number.isInteger(B) || B < 0 || B === 1) throw new RangeError(`B must be 0 or an integer ≥ 2 (got ${B})`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1 (got ${level})`);
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new RangeError(`the anonymity threshold must be an integer ≥ 1, got ${threshold}`);
  const model = instrumentModel(instrument);
  const ca = cellsOf(instrument, model, a, workflow),
    cb = cellsOf(instrument, model, b, workflow);
  const cells = [ca.workflow, ca.rest, cb.workflow, cb.rest];
  if (cells.some((c) => c.members.length < Math.max(threshold, 2))) return { suppressed: true, n_below: threshold };

  const need = Math.max(MIN_N_PER_PREDICTOR * model.predictors.length, model.predictors.length + 2);
  const tooFew = cells.some((c) => completeCount(c) < need);
  const means = [...levers.map((l) => instrument.levers[l]), model.outcome];
  const estimate = (members: readonly (readonly number[])[]) => {
    const value = (j: number, scale: string | null) =>
      scale === null
        ? tooFew
          ? NaN
          : shareOf(cells[j], model, members[j], need)
        : meanOf(cells[j], scale, members[j]);
    return [...means, null].map((scale) => {
      const [wa, ra, wb, rb] = [0, 1, 2, 3].map((j) => value(j, scale));
      return { wa, ra, wb, rb, did: wb - wa - (rb - ra) };
    });
  };
  const point = estimate(cells.map((c) => c.members));
  const draws = point.map(() => [] as number[]);
  if (B > 0) {
    const random = mulberry32(seed);
    for (let rep = 0; rep < B; rep++) {
      const resampled = cells.map((c) => {
        const n = c.members.length;
        return Array.from({ length: n }, () => c.members[Math.floor(random() * n)]);
      });
      estimate(resampled).forEach((e, m) => {
        if (!Number.isNaN(e.did)) draws[m].push(e.did);
      });
    }
  }
  const titleOf = (id: string) => instrument.scales.find((s) => s.id === id)?.title ?? id;
  const figures: DidFigure[] = [];
  let withheld: string | null = null;
  point.forEach((e, m) => {
    const scale = m < means.length ? means[m] : null;
    if (scale === null && (tooFew || Number.isNaN(e.did))) {
      withheld = tooFew
        ? `fewer than ${MIN_N_PER_PREDICTOR} × ${model.predictors.length} = ${need} complete responses in the workflow or the rest in a wave`
        : 'the model cannot be fitted in the workflow or the rest in a wave';
      return;
    }
    figures.push({
      measure: scale === null ? 'org_share' : m < levers.length ? 'lever' : 'outcome',
      scale,
      title: scale === null ? 'Organizational share of explained variance' : titleOf(scale),
      workflow: { a: e.wa, b: e.wb, change: e.wb - e.wa },
      rest: { a: e.ra, b: e.rb, change: e.rb - e.ra },
      did: e.did,
      ci: draws[m].length > 1 ? percentileInterval(draws[m], level) : null,
    });
  });
  return {
    suppressed: false,
    n: {
      workflow: { a: ca.workflow.members.length, b: cb.workflow.members.length },
      rest: { a: ca.rest.members.length, b: cb.rest.members.length },
    },
    figures,
    org_share_withheld: withheld,
    bootstrap: B > 0 ? { B, seed, level } : null,
  };
}
