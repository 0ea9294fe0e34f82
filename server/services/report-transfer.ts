/**
 * A ReportInput in the form it crosses to a worker thread cheaply. Posting a message copies it on the
 * posting thread (structured clone): a million response objects take over half a second there, and the
 * scored columns as much again. So the scored items' typed arrays are transferred (moved, not copied:
 * they are detached on the sending side afterwards) and each response field becomes one Int32Array
 * of codes into a small table of its distinct values (a few units and workflows; comments are mostly
 * empty). `decodeReportInput` gives back an input equal to the one encoded; `onProgress` (a function)
 * does not cross.
 */
import type { ReportInput, ReportInputResponse } from '../../analysis/report/build-report.js';
import type { ScoredItems } from '../../analysis/scales/scoring.js';

type Value = string | null | undefined;

/** A column of strings as codes into its distinct values. */
interface CodedColumn {
  readonly values: readonly Value[];
  readonly codes: Int32Array;
}

export interface EncodedReportInput {
  readonly rest: Omit<ReportInput, 'responses' | 'scored' | 'onProgress'>;
  readonly scored: ScoredItems | undefined;
  readonly unit: CodedColumn;
  readonly unitParent: CodedColumn;
  readonly workflow: CodedColumn;
  readonly comment: CodedColumn;
  /** The responses' own answers, only when some response carries them (inputs without `scored`). */
  readonly answers: readonly ReportInputResponse['answers'][] | undefined;
}

export interface Encoded {
  readonly message: EncodedReportInput;
  /** The buffers to transfer with the message (each once; shared memory is never listed). */
  readonly transfer: ArrayBuffer[];
}

/** Encodes `input` for postMessage; its scored typed arrays are handed over with `transfer`. */
export function encodeReportInput(input: ReportInput): Encoded {
  const { responses, scored, onProgress: _onProgress, ...rest } = input;
  const message: EncodedReportInput = {
    rest,
    scored,
    unit: coded(responses, (r) => r.unit),
    unitParent: coded(responses, (r) => r.unitParent),
    workflow: coded(responses, (r) => r.workflow),
    comment: coded(responses, (r) => r.comment),
    answers: responses.some((r) => r.answers !== undefined) ? responses.map((r) => r.answers) : undefined,
  };
  const columns = [message.unit, message.unitParent, message.workflow, message.comment].map((c) => c.codes);
  const arrays = scored ? [...Object.values(scored.keyed), ...Object.values(scored.scores)] : [];
  const buffers = new Set<ArrayBuffer>();
  for (const a of [...columns, ...arrays]) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return { message, transfer: [...buffers] };
}

/** The ReportInput that was encoded. */
export function decodeReportInput(message: EncodedReportInput): ReportInput {
  const { unit, unitParent, workflow, comment, answers } = message;
  const responses: ReportInputResponse[] = Array.from({ length: unit.codes.length }, (_, i) => ({
    unit: unit.values[unit.codes[i]] ?? null,
    unitParent: unitParent.values[unitParent.codes[i]],
    workflow: workflow.values[workflow.codes[i]] ?? null,
    comment: comment.values[comment.codes[i]],
    ...(answers?.[i] === undefined ? {} : { answers: answers[i] }),
  }));
  return { ...message.rest, responses, ...(message.scored ? { scored: message.scored } : {}) };
}

function coded(responses: readonly ReportInputResponse[], field: (r: ReportInputResponse) => Value): CodedColumn {
  const index = new Map<Value, number>();
  const values: Value[] = [];
  const codes = new Int32Array(responses.length);
  for (let i = 0; i < responses.length; i++) {
    const value = field(responses[i]);
    let code = index.get(value);
    if (code === undefined) {
      code = values.push(value) - 1;
      index.set(value, code);
    }
    codes[i] = code;
  }
  return { values, codes };
}
