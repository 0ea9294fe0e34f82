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
import { relativeImportance, type ImportanceModel } from '../importance/relative-importance.js';
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

/** Complete model rows of the responses `members` (ascending), picked from all complete rows. */
function rowsOf(all: IndexedRows, members: Int32Array): Float64Array[] {
  const out: Float64Array[] = [];
  let t = 0;
  for (let k = 0; k < all.rows.length && t < members.length; k++) {
    const r = all.source[k];
    while (t < members.length && members[t] < r) t++;
    if (members[t] === r) out.push(all.rows[k]);
  }
  return out;
}

/** Organizational share of R² for the members' complete rows, or null when too few or not fittable. */
function orgShare(model: ImportanceModel, rows: Float64Array[]): number | null {
  if (rows.length < MIN_N_PER_PREDICTOR * model.predictors.length) return null;
  try {
    const result = relativeImportance({ columns: [model.outcome, ...model.predictors], rows }, model);
    return result.groupLmg?.organizational !== undefined ? result.groupLmg.organizational / result.r2 : 1;
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
    // Members of the shown groups large enough for a decomposition, in row order.
    const need = MIN_N_PER_PREDICTOR * model.predictors.length;
    const big = (slot: number, v: number) => shown[slot * V + v] === 1 && n[slot * V + v] >= need;
    const members = new Map<number, Int32Array>();
    const filled = new Map<number, number>();
    for (let x = 0; x < n.length; x++) if (big(Math.floor(x / V), x % V)) members.set(x, new Int32Array(n[x]));
    if (members.size > 0)
      for (let r = 0; r < cut.code.length; r++) {
        const v = cut.code[r];
        if (v < 0) continue;
        const slots = [0, ...(units.code[r] >= 0 ? [...units.chain[units.code[r]]].map((a) => a + 1) : [])];
        for (const slot of slots) {
          const list = members.get(slot * V + v);
          if (!list) continue;
          const at = filled.get(slot * V + v) ?? 0;
          list[at] = r;
          filled.set(slot * V + v, at + 1);
        }
      }
    const rowsAt = (slot: number): CutRow[] =>
      cut.labels.map((value, v) => {
        const x = slot * V + v;
        const hide = shown[x] !== 1;
        const means: Record<string, number> = {};
        if (!hide) scales.forEach((id, s) => count[x * S + s] > 0 && (means[id] = sum[x * S + s] / count[x * S + s]));
        const list = members.get(x);
        const share = !hide && list ? orgShare(model, rowsOf(modelRows, list)) : null;
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
