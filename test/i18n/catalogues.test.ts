/**
 * The form's own texts (server/i18n/): every catalogue has every key of the English one, no empty
 * text, and the same `{placeholders}` per key (a translation that drops `{max}` would print no number).
 */
import { describe, expect, it } from 'vitest';
import { catalogueFor, catalogues, directionOf, format, languageName } from '../../server/i18n/catalogues.js';
import { en } from '../../server/i18n/en.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('form catalogues', () => {
  it('ships English, German and French', () => {
    expect(Object.keys(catalogues).sort()).toEqual(['de', 'en', 'fr']);
  });

  it.each(Object.keys(catalogues))(
    '%s has every key of the English catalogue, each non-empty with the same placeholders',
    (tag) => {
      const catalogue = catalogues[tag] as Record<string, string>;
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        expect(catalogue[key].trim(), `${tag} ${key}`).not.toBe('');
        expect(placeholders(catalogue[key]), `${tag} ${key}`).toEqual(placeholders(text));
      }
    },
  );

  it('translates rather than copies: German and French differ from English on every sentence', () => {
    for (const tag of ['de', 'fr']) {
      const same = Object.keys(en).filter(
        (key) => (catalogues[tag] as Record<string, string>)[key] === (en as Record<string, string>)[key],
      );
      // Only texts that are the same in both languages may repeat (none today).
      expect(same, tag).toEqual([]);
    }
  });

  it('falls back to the base language, then English', () => {
    expect(catalogueFor('de-CH')).toBe(catalogues.de);
    expect(catalogueFor('fr')).toBe(catalogues.fr);
    expect(catalogueFor('ar')).toBe(catalogues.en);
  });

  it('fills placeholders and leaves unknown ones as they are', () => {
    expect(format('Question {n}: {message}', { n: 3, message: 'Choose' })).toBe('Question 3: Choose');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('knows right-to-left languages and names languages in themselves', () => {
    expect(['ar', 'he', 'fa', 'ur', 'ar-EG'].map(directionOf)).toEqual(['rtl', 'rtl', 'rtl', 'rtl', 'rtl']);
    expect(['en', 'de', 'fr'].map(directionOf)).toEqual(['ltr', 'ltr', 'ltr']);
    expect(['en', 'de', 'fr'].map(languageName)).toEqual(['English', 'Deutsch', 'Français']);
  });
});
