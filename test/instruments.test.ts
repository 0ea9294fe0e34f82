import { describe, expect, it } from 'vitest';
import defaultDocument from '../server/instruments/default.json' with { type: 'json' };
import {
  InstrumentError,
  instrumentItems,
  loadDefaultInstrument,
  parseInstrument,
  parseInstrumentJson,
} from '../server/instruments/load.js';

/** The default document without its translations (version 2 ships de and fr): the structural checks read alone. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests break the document in ways its type forbids
function documentCopy(): any {
  const { translations: _translations, language: _language, ...doc } = structuredClone(defaultDocument);
  return doc;
}

function problemsOf(document: unknown): readonly string[] {
  try {
    parseInstrument(document);
  } catch (err) {
    if (err instanceof InstrumentError) return err.problems;
    throw err;
  }
  throw new Error('expected the instrument to be rejected');
}

describe('default instrument', () => {
  const instrument = loadDefaultInstrument();

  it('is valid and has the ten scales of the AI operating model', () => {
    expect(instrument.title).toBe('AI operating model readiness');
    expect(instrument.scales.map((s) => `${s.group}:${s.id}`)).toEqual([
      'organizational:decision_rights',
      'organizational:workflow_orchestration',
      'organizational:data_access',
      'organizational:measurement',
      'organizational:leadership_goals',
      'individual:ai_skill',
      'individual:training',
      'individual:adoption_habits',
      'outcome:ai_performance',
      'alignment:alignment',
    ]);
  });

  it('is a labelled 5-point agree–disagree scale', () => {
    expect(instrument.likert).toEqual({
      min: 1,
      max: 5,
      labels: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
    });
  });

  it('words organizational items at team level', () => {
    for (const scale of instrument.scales.filter((s) => s.group === 'organizational')) {
      for (const item of scale.items) expect(item.text, item.id).toMatch(/^In my team, /);
    }
  });

  it('has 3–5 items per scale (1–2 for alignment), at most one reverse-keyed item per scale, and not in every scale', () => {
    for (const scale of instrument.scales) {
      const [low, high] = scale.group === 'alignment' ? [1, 2] : [3, 5];
      expect(scale.items.length, scale.id).toBeGreaterThanOrEqual(low);
      expect(scale.items.length, scale.id).toBeLessThanOrEqual(high);
      expect(scale.items.filter((i) => i.reverse).length, scale.id).toBeLessThanOrEqual(1);
    }
    const withReverse = instrument.scales.filter((s) => s.items.some((i) => i.reverse)).length;
    expect(withReverse).toBeGreaterThan(0);
    expect(withReverse).toBeLessThan(instrument.scales.length);
  });

  it('asks about five outcomes and gives every item a unique short id', () => {
    expect(instrument.scales.find((s) => s.id === 'ai_performance')!.items).toHaveLength(5);
    const ids = instrumentItems(instrument).map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]{2}\d$/);
  });
});

describe('instrument validation errors name the path and the reason', () => {
  it('rejects an item id used twice', () => {
    const doc = documentCopy();
    doc.scales[2].items[0].id = 'dr1';
    expect(problemsOf(doc)).toEqual(['scales[2].items[0].id: duplicate id "dr1"']);
  });

  it('rejects a scale id used twice', () => {
    const doc = documentCopy();
    doc.scales[1].id = 'decision_rights';
    expect(problemsOf(doc)).toEqual(['scales[1].id: duplicate id "decision_rights"']);
  });

  it('rejects a second reverse-keyed item in a scale', () => {
    const doc = documentCopy();
    doc.scales[0].items[1].reverse = true;
    expect(problemsOf(doc)).toEqual([
      'scales[0].items[3].reverse: scale "decision_rights" already has a reverse-keyed item; at most one is allowed',
    ]);
  });

  it('rejects a label count that does not match the range', () => {
    const doc = documentCopy();
    doc.likert.labels.pop();
    expect(problemsOf(doc)).toEqual(['likert.labels: expected 5 labels (one per point from 1 to 5), got 4']);
  });

  it('rejects a range past 9 points (answer codes are one digit), and accepts 4 to 9 points', () => {
    const doc = documentCopy();
    doc.likert.max = 10;
    expect(problemsOf(doc)[0]).toBe('likert.max: must be a whole number from 4 to 9');
    doc.likert.max = 6;
    doc.likert.labels = ['1', '2', '3', '4', '5', '6'];
    expect(parseInstrument(doc).likert.max).toBe(6);
  });

  it('rejects a scale with too few items, and an alignment scale with too many', () => {
    const doc = documentCopy();
    doc.scales[6].items = doc.scales[6].items.slice(0, 2);
    doc.scales[9].items.push({ id: 'al3', text: 'A third alignment item.', reverse: false });
    expect(problemsOf(doc)).toEqual([
      'scales[6].items: scale "training" (individual) needs 3–5 items, has 2',
      'scales[9].items: scale "alignment" (alignment) needs 1–2 items, has 3',
    ]);
  });

  it('rejects segment rules and levers naming unknown scales or scales of the wrong group', () => {
    const doc = documentCopy();
    doc.segments.misaligned.usageScale = 'usage';
    doc.levers.dataAccess = 'ai_skill';
    expect(problemsOf(doc)).toEqual([
      'segments.misaligned.usageScale: unknown scale "usage"',
      'levers.dataAccess: scale "ai_skill" is individual; expected a scale of group organizational',
    ]);
  });

  it('rejects an item id that would collide with a form field', () => {
    const doc = documentCopy();
    doc.scales[0].items[0].id = 'comment';
    expect(problemsOf(doc)[0]).toMatch(/^scales\[0\]\.items\[0\]\.id: is reserved for the form/);
  });

  it('rejects unknown keys and missing fields', () => {
    const doc = documentCopy();
    doc.scales[3].weight = 2;
    delete doc.scales[4].title;
    const problems = problemsOf(doc);
    expect(problems).toContainEqual(expect.stringMatching(/^scales\[3\]: Unrecognized key: "weight"/));
    expect(problems).toContainEqual(expect.stringMatching(/^scales\[4\]\.title: /));
  });

  it('reports text that is not JSON', () => {
    expect(() => parseInstrumentJson('{"id": ', 'upload.json')).toThrow(
      /Invalid instrument \(upload\.json\):\n {2}\(document\): not valid JSON/,
    );
  });
});
