/**
 * The view model of the respondent form: the instrument's items split into one section per scale group
 * (in a fixed order), numbered across the whole form, followed by the "About you" section.
 */
import type { ScaleGroup } from '../../analysis/scales/instrument.js';
import { commentMaxLength } from '../services/response-form.js';
import type { SurveyContext } from '../services/survey-lookup.js';

const groupOrder: readonly ScaleGroup[] = ['organizational', 'individual', 'outcome', 'alignment'];

const groupTitles: Record<ScaleGroup, { title: string; hint: string }> = {
  organizational: { title: 'How your team works with AI', hint: 'Think about your own team and how it works today.' },
  individual: { title: 'Your own use of AI', hint: 'Think about yourself and your own work.' },
  outcome: { title: 'What AI delivers for you', hint: 'Think about the last three months.' },
  alignment: { title: "AI and your organization's goals", hint: 'Think about what you use AI for.' },
};

/** How many question errors the summary lists before it says "and N more". */
const summaryItemLimit = 8;

export interface FormState {
  /** Raw submitted values by field name (kept when the form is shown again with errors). */
  readonly values: Readonly<Record<string, unknown>>;
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly formErrors: readonly string[];
}

export const emptyFormState: FormState = { values: {}, fieldErrors: {}, formErrors: [] };

/** `started` is the signed load time for the hidden field of that name (services/form-timing.ts). */
export function surveyFormView(context: SurveyContext, state: FormState, token: string | undefined, started: string) {
  const { instrument, survey } = context;
  const options = instrument.likert.labels.map((label, k) => ({ value: instrument.likert.min + k, label }));
  let number = 0;
  const itemSections = groupOrder
    .map((group) => ({
      group,
      ...groupTitles[group],
      items: instrument.scales
        .filter((scale) => scale.group === group)
        .flatMap((scale) => scale.items)
        .map((item) => ({ id: item.id, text: item.text, number: ++number })),
    }))
    .filter((section) => section.items.length > 0);
  const sections = [
    ...itemSections.map((s) => ({ id: `section-${s.group}`, title: s.title })),
    { id: 'section-about', title: 'About you' },
  ];

  const value = (name: string) => (typeof state.values[name] === 'string' ? (state.values[name] as string) : '');
  const answered = itemSections.flatMap((s) => s.items).filter((item) => /^\d+$/.test(value(item.id))).length;

  // A long list of unanswered questions is cut after the first few: each is also marked beside the question.
  const itemSummary = (withErrors: { id: string; number: number }[]) => {
    const shown = withErrors.length > summaryItemLimit + 1 ? withErrors.slice(0, summaryItemLimit) : withErrors;
    const entries: { message: string; href: string | null }[] = shown.map((item) => ({
      message: `Question ${item.number}: ${state.fieldErrors[item.id]}`,
      href: `#${item.id}-${options[0].value}`,
    }));
    if (shown.length < withErrors.length)
      entries.push({
        message: `and ${withErrors.length - shown.length} more questions, each marked below`,
        href: null,
      });
    return entries;
  };

  // Error summary entries, in the order the fields appear on the page; each links to its first control.
  const summary = [
    ...state.formErrors.map((message) => ({ message, href: null as string | null })),
    ...itemSummary(itemSections.flatMap((s) => s.items).filter((item) => state.fieldErrors[item.id])),
    ...[
      ['unit', 'Your team', '#unit'],
      ['role_level', 'Your role level', '#role_level-0'],
      ['workflow', 'Your main workflow', '#workflow'],
      ['comment', 'Comment', '#comment'],
    ]
      .filter(([field]) => state.fieldErrors[field])
      .map(([field, label, href]) => ({ message: `${label}: ${state.fieldErrors[field]}`, href })),
  ];

  return {
    title: survey.title,
    survey: { code: survey.code, title: survey.title, workflows: survey.workflows },
    instrument: {
      title: instrument.title,
      intro: instrument.intro ?? null,
      roleLevels: instrument.roleLevels,
      comment: instrument.comment ?? null,
    },
    options,
    itemSections,
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
