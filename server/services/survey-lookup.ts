/**
 * Finds the survey behind a public code and decides whether a respondent may answer it now:
 * unknown → 404, draft or not yet open → 404 saying it has not opened yet, closed → 410, invitation-only without a valid token → 403,
 * invitation already used → 409. The result carries everything the form needs.
 */
import type { Knex } from 'knex';
import type { Instrument } from '../../analysis/scales/instrument.js';
import type { Clock } from '../clock.js';
import { coalescedRead } from '../data/coalesced-read.js';
import { findInvitation, hashInvitationToken, type Invitation } from '../data/invitations.js';
import { invitedPersonLanguage } from '../data/survey-recipients.js';
import { findSurveyByCode, findSurveyWithUnitsByCode, type Survey } from '../data/surveys.js';
import type { Unit } from '../data/units.js';
import { ConflictError, ForbiddenError, GoneError, NotFoundError } from '../errors.js';
import { chooseLanguage, matchLanguage, type LanguageSources } from '../i18n/negotiate.js';
import { createSurveyForms, type SurveyForm, type SurveyForms, type UnitChoiceGroup } from './survey-forms.js';

export { unitChoiceGroups, type UnitChoiceGroup } from './survey-forms.js';

export interface SurveyContext {
  readonly survey: Survey;
  readonly instrument: Instrument;
  /** The invitation behind the token, for invitation-only surveys. */
  readonly invitation: Invitation | null;
  /** The unit fixed by the invitation; when set, the respondent is not asked for a unit. */
  readonly fixedUnit: Unit | null;
  /** Empty when the unit is fixed or the organization has no units. */
  readonly unitChoices: readonly UnitChoiceGroup[];
  /** The compiled form of this survey version (services/survey-forms.ts): item ids and the submission schema. */
  readonly form: SurveyForm;
}

const notFound = () => new NotFoundError('There is no survey at this address. Check that you copied the whole link.');

export function createSurveyLookup({
  db,
  clock,
  forms = createSurveyForms({ db }),
}: {
  db: Knex;
  clock: Clock;
  /** The compiled-form cache; one per app (services/index.ts), a fresh one by default. */
  forms?: SurveyForms;
}) {
  // Concurrent requests for one code share a query that started after each of them (data/coalesced-read.ts).
  const findWithUnits = coalescedRead((code: string) => findSurveyWithUnitsByCode(db, code));

  /** The survey if it exists and is not a draft (open, closed or scheduled); otherwise 404. */
  async function findPublished(code: string): Promise<Survey> {
    const survey = await findSurveyByCode(db, code);
    if (!survey || survey.status === 'draft') throw notFound();
    return survey;
  }

  /** Everything needed to show or accept the form, or the error that explains why not. */
  async function open(code: string, token: string | undefined): Promise<SurveyContext> {
    // The survey row and its organization's units in one query read after the request came: never cached.
    const found = await findWithUnits(code);
    // A draft is a survey that has not opened yet, and says so (assertAcceptingAnswers).
    if (!found) throw notFound();
    const { survey, units } = found;
    assertAcceptingAnswers(survey, clock());
    let invitation: Invitation | null = null;
    if (survey.access === 'invitation') {
      if (!token)
        throw new ForbiddenError('This survey is by invitation only. Open the personal link from your invitation.');
      invitation = (await findInvitation(db, survey.id, hashInvitationToken(token))) ?? null;
      if (!invitation)
        throw new ForbiddenError(
          'This invitation link is not valid for this survey. Check that you copied the whole link; if you were sent a reminder, use the link in the reminder, which replaces the earlier one.',
        );
      if (invitation.used) throw alreadySubmitted();
    }

    const form = await forms.formOf(survey, units);
    const fixedUnit = invitation?.unitId != null ? (units.find((u) => u.id === invitation.unitId) ?? null) : null;
    return {
      survey,
      instrument: form.instrument,
      invitation,
      fixedUnit,
      unitChoices: fixedUnit ? [] : form.unitChoices,
      form,
    };
  }

  /**
   * The language to show `context`'s form in (server/i18n/negotiate.ts): the explicit choice, else
   * the invited person's language (read only when needed, and only for an emailed invitation), else
   * `Accept-Language`, else the instrument's own language.
   */
  async function languageFor(context: SurveyContext, sources: Omit<LanguageSources, 'person'>): Promise<string> {
    const available = context.form.languages;
    if (available.length === 1) return available[0];
    const explicit = matchLanguage(available, sources.explicit);
    if (explicit) return explicit;
    const person = context.invitation ? await invitedPersonLanguage(db, context.invitation.id) : null;
    return chooseLanguage(available, { ...sources, person });
  }

  return { findPublished, open, languageFor };
}

/**
 * Throws unless `survey` accepts answers at `now`: closed (or past closes_at) → 410, not open yet → 404.
 * The lookup calls it to show the form; the response service calls it again on the survey row it has
 * locked inside the insert transaction, so nothing is stored once a close has been acknowledged.
 */
export function assertAcceptingAnswers(survey: Pick<Survey, 'status' | 'opensAt' | 'closesAt'>, now: Date): void {
  if (survey.status === 'closed' || (survey.closesAt !== null && survey.closesAt.getTime() <= now.getTime())) {
    throw new GoneError('This survey has closed and no longer accepts answers. Thank you for your interest.');
  }
  if (survey.status !== 'open' || (survey.opensAt !== null && survey.opensAt.getTime() > now.getTime())) {
    throw new NotFoundError('This survey has not opened yet. Please use your link again once it has opened.');
  }
}

export function alreadySubmitted(): ConflictError {
  return new ConflictError(
    'Answers have already been submitted with this invitation link. Each link can be used once.',
    'Already submitted',
  );
}

export type SurveyLookup = ReturnType<typeof createSurveyLookup>;
