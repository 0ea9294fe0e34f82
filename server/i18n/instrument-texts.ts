/**
 * The instrument's respondent-facing texts in one language: its own texts, or a translation's
 * (server/instruments/schema.ts checks that every translation is complete). Stored values never change
 * with the language: a role level or demographic option is shown translated but posted and stored as
 * the document's own text.
 */
import type { Instrument } from '../../analysis/scales/instrument.js';

export interface Choice {
  /** Posted and stored: the document's own text. */
  readonly value: string;
  /** Shown. */
  readonly label: string;
}

export interface InstrumentTexts {
  readonly language: string;
  readonly title: string;
  readonly intro: string | null;
  readonly likertLabels: readonly string[];
  readonly items: Readonly<Record<string, string>>;
  readonly scales: Readonly<Record<string, { readonly title: string; readonly description: string | null }>>;
  readonly roleLevels: readonly Choice[];
  readonly comment: string | null;
  readonly demographics: readonly {
    readonly id: string;
    readonly question: string;
    readonly required: boolean;
    readonly options: readonly Choice[];
  }[];
}

/** The texts of `instrument` in `language` (its own texts when it has no translation of that tag). */
export function instrumentTexts(instrument: Instrument, language: string): InstrumentTexts {
  const tr = instrument.translations?.[language];
  const own = instrument.language ?? 'en';
  const items: Record<string, string> = {};
  const scales: Record<string, { title: string; description: string | null }> = {};
  for (const scale of instrument.scales) {
    const st = tr?.scales[scale.id];
    scales[scale.id] = {
      title: st?.title ?? scale.title,
      description: (tr ? st?.description : scale.description) ?? scale.description ?? null,
    };
    for (const item of scale.items) items[item.id] = tr?.items[item.id] ?? item.text;
  }
  const choices = (values: readonly string[], labels: readonly string[] | undefined) =>
    values.map((value, k) => ({ value, label: labels?.[k] ?? value }));
  return {
    language: tr ? language : own,
    title: tr?.title ?? instrument.title,
    intro: (tr ? tr.intro : instrument.intro) ?? instrument.intro ?? null,
    likertLabels: instrument.likert.labels.map((label, k) => tr?.likertLabels[k] ?? label),
    items,
    scales,
    roleLevels: choices(instrument.roleLevels, tr?.roleLevels),
    comment: instrument.comment ? (tr?.comment ?? instrument.comment.prompt) : null,
    demographics: (instrument.demographics ?? []).map((q) => {
      const qt = tr?.demographics?.[q.id];
      return {
        id: q.id,
        question: qt?.question ?? q.question,
        required: q.required === true,
        options: choices(q.options, qt?.options),
      };
    }),
  };
}
