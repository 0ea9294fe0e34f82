/**
 * A ReportInput in the form it crosses to a worker thread cheaply. Posting a message copies it on the
 * posting thread (structured clone): a million response objects take over half a second there, and the
 * scored columns as much again. So the scored items' typed arrays are transferred (moved, not copied:
 * they are detached on the sending side afterwards) and each response field becomes one Int32Array
 * of codes into a small table of its distinct values (a few units and workflows; comments are mostly
 * empty). Responses already given as columns (analysis/report/report-responses.ts `ResponseColumns`)
 * cross as they are, their typed arrays transferred too. `decodeReportInput` gives back an input equal
 * to the one encoded; `onProgress` (a function) does not cross.
 */
import type { ReportInput, ReportInputResponse } from '../../analysis/report/build-report.js';
import { isResponseColumns, type ResponseColumns } from '../../analysis/report/report-responses.js';
import type { ScoredItems } from '../../analysis/scales/scoring.js';

type Value = string | null | undefined;

/** A column of strings as codes into its distinct values. */
interface CodedColumn {
  readonly values: readonly Value[];
  readonly codes: Int32Array;
}

/** Responses given as objects, each field coded (see the top of the file). */
export interface EncodedResponseObjects {
  readonly kind: 'objects';
  readonly unit: CodedColumn;
  readonly unitParent: CodedColumn;
  readonly workflow: CodedColumn;
  readonly comment: CodedColumn;
  /** The cut answers: role level, language, and the demographic answers as JSON text. */
  readonly roleLevel: CodedColumn;
  readonly language: CodedColumn;
  readonly demographics: CodedColumn;
  /** The responses' own answers, only when some response carries them (inputs without `scored`). */
  readonly answers: readonly ReportInputResponse['answers'][] | undefined;
}

/** Responses given as columns: they cross as they are. */
export interface EncodedResponseColumns {
  readonly kind: 'columns';
  readonly columns: ResponseColumns;
}

export interface EncodedReportInput {
  readonly rest: Omit<ReportInput, 'responses' | 'scored' | 'onProgress'>;
  readonly scored: ScoredItems | undefined;
  readonly responses: EncodedResponseObjects | EncodedResponseColumns;
}

export interface Encoded {
  readonly message: EncodedReportInput;
  /** The buffers to transfer with the message (each once; shared memory is never listed). */
  readonly transfer: ArrayBuffer[];
}

/** Rows coded between two turns of the event loop: a few milliseconds of work, so requests are answered meanwhile. */
const SLICE_ROWS = 16_384;

/**
 * Encodes `input` for postMessage; its scored typed arrays are handed over with `transfer`. Codes the
 * responses a slice at a time, letting the event loop run between slices (a million rows are about
 * 0.1 s of work in all, against 0.8 s in one stretch to clone them).
 */
export async function encodeReportInput(input: ReportInput): Promise<Encoded> {
  const { responses, scored, onProgress: _onProgress, ...rest } = input;
  const encoded: EncodedResponseObjects | EncodedResponseColumns = isResponseColumns(responses)
    ? { kind: 'columns', columns: responses }
    : await encodeResponseObjects(responses);
  const arrays: ArrayBufferView[] = [
    ...(encoded.kind === 'columns'
      ? [
          encoded.columns.unit,
          encoded.columns.workflow,
          ...(encoded.columns.groups ? [encoded.columns.groups.code] : []),
        ]
      : [
          encoded.unit,
          encoded.unitParent,
          encoded.workflow,
          encoded.comment,
          encoded.roleLevel,
          encoded.language,
          encoded.demographics,
        ].map((c) => c.codes)),
    ...(scored ? [...Object.values(scored.keyed), ...Object.values(scored.scores)] : []),
  ];
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return { message: { rest, scored, responses: encoded }, transfer: [...buffers] };
}

/** Response objects coded a slice at a time, the event loop running between slices. */
async function encodeResponseObjects(responses: readonly ReportInputResponse[]): Promise<EncodedResponseObjects> {
  const [unit, unitParent, workflow, comment, roleLevel, language, demographics] = [0, 1, 2, 3, 4, 5, 6].map(
    () => new ColumnCoder(responses.length),
  );
  for (let start = 0; start < responses.length; start += SLICE_ROWS) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    const end = Math.min(responses.length, start + SLICE_ROWS);
    for (let i = start; i < end; i++) {
      const r = responses[i];
      unit.code(i, r.unit);
      unitParent.code(i, r.unitParent);
      workflow.code(i, r.workflow);
      comment.code(i, r.comment);
      roleLevel.code(i, r.roleLevel);
      language.code(i, r.language);
      demographics.code(i, r.demographics === undefined ? undefined : JSON.stringify(r.demographics));
    }
  }
  return {
    kind: 'objects',
    unit: unit.column,
    unitParent: unitParent.column,
    workflow: workflow.column,
    comment: comment.column,
    roleLevel: roleLevel.column,
    language: language.column,
    demographics: demographics.column,
    answers: responses.some((r) => r.answers !== undefined) ? responses.map((r) => r.answers) : undefined,
  };
}

/** The ReportInput that was encoded. */
export function decodeReportInput(message: EncodedReportInput): ReportInput {
  const encoded = message.responses;
  const responses = encoded.kind === 'columns' ? encoded.columns : decodeResponseObjects(encoded);
  return { ...message.rest, responses, ...(message.scored ? { scored: message.scored } : {}) };
}

function decodeResponseObjects(encoded: EncodedResponseObjects): ReportInputResponse[] {
  const { unit, unitParent, workflow, comment, roleLevel, language, demographics, answers } = encoded;
  const value = (c: CodedColumn, i: number) => c.values[c.codes[i]];
  const optional = <K extends string>(key: K, v: Value): { [k in K]?: string | null } =>
    (v === undefined ? {} : { [key]: v }) as { [k in K]?: string | null };
  return Array.from({ length: unit.codes.length }, (_, i) => ({
    unit: unit.values[unit.codes[i]] ?? null,
    unitParent: unitParent.values[unitParent.codes[i]],
    workflow: workflow.values[workflow.codes[i]] ?? null,
    comment: comment.values[comment.codes[i]],
    ...optional('roleLevel', value(roleLevel, i)),
    ...optional('language', value(language, i)),
    ...(value(demographics, i) === undefined
      ? {}
      : { demographics: JSON.parse(value(demographics, i)!) as Record<string, string> | null }),
    ...(answers?.[i] === undefined ? {} : { answers: answers[i] }),
  }));
}

/** One field's values as codes into its distinct values, filled row by row. */
class ColumnCoder {
  private readonly index = new Map<Value, number>();
  private readonly values: Value[] = [];
  private readonly codes: Int32Array;
  constructor(rows: number) {
    this.codes = new Int32Array(rows);
  }
  code(row: number, value: Value): void {
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.push(value) - 1;
      this.index.set(value, code);
    }
    this.codes[row] = code;
  }
  get column(): CodedColumn {
    return { values: this.values, codes: this.codes };
  }
}
