/**
 * The workflow part of the report: one decomposition per workflow where the data allow it
 * (n ≥ 10·p and at or above the anonymity threshold), the workflow cross-tab suppressed with the
 * differencing guard (the workflows are siblings under the overall total), bootstrap intervals on
 * each shown workflow's organizational share and lever means (analysis/action/workflow-bootstrap.ts),
 * and the one workflow to start with and its first lever, with pick frequencies and near ties
 * (analysis/action/recommendation.ts `recommendWorkflow`). A suppressed workflow is never resampled.
 */
import { LEVERS, type Lever } from '../action/priorities.js';
import { finiteInterval } from '../action/ranking-uncertainty.js';
import { recommendWorkflow, type WorkflowDraws, type WorkflowFigures } from '../action/recommendation.js';
import { WORKFLOW_BLOCKS, workflowReplicates } from '../action/workflow-bootstrap.js';
import { cellUnless } from '../anonymity/suppressed.js';
import { suppressGroups, type GroupCount } from '../anonymity/suppression.js';
import { indexedModelRows, type IndexedRows } from '../bootstrap/decomposition-bootstrap.js';
import { relativeImportance, type ImportanceModel } from '../importance/relative-importance.js';
import { mulberry32 } from '../linear/random.js';
import type { Instrument } from '../scales/instrument.js';
import { meanSd } from './report-scales.js';
import { ranked, type RankedWarning } from './report-warnings.js';
import type { Interval, Recommendation, WorkflowRow } from './report.js';

/** Observations per predictor a workflow needs for its own decomposition (Harrell 2015 §4.4). */
export const MIN_N_PER_PREDICTOR = 10;

/** The report's bootstrap settings, for the workflow decision. */
export interface WorkflowBootstrap {
  readonly B: number;
  readonly seed: number;
  readonly level: number;
}

/** Mean (Welford, as meanSd) of `col` over the rows `members`, skipping missing values; `buffer` is scratch space. */
function meanOver(col: Float64Array, members: readonly number[], buffer: Float64Array): number {
  const values = buffer.subarray(0, members.length);
  for (let t = 0; t < members.length; t++) values[t] = col[members[t]];
  return meanSd(values).mean;
}

/** The complete model rows of the rows `members` (ascending), picked from all complete rows in order. */
function rowsOf(all: IndexedRows, members: readonly number[]): Float64Array[] {
  const out: Float64Array[] = [];
  let t = 0;
  for (let k = 0; k < all.rows.length && t < members.length; k++) {
    const r = all.source[k];
    while (t < members.length && members[t] < r) t++;
    if (members[t] === r) out.push(all.rows[k]);
  }
  return out;
}

/**
 * Per-workflow rows and the recommendation. `workflowOf` holds one workflow per response (null =
 * not asked or not answered; those responses form a never-shown group of their own for the guard).
 * A suppressed workflow shows no figure at all, and the recommendation names it only as ineligible
 * without its n. Returns no rows and a null recommendation when no response names a workflow.
 * `modelRows`: every complete model row with its source row (decomposition-bootstrap.ts
 * `indexedModelRows` of `scores`), when the caller already has them; built here otherwise.
 * `bootstrap` (B > 0): every shown workflow is resampled B times (one mulberry32(seed) stream, the
 * workflows in first-response order), for the intervals, pick frequencies and ties at `level`.
 */
export function workflowsPart(
  instrument: Instrument,
  scores: Readonly<Record<string, Float64Array>>,
  workflowOf: readonly (string | null)[],
  model: ImportanceModel,
  threshold: number,
  modelRows?: IndexedRows,
  bootstrap?: WorkflowBootstrap,
): { rows: WorkflowRow[]; recommendation: Recommendation | null; warnings: RankedWarning[] } {
  const warnings: RankedWarning[] = [];
  const membersOf = new Map<string, number[]>();
  let none = 0;
  workflowOf.forEach((w, r) => {
    if (w === null) {
      none++;
      return;
    }
    const list = membersOf.get(w);
    if (list) list.push(r);
    else membersOf.set(w, [r]);
  });
  if (membersOf.size === 0) return { rows: [], recommendation: null, warnings };
  const counts: GroupCount[] = [
    { key: 'overall', n: workflowOf.length },
    { key: 'none', n: none, parentKey: 'overall' },
  ];
  for (const [w, rows] of membersOf) counts.push({ key: `workflow:${w}`, n: rows.length, parentKey: 'overall' });
  const hidden = suppressGroups(counts, threshold);

  const p = model.predictors.length;
  const need = MIN_N_PER_PREDICTOR * p;
  const orgScales = instrument.scales.filter((s) => s.group === 'organizational').map((s) => s.id);
  const organizational = model.groups?.organizational ?? model.predictors;
  const meanScales = [...new Set([...orgScales, ...LEVERS.map((l) => instrument.levers[l])])];
  const B = bootstrap?.B ?? 0;
  const level = bootstrap?.level ?? 0.95;
  const random = B > 0 ? mulberry32(bootstrap!.seed) : null;
  let blocked = false;
  const figures: WorkflowFigures[] = [];
  const ineligible: { workflow: string; reason: string }[] = [];
  const tooFew: string[] = [];
  const buffer = new Float64Array(workflowOf.length);
  const rows = [...membersOf].map(([workflow, members]): WorkflowRow => {
    const n = members.length;
    const hide = hidden.has(`workflow:${workflow}`);
    if (hide) {
      ineligible.push({
        workflow,
        reason: `not shown: fewer than ${threshold} responses, or hidden so that a smaller group cannot be worked out from the totals`,
      });
      tooFew.push(workflow);
      const none = cellUnless(true, n, null, threshold);
      return {
        workflow,
        n: cellUnless(true, n, n, threshold),
        org_share: none,
        org_share_ci: none,
        r2: none,
        lever_means: cellUnless(true, n, {}, threshold),
        lever_means_ci: none,
      };
    }
    const mean = (id: string) => meanOver(scores[id], members, buffer);
    const leverMeans = Object.fromEntries(LEVERS.map((l) => [l, mean(instrument.levers[l])])) as Record<Lever, number>;
    const orgMean = orgScales.reduce((s, id) => s + mean(id), 0) / orgScales.length;
    let r2: number | null = null,
      orgShare: number | null = null,
      leverImportance: Record<Lever, number> | null = null;
    if (n >= need) {
      try {
        const result = relativeImportance(
          {
            columns: [model.outcome, ...model.predictors],
            rows: rowsOf((modelRows ??= indexedModelRows(scores, model)), members),
          },
          model,
        );
        r2 = result.r2;
        orgShare = result.groupLmg?.organizational !== undefined ? result.groupLmg.organizational / r2 : 1;
        leverImportance = Object.fromEntries(
          LEVERS.map((l) => [l, result.lmg[instrument.levers[l]] / result.r2]),
        ) as Record<Lever, number>;
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        ineligible.push({ workflow, reason: `no decomposition: ${error.message}` });
      }
    } else {
      ineligible.push({ workflow, reason: `n = ${n} is below ${MIN_N_PER_PREDICTOR} × ${p} = ${need} needed` });
      tooFew.push(workflow);
    }
    let draws: WorkflowDraws | undefined;
    let leverCi: Record<string, Interval> | null = null;
    let shareCi: Interval | null = null;
    if (random) {
      const fit = leverImportance !== null;
      const replicates = workflowReplicates(
        { scores, members, model, organizational, meanScales, fit },
        B,
        random,
        WORKFLOW_BLOCKS,
      );
      blocked ||= replicates.blocks < n;
      leverCi = {};
      for (const l of LEVERS) {
        const ci = finiteInterval(replicates.means[instrument.levers[l]], level);
        if (ci) leverCi[instrument.levers[l]] = ci;
      }
      if (fit) {
        shareCi = finiteInterval(replicates.orgShare, level);
        if (replicates.failed > 0)
          warnings.push(
            ranked(
              'caution',
              `Workflow "${workflow}": ${replicates.failed} of ${B} resamples could not be fitted (a constant or collinear column in the resample); its intervals and the pick frequencies use the others.`,
            ),
          );
        const orgMeans = Float64Array.from(
          { length: B },
          (_, b) => orgScales.reduce((s, id) => s + replicates.means[id][b], 0) / orgScales.length,
        );
        const perLever = (of: Readonly<Record<string, Float64Array>>) =>
          Object.fromEntries(LEVERS.map((l) => [l, of[instrument.levers[l]]])) as Record<Lever, Float64Array>;
        draws = {
          orgShare: replicates.orgShare,
          orgMean: orgMeans,
          leverMeans: perLever(replicates.means),
          leverImportance: () => perLever(replicates.shares(LEVERS.map((l) => instrument.levers[l]))),
        };
      }
    }
    if (r2 !== null && orgShare !== null && leverImportance !== null)
      figures.push({ workflow, n, p, r2, orgShare, leverMeans, orgMean, leverImportance, draws });
    return {
      workflow,
      n: cellUnless(false, n, n, threshold),
      org_share: cellUnless(false, n, orgShare, threshold),
      org_share_ci: cellUnless(false, n, shareCi, threshold),
      r2: cellUnless(false, n, r2, threshold),
      lever_means: cellUnless(
        false,
        n,
        Object.fromEntries(LEVERS.map((l) => [instrument.levers[l], leverMeans[l]])),
        threshold,
      ),
      lever_means_ci: cellUnless(false, n, leverCi, threshold),
    };
  });
  if (tooFew.length > 0)
    warnings.push(
      ranked(
        'not_computed',
        `Too few responses for a decomposition of their own (${MIN_N_PER_PREDICTOR} × ${p} = ${need} needed, or below the anonymity threshold): ${tooFew.map((w) => `"${w}"`).join(', ')}.`,
      ),
    );
  const base = recommendWorkflow(figures, {
    likert: instrument.likert,
    levers: instrument.levers,
    minNPerPredictor: MIN_N_PER_PREDICTOR,
    threshold,
    level,
    ...(B > 0 ? { bootstrap: { B, seed: bootstrap!.seed, blocks: WORKFLOW_BLOCKS, blocked } } : {}),
  });
  return { rows, recommendation: { ...base, ineligible: [...base.ineligible, ...ineligible] }, warnings };
}
