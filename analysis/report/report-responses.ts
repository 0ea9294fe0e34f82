/**
 * The responses as the report's passes read them: each response's unit as an index into the unit
 * tree (report-units.ts `unitNodes`, depth first), its workflow, and the comments. Responses come
 * either as one object each (the CLI, tests) or already as columns (`ResponseColumns`, read straight
 * from the database), so a million responses never need a million objects.
 */
import { unitIndex, unitNodes, type UnitIndex, type UnitInfo } from './report-units.js';

/** Responses as columns: ReportInput takes these instead of one object per response. */
export interface ResponseColumns {
  /** Per response, the index of its unit in ReportInput `units` (required with columns); −1 = none. */
  readonly unit: Int32Array;
  /** Per response, the index of its workflow in `workflows`; −1 = none. */
  readonly workflow: Int32Array;
  readonly workflows: readonly string[];
  /** The comments given, in any order (the report sorts them); null and blank ones are ignored. */
  readonly comments: readonly (string | null)[];
  /** Each response's role level, language and demographic answers, for the cuts (none when absent). */
  readonly groups?: ResponseGroups;
}

/** The answers that cut the report, as codes: per response an index into a short list of distinct combinations. */
export interface ResponseGroups {
  /** Per response, the index of its combination in `combos`. */
  readonly code: Int32Array;
  readonly combos: readonly GroupCombo[];
}

/** One combination of role level, language and demographic answers (stored texts; null = not given). */
export interface GroupCombo {
  readonly roleLevel: string | null;
  readonly language: string | null;
  /** Question id → the option answered. */
  readonly demographics: Readonly<Record<string, string>>;
}

/** A response as ReportInput takes it as an object (the answers may come scored instead). */
export interface ResponseObject {
  readonly unit: string | null;
  readonly unitParent?: string | null;
  readonly workflow: string | null;
  readonly comment?: string | null;
  readonly roleLevel?: string | null;
  readonly language?: string | null;
  readonly demographics?: Readonly<Record<string, string>> | null;
}

export interface CodedResponses {
  readonly n: number;
  readonly units: UnitIndex;
  /** Per response, its workflow (null = none). */
  readonly workflowOf: readonly (string | null)[];
  /** The non-blank comments, trimmed. */
  readonly comments: readonly string[];
  /** The cut answers as codes (report-cuts.ts); every response in one empty combination when none were given. */
  readonly groups: ResponseGroups;
}

/** The objects' cut answers as codes, one combination per distinct (role level, language, demographics). */
function groupsOf(responses: readonly ResponseObject[]): ResponseGroups {
  const index = new Map<string, number>();
  const combos: GroupCombo[] = [];
  const code = Int32Array.from(responses, (r) => {
    const combo: GroupCombo = {
      roleLevel: r.roleLevel ?? null,
      language: r.language ?? null,
      demographics: r.demographics ?? {},
    };
    const key = JSON.stringify([combo.roleLevel, combo.language, Object.entries(combo.demographics).sort()]);
    let c = index.get(key);
    if (c === undefined) {
      c = combos.push(combo) - 1;
      index.set(key, c);
    }
    return c;
  });
  return { code, combos };
}

const NO_GROUPS = (n: number): ResponseGroups => ({
  code: new Int32Array(n),
  combos: [{ roleLevel: null, language: null, demographics: {} }],
});

export function isResponseColumns(r: readonly ResponseObject[] | ResponseColumns): r is ResponseColumns {
  return !Array.isArray(r);
}

/** How many responses `responses` holds. */
export function responseCount(responses: readonly ResponseObject[] | ResponseColumns): number {
  return isResponseColumns(responses) ? responses.unit.length : responses.length;
}

/**
 * The responses coded (see `CodedResponses`). Objects: as before, a unit '' or null is none, a
 * workflow '' is none, and the tree is `units` or derived from the responses (report-units.ts
 * `unitNodes`). Columns: `units` is required and every code must index it. Throws as `unitNodes`
 * does, and on a unit or workflow code out of range.
 */
export function codedResponses(
  responses: readonly ResponseObject[] | ResponseColumns,
  units: readonly UnitInfo[] | undefined,
): CodedResponses {
  if (!isResponseColumns(responses)) {
    const unitOf = responses.map((r) => (r.unit === '' ? null : r.unit));
    const nodes = unitNodes(
      unitOf,
      responses.map((r) => r.unitParent),
      units,
    );
    const index = new Map(nodes.map((u, i) => [u.id, i]));
    const code = Int32Array.from(unitOf, (u) => (u === null ? -1 : index.get(u)!));
    const comments = responses.map((r) => r.comment?.trim() ?? '').filter((c) => c.length > 0);
    return {
      n: responses.length,
      units: unitIndex(nodes, code),
      workflowOf: responses.map((r) => (r.workflow === '' ? null : r.workflow)),
      comments,
      groups: groupsOf(responses),
    };
  }
  if (!units) throw new RangeError('responses given as columns need the list of units their codes index');
  const n = responses.unit.length;
  if (responses.workflow.length !== n)
    throw new RangeError(`got ${n} unit codes but ${responses.workflow.length} workflow codes`);
  const nodes = unitNodes([], [], units);
  const index = new Map(nodes.map((u, i) => [u.id, i]));
  const nodeOf = Int32Array.from(units, (u) => index.get(u.id)!);
  const code = new Int32Array(n);
  const workflowOf = new Array<string | null>(n);
  const labels = responses.workflows.map((w) => (w === '' ? null : w));
  for (let r = 0; r < n; r++) {
    const u = responses.unit[r];
    const w = responses.workflow[r];
    if (u >= units.length || w >= labels.length)
      throw new RangeError(`response ${r} has a unit or workflow code (${u}, ${w}) outside the lists given`);
    code[r] = u < 0 ? -1 : nodeOf[u];
    workflowOf[r] = w < 0 ? null : labels[w];
  }
  const comments: string[] = [];
  for (const c of responses.comments) {
    const t = c?.trim() ?? '';
    if (t.length > 0) comments.push(t);
  }
  const groups = responses.groups ?? NO_GROUPS(n);
  if (groups.code.length !== n) throw new RangeError(`got ${n} unit codes but ${groups.code.length} group codes`);
  for (let r = 0; r < n; r++)
    if (groups.code[r] < 0 || groups.code[r] >= groups.combos.length)
      throw new RangeError(`response ${r} has a group code (${groups.code[r]}) outside the list given`);
  return { n, units: unitIndex(nodes, code), workflowOf, comments, groups };
}
