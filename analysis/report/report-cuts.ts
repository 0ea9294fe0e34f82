/**
 * The cuts part of the report: per demographic cut (role level, each demographic question the
 * instrument declares, language) and per scope (everyone, and each unit the cut guard allows),
 * each value's n, mean scale scores and organizational share, under analysis/anonymity/cut-guard.ts.
 * Sums over the rows go by typed codes in one pass per cut (no object or member list per row, except
 * for a group large enough for its own decomposition).
 */
import { guardCuts, type CodedCut } from '../anonymity/cut-guard.js';
import { cellUnless } from '../anonymity/suppressed.js';
import type { IndexedRows } from '../bootstrap/decomposition-bootstrap.js';
import { groupLmgShares, type ImportanceModel } from '../importance/relative-importance.js';
import { subsetR2FromMoments } from '../importance/subset-r2.js';
import { addRow, emptyMoments, type Moments } from '../linear/moments.js';
import type { Instrument } from '../scales/instrument.js';
import type { GroupCombo, ResponseGroups } from './report-responses.js';
import type { UnitIndex } from './report-units.js';
import { MIN_N_PER_PREDICTOR } from './report-workflows.js';
import type { CutReport, CutRow } from './report.js';

/** A cut's definition and its values as codes per response (−1 = not answered). */
export interface CutColumn extends CodedCut {
  readonly id: string;
  readonly title: string;
  readonly labels: readonly string[];
}

/** The cuts the instrument declares, coded from the responses' combinations (values not declared are appended). */
export function cutColumns(instrument: Instrument, groups: ResponseGroups): CutColumn[] {
  const languages = [instrument.language ?? 'en', ...Object.keys(instrument.translations ?? {})];
  const defs: { id: string; title: string; declared: readonly string[]; pick: (i: number) => string | null }[] = [
    { id: 'role_level', title: 'Role level', declared: instrument.roleLevels, pick: (i) => groups.combos[i].roleLevel },
    ...(instrument.demographics ?? []).map((q) => ({
      id: `demographic:${q.id}`,
      title: q.question,
      declared: q.options,
      pick: (i: number) => groups.combos[i].demographics[q.id] ?? null,
    })),
    { id: 'language', title: 'Language', declared: languages, pick: (i) => groups.combos[i].language },
  ];
  return defs.map(({ id, title, declared, pick }) => {
    const labels = [...declared];
    const comboCode = Int32Array.from(groups.combos, (_, i) => {
      const v = pick(i);
      if (v === null || v === '') return -1;
      const at = labels.indexOf(v);
      return at >= 0 ? at : labels.push(v) - 1;
    });
    const code = new Int32Array(groups.code.length);
    for (let r = 0; r < code.length; r++) code[r] = comboCode[groups.code[r]];
    return { id, title, labels, code, values: labels.length };
  });
}

/** One response's answer to every cut of the instrument, by cut id (null = not answered), as the release rule groups them. */
export function cutAnswers(instrument: Instrument, combo: GroupCombo): Record<string, string | null> {
  const answer = (v: string | null | undefined) => (v === undefined || v === null || v === '' ? null : v);
  return {
    role_level: answer(combo.roleLevel),
    ...Object.fromEntries(
      (instrument.demographics ?? []).map((q) => [`demographic:${q.id}`, answer(combo.demographics[q.id])]),
    ),
    language: answer(combo.language),
  };
}

/**
 * Organizational share of R² from the moments of a group's complete model rows (group LMG of the organizational scales
 * over R², as relative-importance.ts computes it for a workflow, from the same subset-R² table but
 * without the per-scale figures), or null when too few rows or not fittable.
 */
function orgShare(model: ImportanceModel, m: Moments): number | null {
  if (m.n < MIN_N_PER_PREDICTOR * model.predictors.length) return null;
  if (!model.groups) return 1;
  try {
    const { table } = subsetR2FromMoments(m, [model.outcome, ...model.predictors]);
    const r2 = table[table.length - 1];
    const organizational = groupLmgShares(table, model.predictors, model.groups).organizational;
    return organizational === undefined ? null : organizational / r2;
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

export interface CutsInput {
  readonly instrument: Instrument;
  readonly scores: Readonly<Record<string, Float64Array>>;
  readonly units: UnitIndex;
  /** Unit ids the report hides (report-units.ts `unitsPart`). */
  readonly hidden: ReadonlySet<string>;
  readonly groups: ResponseGroups;
  readonly model: ImportanceModel;
  readonly modelRows: IndexedRows;
  readonly threshold: number;
}

/** Every cut of the report (see the file comment). */
export function cutsPart(input: CutsInput): CutReport[] {
  const { instrument, scores, units, hidden, threshold, model, modelRows } = input;
  const cuts = cutColumns(instrument, input.groups);
  const N = units.nodes.length;
  const nodeIndex = new Map(units.nodes.map((u, i) => [u.id, i]));
  const parent = Int32Array.from(units.nodes, (u) => (u.parent === null ? -1 : nodeIndex.get(u.parent)!));
  const tree = { parent, hidden: Uint8Array.from(units.nodes, (u) => (hidden.has(u.id) ? 1 : 0)) };
  const decision = guardCuts(tree, units.code, cuts, threshold);
  const scales = instrument.scales.map((s) => s.id);
  const S = scales.length;
  const cols = scales.map((id) => scores[id]);
  const delta = new Float64Array(model.predictors.length + 1);
  return cuts.map((cut, c): CutReport => {
    const V = cut.values;
    const shown = decision.shown[c];
    // Per scope slot (0 = everyone, node + 1) and value: n, then per scale the answered count and sum.
    const n = new Float64Array((N + 1) * V);
    const count = new Float64Array((N + 1) * V * S);
    const sum = new Float64Array((N + 1) * V * S);
    const add = (slot: number, v: number, r: number) => {
      const x = slot * V + v;
      n[x]++;
      for (let s = 0; s < S; s++) {
        const y = cols[s][r];
        if (y !== y) continue;
        count[x * S + s]++;
        sum[x * S + s] += y;
      }
    };
    for (let r = 0; r < cut.code.length; r++) {
      const v = cut.code[r];
      if (v < 0) continue;
      add(0, v, r);
      const u = units.code[r];
      if (u >= 0) for (const a of units.chain[u]) if (decision.scope[a]) add(a + 1, v, r);
    }
    // Moments of the complete model rows of each shown group large enough for a decomposition: for
    // everyone and the top units only (one per team and value would cost seconds on a large survey).
    const need = MIN_N_PER_PREDICTOR * model.predictors.length;
    const moments = new Map<number, Moments>();
    for (let x = 0; x < n.length; x++) {
      const slot = Math.floor(x / V);
      if ((slot === 0 || units.nodes[slot - 1].parent === null) && shown[x] === 1 && n[x] >= need)
        moments.set(x, emptyMoments(model.predictors.length + 1));
    }
    if (moments.size > 0)
      for (let k = 0; k < modelRows.rows.length; k++) {
        const r = modelRows.source[k];
        const v = cut.code[r];
        if (v < 0) continue;
        const all = moments.get(v);
        if (all) addRow(all, modelRows.rows[k], delta);
        const u = units.code[r];
        if (u < 0) continue;
        const chain = units.chain[u];
        const top = moments.get((chain[chain.length - 1] + 1) * V + v);
        if (top) addRow(top, modelRows.rows[k], delta);
      }
    const rowsAt = (slot: number): CutRow[] =>
      cut.labels.map((value, v) => {
        const x = slot * V + v;
        const hide = shown[x] !== 1;
        const means: Record<string, number> = {};
        if (!hide) scales.forEach((id, s) => count[x * S + s] > 0 && (means[id] = sum[x * S + s] / count[x * S + s]));
        const m = moments.get(x);
        const share = !hide && m ? orgShare(model, m) : null;
        return {
          value,
          n: cellUnless(hide, n[x], n[x], threshold),
          means: cellUnless(hide, n[x], means, threshold),
          org_share: cellUnless(hide, n[x], share, threshold),
        };
      });
    const allowed = units.nodes.flatMap((u, i) => (decision.scope[i] ? [i] : []));
    return {
      id: cut.id,
      title: cut.title,
      values: cut.labels,
      scopes: [
        { unit: null, n: units.code.length, rows: rowsAt(0) },
        ...allowed.map((i) => ({ unit: units.nodes[i].id, n: units.subtree[i], rows: rowsAt(i + 1) })),
      ],
      withheld_units: units.nodes.filter((u, i) => !hidden.has(u.id) && !decision.scope[i]).map((u) => u.id),
    };
  });
}
