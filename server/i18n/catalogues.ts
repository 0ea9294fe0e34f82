/**
 * The form's own texts per language (en.ts, de.ts, fr.ts), how a language is written (direction),
 * and what it is called in itself (for the language picker). A language without a catalogue of its own
 * gets its base language's ("de-CH" → "de"), else English: the instrument's texts still come from the
 * instrument's translation.
 */
import { de } from './de.js';
import { en, type Catalogue, type MessageKey } from './en.js';
import { fr } from './fr.js';

export type { Catalogue, MessageKey } from './en.js';

/** Every catalogue shipped, by BCP 47 tag. */
export const catalogues: Readonly<Record<string, Catalogue>> = { en, de, fr };

/** The catalogue for `language`: its own, its base language's, or English. */
export function catalogueFor(language: string): Catalogue {
  return catalogues[language] ?? catalogues[baseLanguage(language)] ?? en;
}

/** "pt-BR" → "pt". */
export function baseLanguage(language: string): string {
  return language.split('-')[0].toLowerCase();
}

/** `text` with each `{name}` replaced by `values[name]` (a name without a value is left as it is). */
export function format(text: string, values: Readonly<Record<string, string | number>> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole,
  );
}

/** A translator bound to one catalogue: `t('summary.question', { n: 3, message })`. */
export function translator(catalogue: Catalogue) {
  return (key: MessageKey, values?: Readonly<Record<string, string | number>>) => format(catalogue[key], values);
}

export type Translate = ReturnType<typeof translator>;

/** Languages written right to left (by base language). */
const rightToLeft = new Set(['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv', 'ckb']);

/** The writing direction of `language`, for `<html dir>`. */
export function directionOf(language: string): 'ltr' | 'rtl' {
  return rightToLeft.has(baseLanguage(language)) ? 'rtl' : 'ltr';
}

/** What `language` is called in itself ("Deutsch", "Français"), for the picker; the tag when unknown. */
export function languageName(language: string): string {
  try {
    const name = new Intl.DisplayNames([language], { type: 'language' }).of(language);
    if (name && name !== language) return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
  } catch {
    // An unknown tag: show the tag itself.
  }
  return language;
}
