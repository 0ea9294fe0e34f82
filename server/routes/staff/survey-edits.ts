/**
 * Changing a survey wave: edit its settings, close it after a confirmation page, and delete it (admins,
 * after typing its title). Plain forms and redirects, so every step works without JavaScript; the rules
 * are services/survey-edits.ts's and services/surveys.ts's.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { currentUser, requireRole } from '../../auth/require-user.js';
import { FieldError, NotFoundError } from '../../errors.js';
import type { Organization, OrganizationService } from '../../services/organizations.js';
import type { SurveyEditService } from '../../services/survey-edits.js';
import type { Survey, SurveyService } from '../../services/surveys.js';
import { formValues, parseForm, type FieldErrors } from './forms.js';
import { visibleSurvey } from './organizations.js';
import { surveySchema } from './surveys.js';

const editSchema = surveySchema.pick({ title: true, workflows: true, anonymityThreshold: true });

const deleteSchema = z.object({ confirmTitle: z.string().max(400).optional().default('') });

export interface SurveyEditRouteDeps {
  organizations: OrganizationService;
  surveys: SurveyService;
  surveyEdits: SurveyEditService;
}

export function createSurveyEditRouter({ organizations, surveys, surveyEdits }: SurveyEditRouteDeps): Router {
  const router = Router();
  const load = (res: Response, slug: unknown, id: unknown) =>
    visibleSurvey(organizations, surveys, res, String(slug), String(id));
  const surveyPath = (org: Organization, survey: Survey) => `/orgs/${org.slug}/surveys/${survey.id}`;

  function renderEdit(
    res: Response,
    org: Organization,
    survey: Survey,
    status = 200,
    form: { values: Record<string, string>; errors: FieldErrors } | null = null,
  ) {
    const values = form?.values ?? {
      title: survey.title,
      workflows: survey.workflows.join('\n'),
      anonymityThreshold: String(survey.anonymityThreshold),
    };
    res.status(status).render('staff/survey-edit', {
      title: `Edit: ${survey.title}`,
      org,
      survey,
      values,
      errors: form?.errors ?? {},
    });
  }

  router.get('/orgs/:slug/surveys/:id/edit', async (req, res) => {
    const { org, survey } = await load(res, req.params.slug, req.params.id);
    renderEdit(res, org, survey);
  });

  router.post('/orgs/:slug/surveys/:id/edit', async (req, res) => {
    const { org, survey } = await load(res, req.params.slug, req.params.id);
    const form = parseForm(editSchema, req.body);
    const values = formValues(req.body);
    if (!form.ok) return renderEdit(res, org, survey, 400, { values, errors: form.errors });
    try {
      if (!(await surveyEdits.edit(currentUser(res), org.id, survey.id, form.data)))
        throw new NotFoundError('There is no page at this address.');
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      return renderEdit(res, org, survey, 400, { values, errors: { [err.field]: err.message } });
    }
    res.redirect(303, surveyPath(org, survey));
  });

  /** The confirmation step before closing. */
  router.get('/orgs/:slug/surveys/:id/close', async (req, res) => {
    const { org, survey } = await load(res, req.params.slug, req.params.id);
    if (survey.status !== 'open') return res.redirect(303, surveyPath(org, survey));
    res.render('staff/survey-close', { title: `Close: ${survey.title}`, org, survey });
  });

  /** Closes only with the confirmation page's `confirm=close`; anything else goes to that page first. */
  router.post('/orgs/:slug/surveys/:id/close', async (req, res) => {
    const { org, survey } = await load(res, req.params.slug, req.params.id);
    if ((req.body as { confirm?: unknown } | undefined)?.confirm !== 'close')
      return res.redirect(303, `${surveyPath(org, survey)}/close`);
    await surveys.close(org.id, survey.id, currentUser(res));
    res.redirect(303, surveyPath(org, survey));
  });

  function renderDelete(res: Response, org: Organization, survey: Survey, status = 200, errors: FieldErrors = {}) {
    res.status(status).render('staff/survey-delete', { title: `Delete: ${survey.title}`, org, survey, errors });
  }

  router.get('/orgs/:slug/surveys/:id/delete', requireRole('admin'), async (req, res) => {
    const { org, survey } = await load(res, req.params.slug, req.params.id);
    renderDelete(res, org, survey);
  });

  router.post('/orgs/:slug/surveys/:id/delete', requireRole('admin'), async (req, res) => {
    const { org, survey } = await load(res, req.params.slug, req.params.id);
    const form = parseForm(deleteSchema, req.body);
    if (!form.ok) return renderDelete(res, org, survey, 400, form.errors);
    try {
      if (!(await surveyEdits.remove(currentUser(res), org.id, survey.id, form.data.confirmTitle)))
        throw new NotFoundError('There is no page at this address.');
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      return renderDelete(res, org, survey, 400, { [err.field]: err.message });
    }
    res.redirect(303, `/orgs/${org.slug}`);
  });

  return router;
}
