/**
 * Instrument files as text (server/instruments/document-text.ts, load.ts `parseInstrumentText`): JSON
 * and YAML read alike, and every problem names the line and column of the value it is about.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { InstrumentError, loadDefaultInstrument, parseInstrumentText } from '../server/instruments/load.js';

// Without its translations: the tests below break one id, which a translation would also report.
const { translations: _translations, ...instrument } = loadDefaultInstrument();

function problemsOf(text: string): readonly string[] {
  try {
    parseInstrumentText(text);
  } catch (err) {
    if (err instanceof InstrumentError) return err.problems;
    throw err;
  }
  throw new Error('expected the file to be rejected');
}

/** The 1-based line of the first line of `text` containing `needle` after `from` lines. */
const lineOf = (text: string, needle: string, from = 0) =>
  text.split('\n').findIndex((l, i) => i >= from && l.includes(needle)) + 1;

describe('instrument files as text', () => {
  it('reads the same instrument from JSON and from YAML', () => {
    expect(parseInstrumentText(JSON.stringify(instrument, null, 2))).toEqual(instrument);
    expect(parseInstrumentText(stringify(instrument))).toEqual(instrument);
  });

  it('names the line and column of a duplicate item id in JSON', () => {
    const doc = structuredClone(instrument) as unknown as { scales: { items: { id: string }[] }[] };
    doc.scales[2].items[0].id = doc.scales[0].items[0].id;
    const text = JSON.stringify(doc, null, 2);
    const scale2 = lineOf(text, `"id": "${instrument.scales[2].id}"`);
    const line = lineOf(text, `"id": "${doc.scales[0].items[0].id}"`, scale2);
    expect(problemsOf(text)).toEqual([
      `line ${line}, column 11: scales[2].items[0].id: duplicate id "${doc.scales[0].items[0].id}"`,
    ]);
  });

  it('names the line of a wrong value in YAML, and of the parent when a field is missing', () => {
    const doc = structuredClone(instrument) as unknown as Record<string, unknown> & { likert: { max: number } };
    doc.likert.max = 12;
    delete doc.title;
    const text = stringify(doc);
    expect(problemsOf(text)).toEqual([
      `line 1, column 1: title: Invalid input: expected string, received undefined`,
      `line ${lineOf(text, 'max: 12')}, column 3: likert.max: must be a whole number from 4 to 9`,
    ]);
  });

  it('names the line of a syntax error and of a duplicate key', () => {
    expect(problemsOf('{\n  "id": "x",\n  "id": "y"\n}')[0]).toMatch(/^line 3, column 3: .*(unique|duplicate)/i);
    expect(problemsOf('title: [unclosed\nscales: 1')[0]).toMatch(/^line \d+, column \d+: .*not valid JSON or YAML/);
  });
});
