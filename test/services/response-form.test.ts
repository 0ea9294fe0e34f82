/**
 * The submission schema (server/services/response-form.ts) of an instrument with "Does not apply",
 * an optional item and demographic questions, with messages in the respondent's language.
 */
import { describe, expect, it } from 'vitest';
import { instrumentItems } from '../../server/instruments/load.js';
import { buildResponseFormSchema, parseResponseForm, parseWithSchema } from '../../server/services/response-form.js';
import { LOCATION, shapedInstrument, TENURE } from '../fixtures/shaped-instrument.js';
import { completeAnswers } from '../helpers/answers.js';

const instrument = shapedInstrument();
const choices = { unitIds: [], unitFixed: false, workflows: [] };
const body = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...completeAnswers(instrument),
  role_level: 'Manager',
  ...extra,
});

describe('response form schema', () => {
  it('stores "Does not apply" as 0 on an item that offers it, and refuses 0 elsewhere', () => {
    const ok = parseResponseForm(instrument, choices, body({ dr1: '0' }));
    expect(ok.ok && ok.data.answers.dr1).toBe(0);
    const refused = parseResponseForm(instrument, choices, body({ dr2: '0' }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.fieldErrors.dr2).toBe('Choose one answer from 1 to 5');
    const outOfRange = parseResponseForm(instrument, choices, body({ dr1: '6' }));
    if (!outOfRange.ok) expect(outOfRange.fieldErrors.dr1).toBe('Choose one answer from 1 to 5, or “Does not apply”');
    expect(outOfRange.ok).toBe(false);
  });

  it('lets an optional item be left blank (absent from the answers) but still checks a given answer', () => {
    const blank = parseResponseForm(instrument, choices, body({ pf3: '' }));
    expect(blank.ok).toBe(true);
    if (blank.ok) {
      expect('pf3' in blank.data.answers).toBe(false);
      expect(Object.keys(blank.data.answers)).toHaveLength(instrumentItems(instrument).length - 1);
    }
    const { pf3: _pf3, ...without } = body();
    expect(parseResponseForm(instrument, choices, without).ok).toBe(true);
    expect(parseResponseForm(instrument, choices, body({ pf3: '9' })).ok).toBe(false);
    const required = parseResponseForm(instrument, choices, body({ pf2: '' }));
    expect(!required.ok && required.fieldErrors.pf2).toBe('Choose an answer');
  });

  it('keeps demographic answers in the document language, skips "Prefer not to say", refuses other values', () => {
    const ok = parseResponseForm(instrument, choices, body({ [TENURE]: '1–3 years', [LOCATION]: '' }));
    expect(ok.ok && ok.data.demographics).toEqual({ [TENURE]: '1–3 years' });
    const none = parseResponseForm(instrument, choices, body());
    expect(none.ok && none.data.demographics).toEqual({});
    const shown = parseResponseForm(instrument, choices, body({ [TENURE]: '1–3 Jahre' }), 'de');
    expect(!shown.ok && shown.fieldErrors[TENURE]).toBe('Bitte wählen Sie eine der angezeigten Möglichkeiten aus');
  });

  it('requires a required demographic question, saying what is needed', () => {
    const strict = { ...instrument, demographics: instrument.demographics!.map((q) => ({ ...q, required: true })) };
    const result = parseResponseForm(strict, choices, body({ [TENURE]: '' }), 'fr');
    expect(!result.ok && result.fieldErrors[TENURE]).toBe('Veuillez répondre à cette question');
  });

  it('words every message in the language asked for, unknown fields included', () => {
    const { dr3: _dr3, ...missing } = body();
    const de = parseResponseForm(instrument, choices, { ...missing, role_level: '', extra: '1' }, 'de');
    expect(de.ok).toBe(false);
    if (!de.ok) {
      expect(de.fieldErrors.dr3).toBe('Bitte wählen Sie eine Antwort aus');
      expect(de.fieldErrors.role_level).toBe('Bitte wählen Sie Ihre Hierarchieebene aus');
      expect(de.formErrors[0]).toContain('"extra"');
      expect(de.formErrors[0]).toContain('Es wurde nichts gespeichert.');
    }
  });

  it('accepts the lang field the form posts, and one schema validates many bodies', () => {
    const schema = buildResponseFormSchema(instrument, choices, 'fr');
    expect(parseWithSchema(schema, body({ lang: 'fr' })).ok).toBe(true);
    expect(parseWithSchema(schema, body({ lang: 'fr', dr1: '0' })).ok).toBe(true);
  });
});
