/**
 * The respondent form's own texts in English: labels, buttons, headings, validation errors, the
 * thank-you page and the language picker. The reference catalogue: every other language has exactly
 * these keys (type `Catalogue`, test/i18n/catalogues.test.ts). `{name}` marks a value filled in by
 * `format` (server/i18n/catalogues.ts); the instrument's own texts come from its translations.
 */
export const en = {
  'page.skipLink': 'Skip to main content',
  'page.footer': 'Readiness · answers are anonymous and reported only for groups large enough to protect individuals.',
  'language.label': 'Language',
  'language.current': 'current language',
  'steps.label': 'Survey sections',
  'steps.sectionCount': 'Section {n} of {total}',
  'progress.label': 'Questions answered',
  'progress.count': '{answered} of {total}',
  'group.organizational.title': 'How your team works with AI',
  'group.organizational.hint': 'Think about your own team and how it works today.',
  'group.individual.title': 'Your own use of AI',
  'group.individual.hint': 'Think about yourself and your own work.',
  'group.outcome.title': 'What AI delivers for you',
  'group.outcome.hint': 'Think about the last three months.',
  'group.alignment.title': "AI and your organization's goals",
  'group.alignment.hint': 'Think about what you use AI for.',
  'about.title': 'About you',
  'about.hint':
    'These answers let us compare groups. Results are only shown for groups large enough that no one can be identified.',
  'answer.notApplicable': 'Does not apply',
  'field.optional': '(optional)',
  'field.errorPrefix': 'Error:',
  'unit.label': 'Your team',
  'unit.fixed': 'Your team: {team} (from your invitation)',
  'unit.placeholder': 'Choose your team',
  'roleLevel.label': 'Your role level',
  'workflow.label': 'The workflow you mostly work on',
  'workflow.summary': 'Your main workflow',
  'workflow.placeholder': 'Choose a workflow',
  'demographic.preferNotToSay': 'Prefer not to say',
  'demographic.placeholder': 'Choose an answer',
  'comment.summary': 'Comment',
  'comment.hint': 'Up to {max} characters.',
  'submit.button': 'Submit my answers',
  'submit.onceInvitation': 'Your invitation link works once: after you submit, your answers cannot be changed.',
  'submit.onceOpen': 'Once you submit, your answers cannot be changed.',
  'submit.savedHere': 'Until then they are saved in this browser.',
  'summary.title': 'There is a problem with your answers',
  'summary.intro': 'Nothing has been stored yet. Please correct the following and submit again:',
  'summary.question': 'Question {n}: {message}',
  'summary.more': 'and {count} more questions, each marked below',
  'error.answerMissing': 'Choose an answer',
  'error.answerOnlyOne': 'Choose only one answer',
  'error.answerRange': 'Choose one answer from {min} to {max}',
  'error.answerRangeOrNotApplicable': 'Choose one answer from {min} to {max}, or “Does not apply”',
  'error.unitMissing': 'Choose your team',
  'error.workflowMissing': 'Choose the workflow you mostly work on',
  'error.roleLevelMissing': 'Choose your role level',
  'error.demographicMissing': 'Choose an answer to this question',
  'error.notOffered': 'Choose one of the options shown',
  'error.commentText': 'Write your comment as plain text',
  'error.commentTooLong': 'Keep your comment to {max} characters or fewer',
  'error.unknownFields':
    'The form contained answers to questions that are not in this survey ({names}). Nothing was stored.',
  'error.nul':
    'Your answers contained an invisible NUL character, which cannot be stored. Nothing was stored. It has been removed below: check the text and send again.',
  'error.nulField': 'This held an invisible NUL character; it has been removed.',
  'thanks.title': 'Thank you',
  'thanks.recorded': 'Your answers to {survey} have been recorded.',
  'thanks.anonymous':
    'They are stored without your name, email address or any link to your invitation, and are reported only for groups large enough that no one can be identified.',
  'thanks.close': 'You can close this page.',
} as const;

export type MessageKey = keyof typeof en;

/** A complete catalogue: one text for every key of the English one. */
export type Catalogue = Readonly<Record<MessageKey, string>>;
