/**
 * The view model of the respondent form in one language: the instrument's items split into one
 * section per scale group (in a fixed order), numbered across the whole form, followed by the "About
 * you" section (unit, role level, the instrument's demographic questions, workflow, comment). Texts
 * come from the form's catalogue (server/i18n/) and the instrument's translation; values posted stay
 * the document's own (role levels, demographic options).
 */
import type { ScaleGroup } from '../../analysis/scales/instrument.js';
import { catalogueFor, directionOf, languageName, translator, type MessageKey } from '../i18n/catalogues.js';
import { commentMaxLength, NOT_APPLICABLE } from '../services/response-form.js';
import type { SurveyContext } from '../services/survey-lookup.js';

const groupOrder: readonly ScaleGroup[] = ['organizational', 'individual', 'outcome', 'alignment'];

/** How many question errors the summary lists before it says "and N more". */
const summaryItemLimit = 8;

/** Demographic questions with more options than this are a select, fewer a radio group. */
const radioLimit = 6;

export interface FormState {
  /** Raw submitted values by field name (kept when the form is shown again with errors). */
  readonly values: Readonly<Record<string, unknown>>;
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly formErrors: readonly string[];
}

export const emptyFormState: FormState = { values: {}, fieldErrors: {}, formErrors: [] };

const pages = new Map<string, { lang: string; dir: 'ltr' | 'rtl'; t: ReturnType<typeof translator> }>();

/**
 * The page's language and the translator of its chrome, for the form and the thank-you page; one per
 * language, made once (callers pass a negotiated language, so the map stays small).
 */
export function pageLanguage(language: string) {
  let page = pages.get(language);
  if (!page) {
    page = { lang: language, dir: directionOf(language), t: translator(catalogueFor(language)) };
    pages.set(language, page);
  }
  return page;
}

/** Links to the form in each of `languages` (plain links: the picker works without JavaScript). */
export function languageLinks(code: string, languages: readonly string[], current: string, token: string | undefined) {
  if (languages.length < 2) return [];
  return languages.map((language) => {
    const query = new URLSearchParams({ ...(token ? { t: token } : {}), lang: language });
    return {
      language,
      name: languageName(language),
      href: `/s/${encodeURIComponent(code)}?${query}`,
      current: language === current,
    };
  });
}

/** `started` is the signed load time for the hidden field of that name (services/form-timing.ts). */
export function surveyFormView(
  context: SurveyContext,
  state: FormState,
  token: string | undefined,
  started: string,
  language: string,
) {
  const { instrument, survey } = context;
  const page = pageLanguage(language);
  const { t } = page;
  const texts = context.form.texts(language);
  const options = texts.likertLabels.map((label, k) => ({ value: instrument.likert.min + k, label }));
  let number = 0;
  const itemSections = groupOrder
    .map((group) => ({
      group,
      title: t(`group.${group}.title` as MessageKey),
      hint: t(`group.${group}.hint` as MessageKey),
      items: instrument.scales
        .filter((scale) => scale.group === group)
        .flatMap((scale) => scale.items)
        .map((item) => ({
          id: item.id,
          text: texts.items[item.id],
          number: ++number,
          notApplicable: item.notApplicable === true,
          optional: item.required === false,
        })),
    }))
    .filter((section) => section.items.length > 0);
  const sections = [
    ...itemSections.map((s) => ({ id: `section-${s.group}`, title: s.title })),
    { id: 'section-about', title: t('about.title') },
  ];

  const value = (name: string) => (typeof state.values[name] === 'string' ? (state.values[name] as string) : '');
  const answered = itemSections.flatMap((s) => s.items).filter((item) => /^\d+$/.test(value(item.id))).length;

  // A long list of unanswered questions is cut after the first few: each is also marked beside the question.
  const itemSummary = (withErrors: { id: string; number: number }[]) => {
    const shown = withErrors.length > summaryItemLimit + 1 ? withErrors.slice(0, summaryItemLimit) : withErrors;
    const entries: { message: string; href: string | null }[] = shown.map((item) => ({
      message: t('summary.question', { n: item.number, message: state.fieldErrors[item.id] }),
      href: `#${item.id}-${options[0].value}`,
    }));
    if (shown.length < withErrors.length)
      entries.push({ message: t('summary.more', { count: withErrors.length - shown.length }), href: null });
    return entries;
  };

  const demographics = texts.demographics.map((q) => ({
    ...q,
    asRadios: q.options.length <= radioLimit,
    // "Prefer not to say" is checked only when it was posted (an empty value), never by default.
    skipped: state.values[q.id] === '',
  }));

  // Error summary entries, in the order the fields appear on the page; each links to its first control.
  const summary = [
    ...state.formErrors.map((message) => ({ message, href: null as string | null })),
    ...itemSummary(itemSections.flatMap((s) => s.items).filter((item) => state.fieldErrors[item.id])),
    ...[
      ['unit', t('unit.label'), '#unit'],
      ['role_level', t('roleLevel.label'), '#role_level-0'],
      ...demographics.map((q) => [q.id, q.question, q.asRadios ? `#${q.id}-0` : `#${q.id}`]),
      ['workflow', t('workflow.summary'), '#workflow'],
      ['comment', t('comment.summary'), '#comment'],
    ]
      .filter(([field]) => state.fieldErrors[field])
      .map(([field, label, href]) => ({ message: `${label}: ${state.fieldErrors[field]}`, href })),
  ];

  return {
    ...page,
    title: survey.title,
    languages: languageLinks(survey.code, context.form.languages, language, token),
    survey: { code: survey.code, title: survey.title, workflows: survey.workflows },
    instrument: {
      title: texts.title,
      intro: texts.intro,
      roleLevels: texts.roleLevels,
      comment: texts.comment,
    },
    options,
    notApplicableValue: NOT_APPLICABLE,
    itemSections,
    demographics,
    sections,
    totalItems: number,
    answered,
    fixedUnit: context.fixedUnit ? { name: context.fixedUnit.name } : null,
    unitChoices: context.unitChoices,
    token: token ?? null,
    started,
    commentMaxLength,
    value,
    errors: state.fieldErrors,
    summary,
  };
}
