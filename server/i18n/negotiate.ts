/**
 * Which language a respondent sees, among the instrument's languages (its own first, then its
 * translations): an explicit choice (`?lang=` or the form's `lang` field), else the invited person's
 * language (people.language), else the browser's `Accept-Language` (express `req.acceptsLanguages`),
 * else the instrument's own language. A choice matches a language exactly (ignoring case) or by base
 * language ("de-AT" finds "de").
 */
import type { Instrument } from '../../analysis/scales/instrument.js';
import { baseLanguage } from './catalogues.js';

/** The instrument's languages: its own (default "en") first, then those it has translations for. */
export function instrumentLanguages(instrument: Instrument): string[] {
  const own = instrument.language ?? 'en';
  return [own, ...Object.keys(instrument.translations ?? {}).filter((tag) => tag !== own)];
}

/** The language of `available` that `wanted` names, exactly or by base language; undefined when none. */
export function matchLanguage(available: readonly string[], wanted: unknown): string | undefined {
  if (typeof wanted !== 'string' || wanted.length === 0 || wanted.length > 35) return undefined;
  const lower = wanted.toLowerCase();
  return (
    available.find((tag) => tag.toLowerCase() === lower) ??
    available.find((tag) => tag.toLowerCase() === baseLanguage(lower)) ??
    available.find((tag) => baseLanguage(tag) === baseLanguage(lower))
  );
}

export interface LanguageSources {
  /** `?lang=` or the posted `lang` field, as sent (anything). */
  readonly explicit?: unknown;
  /** The invited person's language, when the respondent came through an emailed invitation. */
  readonly person?: string | null;
  /** The browser's preference among the given languages (express `req.acceptsLanguages`); false for none. */
  readonly accepts?: (languages: string[]) => string | false;
}

/** The language to show, from the first source that names one of `available` (whose first is the fallback). */
export function chooseLanguage(available: readonly string[], sources: LanguageSources): string {
  const explicit = matchLanguage(available, sources.explicit);
  if (explicit) return explicit;
  const person = matchLanguage(available, sources.person);
  if (person) return person;
  const accepted = sources.accepts?.([...available]);
  return (accepted && matchLanguage(available, accepted)) || available[0];
}
