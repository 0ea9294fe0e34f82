import { describe, expect, it } from 'vitest';
import defaultDocument from '../server/instruments/default.json' with { type: 'json' };
import { InstrumentError, parseInstrument } from '../server/instruments/load.js';

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

/** A complete translation of the document, each text prefixed with the tag. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function translationOf(doc: any, tag: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const scales: any[] = doc.scales;
  return {
    title: `${tag} ${doc.title}`,
    intro: `${tag} ${doc.intro}`,
    likertLabels: doc.likert.labels.map((l: string) => `${tag} ${l}`),
    scales: Object.fromEntries(
      scales.map((s) => [s.id, { title: `${tag} ${s.title}`, description: `${tag} ${s.description}` }]),
    ),
    items: Object.fromEntries(
      scales.flatMap((s) => s.items.map((i: { id: string; text: string }) => [i.id, `${tag} ${i.text}`])),
    ),
    roleLevels: doc.roleLevels.map((r: string) => `${tag} ${r}`),
    ...(doc.comment ? { comment: `${tag} ${doc.comment.prompt}` } : {}),
  };
}

describe('instrument demographics, N/A items and translations', () => {
  it('accepts demographic questions, N/A and optional items and a complete translation', () => {
    const doc = documentCopy();
    doc.scales[0].items[0].notApplicable = true;
    doc.scales[0].items[1].required = false;
    doc.demographics = [
      {
        id: 'tenure',
        question: 'How long have you worked here?',
        options: ['Under a year', '1–5 years', 'Over 5 years'],
      },
    ];
    doc.translations = {
      de: {
        ...translationOf(doc, 'de'),
        demographics: { tenure: { question: 'Wie lange?', options: ['a', 'b', 'c'] } },
      },
    };
    const instrument = parseInstrument(doc);
    expect(instrument.scales[0].items[0].notApplicable).toBe(true);
    expect(instrument.scales[0].items[1].required).toBe(false);
    expect(instrument.demographics?.[0].options).toHaveLength(3);
    expect(Object.keys(instrument.translations ?? {})).toEqual(['de']);
  });

  it('keeps a document without the new fields exactly as it was (stored definitions compare equal)', () => {
    expect(JSON.stringify(parseInstrument(documentCopy()))).not.toMatch(
      /notApplicable|required|translations|demographics/,
    );
  });

  it('names every gap of an incomplete translation by its path', () => {
    const doc = documentCopy();
    const t = translationOf(doc, 'fr');
    delete t.items.dr2;
    t.likertLabels.pop();
    t.scales = { ...t.scales, nope: { title: 'x' } };
    doc.translations = { fr: t };
    expect(problemsOf(doc)).toEqual(
      expect.arrayContaining([
        'translations.fr.items.dr2: is missing (item "dr2")',
        'translations.fr.likertLabels: expected 5 labels, got 4',
        'translations.fr.scales.nope: unknown scale "nope"',
      ]),
    );
  });

  it('rejects a translation into the document language, a bad tag, and demographic ids that clash', () => {
    const doc = documentCopy();
    doc.translations = { en: translationOf(doc, 'en') };
    doc.demographics = [
      { id: 'dr1', question: 'Clash with an item', options: ['a', 'b'] },
      { id: 'lang', question: 'Reserved', options: ['a', 'a'] },
    ];
    const problems = problemsOf(doc);
    expect(problems.some((p) => p.startsWith('translations.en: is the document'))).toBe(true);
    expect(problems).toContain('demographics[0].id: duplicate id "dr1"');
    expect(problems.some((p) => p.startsWith('demographics[1].id: is reserved'))).toBe(true);
    expect(problems).toContain('demographics[1].options[1]: duplicate option "a"');

    const badTag = documentCopy();
    badTag.translations = { 'not a tag': translationOf(badTag, 'x') };
    expect(problemsOf(badTag).some((p) => p.includes('BCP 47'))).toBe(true);
  });
});

describe('the default instrument (version 2)', () => {
  it('ships complete German and French translations, which the schema accepts', () => {
    const instrument = parseInstrument(structuredClone(defaultDocument));
    expect(instrument.version).toBe(2);
    expect(instrument.language).toBe('en');
    expect(Object.keys(instrument.translations ?? {}).sort()).toEqual(['de', 'fr']);
    for (const tag of ['de', 'fr']) {
      const t = instrument.translations![tag];
      const itemIds = instrument.scales.flatMap((s) => s.items.map((i) => i.id));
      expect(Object.keys(t.items).sort()).toEqual([...itemIds].sort());
      // Every text differs from the English one (nothing left untranslated), bar the few shared words.
      const untranslated = itemIds.filter(
        (id) => t.items[id] === instrument.scales.flatMap((s) => s.items).find((i) => i.id === id)!.text,
      );
      expect(untranslated).toEqual([]);
      expect(t.scales.decision_rights.description).toBeTruthy();
      expect(t.comment).toBeTruthy();
      expect(t.intro).toBeTruthy();
    }
  });
});
