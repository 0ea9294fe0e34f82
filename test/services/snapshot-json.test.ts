/**
 * The exact JSON of stored report snapshots: a built Report (with NaN figures, which plain JSON turns
 * into null) reads back deep-equal, and so do ±Infinity, -0 and undefined; anything but plain data is
 * refused with its path.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../analysis/report/build-report.js';
import { decodeSnapshot, encodeSnapshot } from '../../server/services/snapshot-json.js';
import { demoResponses, instrument } from '../fixtures/demo-report-input.js';

const alignmentItems = new Set(instrument.scales.find((s) => s.id === 'alignment')!.items.map((i) => i.id));

/** The demo responses with the alignment scale never answered: its mean, sd and shares are NaN. */
const unansweredAlignment = demoResponses({ n: 120 }).map((r) => ({
  ...r,
  answers: Object.fromEntries(Object.entries(r.answers).filter(([id]) => !alignmentItems.has(id))),
}));

describe('report snapshot JSON', () => {
  it('reads a built Report back deep-equal, NaN figures included, where plain JSON would not', () => {
    const report = buildReport({ instrument, responses: unansweredAlignment, bootstrap: 30, seed: 3 });
    expect(report.status).toBe('ok');
    const plain: unknown = JSON.parse(JSON.stringify(report));
    expect(plain).not.toEqual(report); // the NaN figures would come back as null
    const view = { report, overview: { release: { id: 4, releasedOn: '2026-11-30', responses: 120 }, waiting: false } };
    expect(decodeSnapshot(encodeSnapshot(view))).toStrictEqual(view);
  });

  it('keeps NaN, ±Infinity, -0 and undefined wherever they are, the top level included', () => {
    const value = {
      a: [NaN, Infinity, -Infinity, -0, 0, undefined, null, 'NaN'],
      nested: { deep: [{ x: undefined, y: -0 }], n: 1.5 },
      gone: undefined,
    };
    const back = decodeSnapshot<typeof value>(encodeSnapshot(value));
    expect(back).toStrictEqual(value);
    expect(Object.is(back.a[3], -0)).toBe(true);
    expect(Object.is(back.a[4], 0)).toBe(true);
    expect('gone' in back).toBe(true);
    for (const top of [NaN, -0, undefined, 'text', null])
      expect(decodeSnapshot(encodeSnapshot(top))).toStrictEqual(top);
  });

  it('refuses values that are not plain data, naming where they are', () => {
    expect(() => encodeSnapshot({ scales: [{ scores: new Float64Array(2) }] })).toThrow(
      'not a Float64Array (at scales.0.scores)',
    );
    expect(() => encodeSnapshot({ when: new Date() })).toThrow('not a Date (at when)');
    expect(() => encodeSnapshot(new Map())).toThrow('not a Map (at the top level)');
    expect(() => encodeSnapshot({ n: 1n })).toThrow('cannot hold a bigint (at n)');
  });

  it('refuses text that is not a snapshot', () => {
    expect(() => decodeSnapshot('{"report":{}}')).toThrow('not in the expected form');
    expect(() => decodeSnapshot('{"value":1,"special":[[[],"Zero"]]}')).toThrow('not in the expected form');
  });
});
