/**
 * The ReportInput as it crosses to a worker (server/services/report-transfer.ts): decoding gives back the
 * input that was encoded (units, parents, workflows and comments: text, null or absent); each buffer of
 * the scored columns is transferred once, a shared one too, and detached on the sending side; a large
 * input is coded in slices with the event loop running between them; answers carried by the responses
 * themselves cross as they are.
 */
import { describe, expect, it } from 'vitest';
import type { ReportInput, ReportInputResponse } from '../../analysis/report/build-report.js';
import { isResponseColumns, type ResponseColumns } from '../../analysis/report/report-responses.js';
import { decodeReportInput, encodeReportInput } from '../../server/services/report-transfer.js';
import { syntheticReportInput } from '../helpers/report-input.js';

/** The input's responses as objects (the synthetic inputs give them so). */
function objects(input: ReportInput): readonly ReportInputResponse[] {
  if (isResponseColumns(input.responses)) throw new Error('expected response objects');
  return input.responses;
}

/** A structured clone with the transfer list, as postMessage makes it. */
async function crossed(input: ReportInput): Promise<ReportInput> {
  const { message, transfer } = await encodeReportInput(input);
  return decodeReportInput(structuredClone(message, { transfer }));
}

/** The same input every call: units left out, parents given, null or absent, thresholds and a unit tree. */
function mixedInput(): ReportInput {
  const base = syntheticReportInput({ n: 30 });
  return {
    ...base,
    responses: objects(base).map((r, i) => ({
      unit: i % 5 === 0 ? null : r.unit,
      workflow: i % 4 === 0 ? null : r.workflow,
      ...(i % 3 === 0 ? { unitParent: 'dept' } : i % 3 === 1 ? { unitParent: null } : {}),
      ...(i % 2 === 0 ? { comment: r.comment } : {}),
      ...(i % 7 === 0 ? {} : { roleLevel: i % 3 === 0 ? null : ['Manager', 'Staff'][i % 2] }),
      ...(i % 6 === 0 ? {} : { language: ['en', 'fr'][i % 2] }),
      ...(i % 5 === 1 ? {} : { demographics: i % 4 === 0 ? null : { tenure: ['<1', '1-5'][i % 2] } }),
    })),
    threshold: 6,
    units: [{ id: 'dept', name: 'Operations', parent: null }],
  };
}

describe('report input transfer', () => {
  it('decodes to the input that was encoded', async () => {
    expect(await crossed(mixedInput())).toEqual(mixedInput());
  });

  it('transfers each buffer of the scored columns once, and they are detached here after', async () => {
    const input = syntheticReportInput({ n: 20 });
    const shared = new Float64Array(40);
    const scored = {
      ...input.scored!,
      keyed: { ...input.scored!.keyed, a: shared.subarray(0, 20), b: shared.subarray(20) },
    };
    const { transfer } = await encodeReportInput({ ...input, scored });
    expect(transfer.filter((b) => b === shared.buffer)).toHaveLength(1);
    expect(new Set(transfer).size).toBe(transfer.length);
    const back = await crossed({ ...input, scored });
    expect(Array.from(back.scored!.keyed.b)).toEqual(new Array(20).fill(0));
    expect(shared.length).toBe(0);
    expect(Object.values(input.scored!.scores).every((column) => column.length === 0)).toBe(true);
  });

  it('lets the event loop run while it codes a large input', async () => {
    const base = syntheticReportInput({ n: 10 });
    const responses = Array.from({ length: 40_000 }, (_, i) => objects(base)[i % 10]);
    const order: string[] = [];
    const encoding = encodeReportInput({ ...base, scored: undefined, responses }).then(() => order.push('encoded'));
    setImmediate(() => order.push('another callback'));
    await encoding;
    expect(order).toEqual(['another callback', 'encoded']);
  });

  it('carries answers given on the responses as they are', async () => {
    const input: ReportInput = {
      ...syntheticReportInput({ n: 2 }),
      scored: undefined,
      responses: [
        { unit: 'a', workflow: null, answers: { dr1: 3, dr2: null } },
        { unit: 'b', workflow: 'w', answers: { dr1: 5 } },
      ],
    };
    expect(objects(await crossed(input)).map((r) => r.answers)).toEqual([{ dr1: 3, dr2: null }, { dr1: 5 }]);
  });

  it('passes response columns through, transferring their typed arrays', async () => {
    const input = syntheticReportInput({ n: 12 });
    const columns: ResponseColumns = {
      unit: Int32Array.from({ length: 12 }, (_, i) => (i % 4 === 0 ? -1 : i % 2)),
      workflow: Int32Array.from({ length: 12 }, (_, i) => (i % 3) - 1),
      workflows: ['Claims triage', 'Renewals'],
      comments: ['one', null, '  '],
    };
    const expected = {
      unit: Array.from(columns.unit),
      workflow: Array.from(columns.workflow),
      workflows: [...columns.workflows],
      comments: [...columns.comments],
    };
    const withColumns: ReportInput = {
      ...input,
      responses: columns,
      units: [
        { id: 'Claims', name: 'Claims', parent: null },
        { id: 'Underwriting', name: 'Underwriting', parent: null },
      ],
    };
    const { message, transfer } = await encodeReportInput(withColumns);
    expect(transfer).toContain(columns.unit.buffer);
    expect(transfer).toContain(columns.workflow.buffer);
    const back = decodeReportInput(structuredClone(message, { transfer }));
    expect(isResponseColumns(back.responses)).toBe(true);
    const got = back.responses as ResponseColumns;
    expect({
      unit: Array.from(got.unit),
      workflow: Array.from(got.workflow),
      workflows: [...got.workflows],
      comments: [...got.comments],
    }).toEqual(expected);
    expect(columns.unit.length).toBe(0);
  });
});
