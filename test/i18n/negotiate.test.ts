/**
 * Which language the respondent sees (server/i18n/negotiate.ts): explicit choice, else the invited
 * person's language, else Accept-Language among the instrument's languages, else the instrument's own.
 */
import { describe, expect, it } from 'vitest';
import { chooseLanguage, instrumentLanguages, matchLanguage } from '../../server/i18n/negotiate.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';

const available = ['en', 'de', 'fr'];
/** A stand-in for express's req.acceptsLanguages: the first of the browser's list that is offered. */
const browser =
  (...preferred: string[]) =>
  (offered: string[]) =>
    preferred.map((p) => matchLanguage(offered, p)).find((x) => x !== undefined) ?? false;

describe('language negotiation', () => {
  it("lists the instrument's own language first, then its translations", () => {
    expect(instrumentLanguages(loadDefaultInstrument())).toEqual(['en', 'de', 'fr']);
  });

  it('takes an explicit choice first, even against the person and the browser', () => {
    expect(chooseLanguage(available, { explicit: 'fr', person: 'de', accepts: browser('de') })).toBe('fr');
  });

  it("takes the invited person's language over the browser's", () => {
    expect(chooseLanguage(available, { person: 'de', accepts: browser('fr') })).toBe('de');
  });

  it('takes the browser preference when nothing else names a language', () => {
    expect(chooseLanguage(available, { accepts: browser('it', 'fr') })).toBe('fr');
  });

  it("falls back to the instrument's own language, ignoring choices it does not offer", () => {
    expect(chooseLanguage(available, { explicit: 'es', person: 'it', accepts: browser('pt') })).toBe('en');
    expect(chooseLanguage(available, { explicit: ['de', 'fr'] })).toBe('en');
    expect(chooseLanguage(available, {})).toBe('en');
  });

  it('matches regional tags by base language and ignores case', () => {
    expect(matchLanguage(available, 'de-AT')).toBe('de');
    expect(matchLanguage(available, 'FR')).toBe('fr');
    expect(matchLanguage(['en', 'pt-BR'], 'pt')).toBe('pt-BR');
    expect(matchLanguage(available, 'x'.repeat(40))).toBeUndefined();
  });
});
