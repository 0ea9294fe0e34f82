/**
 * A survey's schedule and email: when it opens and closes, invitations by email (as it opens, or now),
 * reminders before closing, what has gone out, and erasing the address list once it is closed. The
 * rules are the services' (services/survey-schedule.ts, services/email-invitations.ts); this parses.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { currentUser } from '../../auth/require-user.js';
import { FieldError } from '../../errors.js';
import type { EmailInvitations } from '../../services/email-invitations.js';
import { mayGenerateInvitations } from '../../services/invitations.js';
import type { Organization, OrganizationService } from '../../services/organizations.js';
import type { SurveyScheduleService } from '../../services/survey-schedule.js';
import type { Survey, SurveyService } from '../../services/surveys.js';
import { flattenUnitTree, type UnitService } from '../../services/units.js';
import { optionalIdField } from '../ids.js';
import { formValues, parseForm, type FieldErrors } from './forms.js';
import { visibleSurvey } from './organizations.js';

const timeMessage = 'Enter a date and time such as 2027-01-31T17:00 (UTC), or leave it empty.';
/** A datetime-local value, read as UTC; empty → null. */
const utcTime = z
  .string()
  .trim()
  .optional()
  .default('')
  .refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v), timeMessage)
  .transform((v) => (v === '' ? null : new Date(`${v}:00.000Z`)))
  .refine((d) => d === null || !Number.isNaN(d.getTime()), timeMessage);

const scheduleSchema = z.object({
  opensAt: utcTime,
  closesAt: utcTime,
  inviteOnOpen: z
    .literal('yes')
    .optional()
    .transform((v) => v === 'yes'),
  inviteUnitId: optionalIdField('Choose a unit of this organization.'),
  reminderDays: z
    .string()
    .trim()
    .optional()
    .default('')
    .refine((v) => /^(\d{1,3}(\s*,\s*\d{1,3})*)?$/.test(v), 'Give numbers of days separated by commas, such as 3,1.')
    .transform((v) => (v === '' ? [] : v.split(',').map((d) => Number(d.trim())))),
});

const inviteSchema = z.object({ unitId: optionalIdField('Choose a unit of this organization.') });
const eraseSchema = z.object({ confirm: z.literal('erase', 'Type erase to confirm.') });

/** A time as a datetime-local value in UTC ('' for none). */
const localValue = (date: Date | null) => (date ? date.toISOString().slice(0, 16) : '');

export interface SurveyMailRouteDeps {
  organizations: OrganizationService;
  surveys: SurveyService;
  units: UnitService;
  surveySchedule: SurveyScheduleService;
  emailInvitations: EmailInvitations;
}

export function createSurveyMailRouter(deps: SurveyMailRouteDeps): Router {
  const { organizations, surveys, units, surveySchedule, emailInvitations } = deps;
  const router = Router();
  const base = (org: Organization, survey: Survey) => `/orgs/${org.slug}/surveys/${survey.id}/mail`;

  type Form = { values: Record<string, string>; errors: FieldErrors };
  async function render(
    res: Response,
    org: Organization,
    survey: Survey,
    status = 200,
    forms: Record<string, Form> = {},
    sent?: Record<string, string>,
  ) {
    const view = await surveySchedule.view(survey);
    const scheduleValues = {
      opensAt: localValue(survey.opensAt),
      closesAt: localValue(survey.closesAt),
      inviteOnOpen: view.plan.inviteOnOpen ? 'yes' : '',
      inviteUnitId: view.plan.inviteUnitId === null ? '' : String(view.plan.inviteUnitId),
      reminderDays: view.plan.reminderDays.join(','),
    };
    const empty = { values: {}, errors: {} };
    res.status(status).render('staff/survey-mail', {
      title: `Schedule and email: ${survey.title}`,
      org,
      survey,
      view,
      unitOptions: flattenUnitTree(await units.tree(org.id)),
      schedule: forms.schedule ?? { values: scheduleValues, errors: {} },
      invite: forms.invite ?? empty,
      erase: forms.erase ?? empty,
      sent,
      mayInvite: mayGenerateInvitations(currentUser(res), survey),
      isAdmin: currentUser(res).role === 'admin',
    });
  }

  router.get('/orgs/:slug/surveys/:id/mail', async (req, res) => {
    const { org, survey } = await visibleSurvey(organizations, surveys, res, req.params.slug, req.params.id);
    const sent = Object.fromEntries(
      ['invited', 'erased', 'saved'].flatMap((k) =>
        typeof req.query[k] === 'string' ? [[k, req.query[k] as string]] : [],
      ),
    );
    await render(res, org, survey, 200, {}, sent);
  });

  /** Runs `act`; a FieldError shows the form `name` again with the message beside its field. */
  async function attempt(
    res: Response,
    org: Organization,
    survey: Survey,
    name: string,
    values: Record<string, string>,
    act: () => Promise<string>,
  ) {
    try {
      res.redirect(303, await act());
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      await render(res, org, survey, 400, { [name]: { values, errors: { [err.field]: err.message } } });
    }
  }

  router.post('/orgs/:slug/surveys/:id/schedule', async (req, res) => {
    const { org, survey } = await visibleSurvey(organizations, surveys, res, req.params.slug, req.params.id);
    const values = formValues(req.body);
    const form = parseForm(scheduleSchema, req.body);
    if (!form.ok) return render(res, org, survey, 400, { schedule: { values, errors: form.errors } });
    const input = { ...form.data, inviteUnitId: form.data.inviteUnitId === '' ? null : form.data.inviteUnitId };
    await attempt(res, org, survey, 'schedule', values, async () => {
      await surveySchedule.save(currentUser(res), org.id, survey.id, input);
      return `${base(org, survey)}?saved=1#schedule`;
    });
  });

  router.post('/orgs/:slug/surveys/:id/mail/invite', async (req, res) => {
    const { org, survey } = await visibleSurvey(organizations, surveys, res, req.params.slug, req.params.id);
    const values = formValues(req.body);
    const form = parseForm(inviteSchema, req.body);
    if (!form.ok) return render(res, org, survey, 400, { invite: { values, errors: form.errors } });
    const unitId = form.data.unitId === '' ? null : form.data.unitId;
    await attempt(res, org, survey, 'invite', values, async () => {
      const invited = await emailInvitations.invite(currentUser(res), org.id, survey.id, unitId);
      return `${base(org, survey)}?invited=${invited}#invite`;
    });
  });

  router.post('/orgs/:slug/surveys/:id/mail/erase', async (req, res) => {
    const { org, survey } = await visibleSurvey(organizations, surveys, res, req.params.slug, req.params.id);
    const values = formValues(req.body);
    const form = parseForm(eraseSchema, req.body);
    if (!form.ok) return render(res, org, survey, 400, { erase: { values, errors: form.errors } });
    await attempt(res, org, survey, 'erase', values, async () => {
      const erased = await surveySchedule.eraseAddressList(currentUser(res), org.id, survey.id);
      return `${base(org, survey)}?erased=${erased.recipients}#erase`;
    });
  });

  return router;
}
