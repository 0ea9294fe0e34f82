/**
 * Survey waves of an organization: create on a published instrument (the default first), open, see the released counts per unit,
 * and download invitation links as CSV (closing, editing and deleting: ./survey-edits.ts). Every URL resolves the organization for the signed-in user first
 * and then the survey inside that organization, so anything else is a 404.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { currentUser } from '../../auth/require-user.js';
import { FieldError, ForbiddenError } from '../../errors.js';
import { toCsv } from '../../services/csv.js';
import type { InstrumentService } from '../../services/instruments.js';
import {
  acceptsInvitations,
  MAX_PER_UNIT,
  mayGenerateInvitations,
  whoMayGenerateAfterOpening,
  type InvitationService,
} from '../../services/invitations.js';
import type { Organization, OrganizationService } from '../../services/organizations.js';
import type { ReportService } from '../../services/reports.js';
import { organizationHeadcount, type SurveyPlanService } from '../../services/survey-plan.js';
import type { Survey, SurveyService } from '../../services/surveys.js';
import { flattenUnitTree, type UnitService } from '../../services/units.js';
import { idField, optionalIdField } from '../ids.js';
import { sendCsv } from './csv-download.js';
import { formValues, parseForm, type FieldErrors } from './forms.js';
import { visibleOrganization, visibleSurvey } from './organizations.js';
import { planPanel } from './survey-plan-form.js';

const MAX_WORKFLOWS = 30;

/** A survey's settings as the new-survey form sends them (the edit form takes a part: routes/staff/survey-edits.ts). */
export const surveySchema = z.object({
  title: z.string().trim().min(1, 'Enter a title, e.g. “Spring 2027 wave”.').max(200, 'Use at most 200 characters.'),
  workflows: z
    .string()
    .optional()
    .default('')
    .transform((text) => [
      ...new Set(
        text
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.string().max(100, 'Keep each workflow under 100 characters.'))
        .max(MAX_WORKFLOWS, `List at most ${MAX_WORKFLOWS} workflows.`),
    ),
  access: z.enum(['open', 'invitation'], 'Choose how respondents reach the survey.'),
  anonymityThreshold: z.coerce
    .number('Enter a whole number.')
    .int('Enter a whole number.')
    .min(3, 'Use at least 3: smaller groups could identify people.')
    .max(100, 'Use at most 100.'),
  // One of the published instruments offered (services/instruments.ts `selectableFor`); none: the default.
  instrumentId: optionalIdField('Choose one of the instruments listed.').transform((v) => (v === '' ? null : v)),
  closesAt: z
    .union([z.literal(''), z.iso.date('Enter a date as YYYY-MM-DD.')])
    .optional()
    .default('')
    // The survey closes at the end of that day, UTC.
    .transform((d) => (d ? new Date(`${d}T23:59:59.999Z`) : null)),
});

const invitationSchema = z.object({
  perUnit: z.coerce
    .number('Enter a whole number.')
    .int('Enter a whole number.')
    .min(1, 'Enter at least 1.')
    .max(MAX_PER_UNIT, `At most ${MAX_PER_UNIT} per unit.`),
  unitIds: z
    .union([z.string(), z.array(z.string())], 'Choose at least one unit.')
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(idField('Choose units of this organization.')).min(1, 'Choose at least one unit.')),
});

export interface SurveyRouteDeps {
  organizations: OrganizationService;
  units: UnitService;
  surveys: SurveyService;
  invitations: InvitationService;
  reports: Pick<ReportService, 'forSurvey'>;
  surveyPlan: SurveyPlanService;
  instruments: Pick<InstrumentService, 'selectableFor' | 'describe'>;
  baseUrl: string;
  clock: () => Date;
}

export function createStaffSurveyRouter({
  organizations,
  units,
  surveys,
  invitations,
  reports,
  surveyPlan,
  instruments,
  baseUrl,
  clock,
}: SurveyRouteDeps): Router {
  const router = Router();

  const load = (res: Response, slug: string | undefined, id: string | undefined) =>
    visibleSurvey(organizations, surveys, res, slug, id);

  async function renderSurvey(
    res: Response,
    org: Organization,
    survey: Survey,
    status = 200,
    invitationForm: { values: Record<string, string | string[]>; errors: FieldErrors } = { values: {}, errors: {} },
  ) {
    const tree = await units.tree(org.id);
    res.status(status).render('staff/survey', {
      title: survey.title,
      org,
      survey,
      publicLink: `${baseUrl}/s/${encodeURIComponent(survey.code)}`,
      instrumentLabel: await instruments.describe(survey.instrumentId),
      // Counts come from the survey's released report, under its suppression decision, like every other count.
      reportView: await reports.forSurvey(survey),
      // New links only for units in use.
      unitOptions: flattenUnitTree(tree).filter((u) => !u.archivedAt),
      invitationForm,
      mayGenerate: mayGenerateInvitations(currentUser(res), survey),
      acceptsInvitations: acceptsInvitations(survey),
      isAdmin: currentUser(res).role === 'admin',
      whoMayGenerate: whoMayGenerateAfterOpening,
      invitationsAfterOpening: await surveys.invitationsAddedAfterOpening(survey),
      now: clock(),
    });
  }

  /** The plan panel of the new-survey page for this query string (services/survey-plan.ts). */
  const plan = async (org: Organization, query: unknown) =>
    planPanel(surveyPlan, query, organizationHeadcount(await units.tree(org.id)));

  router.get('/orgs/:slug/surveys/new', async (req, res) => {
    const org = await visibleOrganization(organizations, res, req.params.slug);
    res.render('staff/survey-new', {
      title: 'New survey',
      org,
      values: { access: 'open', anonymityThreshold: '5' },
      errors: {},
      instrumentOptions: await instruments.selectableFor(org.id),
      plan: await plan(org, req.query),
    });
  });

  router.post('/orgs/:slug/surveys', async (req, res) => {
    const org = await visibleOrganization(organizations, res, req.params.slug);
    const form = parseForm(surveySchema, req.body);
    const refuse = async (errors: FieldErrors) =>
      res.status(400).render('staff/survey-new', {
        title: 'New survey',
        org,
        values: formValues(req.body),
        errors,
        instrumentOptions: await instruments.selectableFor(org.id),
        plan: await plan(org, {}),
      });
    // A closing day already past is said on the first submit, with the other fields' errors.
    const closing = surveySchema.shape.closesAt.safeParse((req.body as Record<string, unknown> | undefined)?.closesAt);
    const closingError = closing.success ? surveys.closingDayError(closing.data) : null;
    if (!form.ok || closingError)
      return refuse({ ...(form.ok ? {} : form.errors), ...(closingError ? { closesAt: closingError } : {}) });
    try {
      const survey = await surveys.create(org.id, form.data, currentUser(res));
      res.redirect(303, `/orgs/${org.slug}/surveys/${survey.id}`);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      await refuse({ [err.field]: err.message });
    }
  });

  router.get('/orgs/:slug/surveys/:id', async (req, res) => {
    const { org, survey } = await load(res, req.params.slug, req.params.id);
    await renderSurvey(res, org, survey);
  });

  router.post('/orgs/:slug/surveys/:id/open', async (req, res) => {
    const { org, survey } = await load(res, req.params.slug, req.params.id);
    await surveys.open(org.id, survey.id, currentUser(res));
    res.redirect(303, `/orgs/${org.slug}/surveys/${survey.id}`);
  });

  /** Generates the links and returns them once, as a CSV attachment (unit, link). Only hashes are kept.
   * An analyst gets a 403 page once the survey has opened; a headcount cap gives the form back with 400. */
  router.post('/orgs/:slug/surveys/:id/invitations', async (req, res) => {
    const { org, survey } = await load(res, req.params.slug, req.params.id);
    const viewer = currentUser(res);
    if (!mayGenerateInvitations(viewer, survey)) throw new ForbiddenError(whoMayGenerateAfterOpening);
    const form = parseForm(invitationSchema, req.body);
    const raw = formValues(req.body) as Record<string, string | string[]>;
    const body = req.body as Record<string, unknown> | undefined;
    if (Array.isArray(body?.unitIds)) raw.unitIds = body.unitIds.map(String);
    if (!form.ok) return renderSurvey(res, org, survey, 400, { values: raw, errors: form.errors });
    const orgUnits = new Map(flattenUnitTree(await units.tree(org.id)).map((u) => [u.id, u]));
    const chosen = form.data.unitIds.map((id) => orgUnits.get(id));
    if (chosen.some((u) => u === undefined)) {
      return renderSurvey(res, org, survey, 400, {
        values: raw,
        errors: { unitIds: 'Choose units of this organization.' },
      });
    }
    let links;
    try {
      links = await invitations.generate(
        viewer,
        survey,
        chosen.map((u) => ({ id: u!.id, path: u!.path })),
        form.data.perUnit,
      );
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      return renderSurvey(res, org, survey, 400, { values: raw, errors: { [err.field]: err.message } });
    }
    sendCsv(
      res,
      `invitations-${org.slug}-${survey.code}.csv`,
      toCsv(
        ['unit', 'link'],
        links.map((l) => [l.unitPath, l.link]),
      ),
    );
  });

  return router;
}
