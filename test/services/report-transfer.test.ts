/**
 * The ReportInput as it crosses to a worker (server/services/report-transfer.ts): decoding gives back the
 * input that was encoded (units, parents, workflows and comments: text, null or absent); each buffer of
 * the scored columns is transferred once, a shared one too, and detached on the sending side; a large
 * input is coded in slices with the event loop running between them; answers carried by the responses
 * themselves cross as they are.
 */
import { describe, expect, it } from 'vitest';
import type { ReportInput } from '../../analysis/report/build-report.js';
import { decodeReportInput, encodeReportInput } from '../../server/services/report-transfer.js';
import { syntheticReportInput } from '../helpers/report-input.js';

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
    responses: base.responses.map((r, i) => ({
      unit: i % 5 === 0 ? null : r.unit,
      workflow: i % 4 === 0 ? null : r.workflow,
      ...(i % 3 === 0 ? { unitParent: 'dept' } : i % 3 === 1 ? { unitParent: null } : {}),
      ...(i % 2 === 0 ? { comment: r.comment } : {}),
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
    const responses = Array.from({ length: 40_000 }, (_, i) => base.responses[i % 10]);
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
    expect((await crossed(input)).responses.map((r) => r.answers)).toEqual([{ dr1: 3, dr2: null }, { dr1: 5 }]);
  });
});
