/**
 * The translation editor's form, both ways: every respondent-facing text of the instrument beside a
 * field for its translation (named by its path in the translation, e.g. `items.dr2`, so the schema's
 * problems land beside the right field), and the translation the posted fields describe.
 */
import type { Instrument, InstrumentTranslation } from '../../../analysis/scales/instrument.js';

export interface TranslationField {
  readonly name: string;
  /** The text in the document's own language. */
  readonly original: string;
  readonly value: string;
}

export interface TranslationSection {
  readonly heading: string;
  readonly fields: TranslationField[];
}

type Body = Record<string, unknown>;

const text = (body: Body, name: string) => {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
};

/** The sections of the page, prefilled from `values` (the posted form) or the stored translation. */
export function translationSections(
  instrument: Instrument,
  stored: Partial<InstrumentTranslation> | undefined,
  values?: Body,
): TranslationSection[] {
  const field = (name: string, original: string, storedValue: string | undefined): TranslationField => ({
    name,
    original,
    value: values ? text(values, name) : (storedValue ?? ''),
  });
  const general = [field('title', instrument.title, stored?.title)];
  if (instrument.intro !== undefined) general.push(field('intro', instrument.intro, stored?.intro));
  if (instrument.comment) general.push(field('comment', instrument.comment.prompt, stored?.comment));
  const sections: TranslationSection[] = [
    { heading: 'Title and instructions', fields: general },
    {
      heading: 'Answer labels',
      fields: instrument.likert.labels.map((l, k) => field(`likertLabels[${k}]`, l, stored?.likertLabels?.[k])),
    },
  ];
  for (const scale of instrument.scales) {
    const ts = stored?.scales?.[scale.id];
    const fields = [field(`scales.${scale.id}.title`, scale.title, ts?.title)];
    if (scale.description !== undefined)
      fields.push(field(`scales.${scale.id}.description`, scale.description, ts?.description));
    for (const item of scale.items) fields.push(field(`items.${item.id}`, item.text, stored?.items?.[item.id]));
    sections.push({ heading: `Scale: ${scale.title}`, fields });
  }
  sections.push({
    heading: 'Role levels',
    fields: instrument.roleLevels.map((r, k) => field(`roleLevels[${k}]`, r, stored?.roleLevels?.[k])),
  });
  for (const q of instrument.demographics ?? []) {
    const tq = stored?.demographics?.[q.id];
    sections.push({
      heading: `Question: ${q.question}`,
      fields: [
        field(`demographics.${q.id}.question`, q.question, tq?.question),
        ...q.options.map((o, k) => field(`demographics.${q.id}.options[${k}]`, o, tq?.options?.[k])),
      ],
    });
  }
  return sections;
}

/** The translation the posted form describes (empty fields stay empty, so the schema names them). */
export function translationFromForm(instrument: Instrument, body: Body): InstrumentTranslation {
  const optional = (present: boolean, name: string) => (present ? text(body, name) : undefined);
  return {
    title: text(body, 'title'),
    intro: optional(instrument.intro !== undefined, 'intro'),
    comment: optional(instrument.comment !== undefined, 'comment'),
    likertLabels: instrument.likert.labels.map((_, k) => text(body, `likertLabels[${k}]`)),
    scales: Object.fromEntries(
      instrument.scales.map((s) => [
        s.id,
        {
          title: text(body, `scales.${s.id}.title`),
          description: optional(s.description !== undefined, `scales.${s.id}.description`),
        },
      ]),
    ),
    items: Object.fromEntries(
      instrument.scales.flatMap((s) => s.items.map((i) => [i.id, text(body, `items.${i.id}`)])),
    ),
    roleLevels: instrument.roleLevels.map((_, k) => text(body, `roleLevels[${k}]`)),
    demographics: instrument.demographics
      ? Object.fromEntries(
          instrument.demographics.map((q) => [
            q.id,
            {
              question: text(body, `demographics.${q.id}.question`),
              options: q.options.map((_, k) => text(body, `demographics.${q.id}.options[${k}]`)),
            },
          ]),
        )
      : undefined,
  };
}
