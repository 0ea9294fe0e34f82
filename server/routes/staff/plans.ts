/**
 * Redesign plans (issue 15): start one from a survey's priorities page, list and export an
 * organization's plans, and on a plan's page edit it, set its status with a dated note, enter its
 * business metric's values and read whether the workflow moved more than the others by the next
 * wave; and the plans section of the report's overview (report-plans.ts). Every URL resolves the
 * organization for the signed-in user first (404 otherwise), and a plan only inside its organization.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { currentUser } from '../../auth/require-user.js';
import { NotFoundError } from '../../errors.js';
import type { OrganizationService } from '../../services/organizations.js';
import type { PlanEffectService } from '../../services/plan-effect.js';
import { nextWorkflow } from '../../services/plan-next.js';
import {
  PLAN_LEVERS,
  PLAN_STATUSES,
  STATUS_LABEL,
  type Plan,
  type RedesignPlanService,
} from '../../services/redesign-plans.js';
import type { ReportService } from '../../services/reports.js';
import type { Survey, SurveyService } from '../../services/surveys.js';
import { idParam } from '../ids.js';
import { sendCsv } from './csv-download.js';
import { formValues, parseForm, type FieldErrors } from './forms.js';
import { visibleOrganization, visibleSurvey } from './organizations.js';
import { metricSchema, noteSchema, parseMetricValues, planSchema, submitted } from './plan-forms.js';
import * as fmt from './report-format.js';
import { effectHeadline, plansOfSeries, reportPlansSection } from './report-plans.js';

export interface PlanRouteDeps {
  organizations: OrganizationService;
  surveys: SurveyService;
  reports: ReportService;
  plans: RedesignPlanService;
  planEffect: PlanEffectService;
}

export function createPlanRouter({ organizations, surveys, reports, plans, planEffect }: PlanRouteDeps): Router {
  const router = Router();

  async function visiblePlan(res: Response, slug: string | undefined, id: string | undefined) {
    const org = await visibleOrganization(organizations, res, slug);
    const plan = await plans.find(org.id, idParam(id));
    const survey = plan && (await surveys.find(org.id, plan.surveyId));
    if (!plan || !survey) throw new NotFoundError('There is no page at this address.');
    return { org, plan, survey };
  }

  const formOf = (p: Plan): Record<string, string> => ({
    workflow: p.workflow,
    ownerId: p.ownerId === null ? '' : String(p.ownerId),
    targetDate: p.targetDate ?? '',
    decisionRights: p.decisionRights,
    dataAccess: p.dataAccess,
    measurement: p.measurement,
    metricName: p.metricName ?? '',
    metricUnit: p.metricUnit ?? '',
    metricDirection: p.metricDirection ?? '',
    metricBaseline: p.metricBaseline === null ? '' : String(p.metricBaseline),
  });

  async function renderNew(
    res: Response,
    org: { id: number; slug: string },
    survey: Survey,
    status: number,
    values: Record<string, string>,
    levers: string[],
    errors: FieldErrors,
  ) {
    res.status(status).render('plans/new', {
      title: `New redesign plan: ${survey.title}`,
      org,
      survey,
      values,
      levers,
      errors,
      owners: await plans.owners(org.id),
      leverChoices: PLAN_LEVERS,
      fmt,
    });
  }

  /** The priorities page's hook: where to start a plan, and once a plan is done, the next workflow. */
  router.get('/orgs/:slug/surveys/:id/report/priorities', async (req, res, next) => {
    const { org, survey } = await visibleSurvey(organizations, surveys, res, req.params.slug, req.params.id);
    const view = await reports.forSurvey(survey);
    const recommendation = view.report.status === 'suppressed' ? null : view.report.recommendation;
    const list = await plans.list(org.id);
    res.locals.planHook = {
      newUrl: `/orgs/${org.slug}/surveys/${survey.id}/plans/new`,
      plansUrl: `/orgs/${org.slug}/plans`,
      next: recommendation ? nextWorkflow(recommendation, list, survey.id) : null,
    };
    next();
  });

  /**
   * The overview's (the printed executive page's) plans section: the organization's plans started
   * from this survey or an earlier wave of its series, with their notes, metric values and effect.
   */
  router.get('/orgs/:slug/surveys/:id/report', async (req, res, next) => {
    const { org, survey } = await visibleSurvey(organizations, surveys, res, req.params.slug, req.params.id);
    const all = await surveys.list(org.id);
    const entries = await Promise.all(
      plansOfSeries(await plans.list(org.id), survey, all, await surveys.seriesInstruments(survey.instrumentId)).map(
        async (plan) => {
          const [{ notes, values }, effect] = await Promise.all([plans.details(plan), planEffect.forPlan(plan)]);
          return { plan, notes, values, effect };
        },
      ),
    );
    res.locals.planSection = reportPlansSection({
      orgSlug: org.slug,
      surveyId: survey.id,
      surveyTitles: new Map(all.map((s) => [s.id, s.title])),
      entries,
    });
    next();
  });

  router.get('/orgs/:slug/surveys/:id/plans/new', async (req, res) => {
    const { org, survey } = await visibleSurvey(organizations, surveys, res, req.params.slug, req.params.id);
    const q = req.query;
    const workflow = typeof q.workflow === 'string' ? q.workflow : '';
    const lever = typeof q.lever === 'string' && PLAN_LEVERS.includes(q.lever as never) ? [q.lever] : [];
    await renderNew(res, org, survey, 200, { workflow }, lever, {});
  });

  router.post('/orgs/:slug/surveys/:id/plans', async (req, res) => {
    const { org, survey } = await visibleSurvey(organizations, surveys, res, req.params.slug, req.params.id);
    const form = parseForm(planSchema, req.body);
    const values = formValues(req.body);
    const levers = ([] as unknown[]).concat((req.body as { levers?: unknown } | undefined)?.levers ?? []).map(String);
    const refuse = (errors: FieldErrors) => renderNew(res, org, survey, 400, values, levers, errors);
    let planId = 0;
    const create = async (data: z.infer<typeof planSchema>) =>
      (planId = (await plans.create(currentUser(res), survey, data)).id);
    if (!(await submitted(form, create, refuse))) return;
    res.redirect(303, `/orgs/${org.slug}/plans/${planId}`);
  });

  router.get('/orgs/:slug/plans', async (req, res) => {
    const org = await visibleOrganization(organizations, res, req.params.slug);
    const titles = new Map((await surveys.list(org.id)).map((s) => [s.id, s.title]));
    res.render('plans/list', {
      title: `Redesign plans: ${org.name}`,
      org,
      plans: await plans.list(org.id),
      titles,
      STATUS_LABEL,
      fmt,
    });
  });

  router.get('/orgs/:slug/plans.csv', async (req, res) => {
    const org = await visibleOrganization(organizations, res, req.params.slug);
    const titles = new Map((await surveys.list(org.id)).map((s) => [s.id, s.title]));
    sendCsv(res, `${org.slug}-redesign-plans.csv`, await plans.csv(org.id, titles));
  });

  async function renderPlan(
    res: Response,
    slug: string | undefined,
    id: string | undefined,
    status = 200,
    forms: {
      edit?: { values: Record<string, string>; levers: string[]; errors: FieldErrors };
      note?: { values: Record<string, string>; errors: FieldErrors };
      metric?: { values: Record<string, string>; errors: FieldErrors };
    } = {},
  ) {
    const { org, plan, survey } = await visiblePlan(res, slug, id);
    const [{ notes, values }, effect, owners] = await Promise.all([
      plans.details(plan),
      planEffect.forPlan(plan),
      plans.owners(org.id),
    ]);
    res.status(status).render('plans/plan', {
      title: `Redesign plan: ${plan.workflow}`,
      org,
      plan,
      survey,
      notes,
      metricValues: values,
      effect,
      effectSummary: effectHeadline(effect, plan.workflow),
      owners,
      edit: forms.edit ?? { values: formOf(plan), levers: plan.levers, errors: {} },
      note: forms.note ?? { values: { status: plan.status }, errors: {} },
      metric: forms.metric ?? { values: {}, errors: {} },
      leverChoices: PLAN_LEVERS,
      statuses: PLAN_STATUSES,
      STATUS_LABEL,
      fmt,
    });
  }

  router.get('/orgs/:slug/plans/:planId', (req, res) => renderPlan(res, req.params.slug, req.params.planId));

  router.post('/orgs/:slug/plans/:planId', async (req, res) => {
    const { org, plan, survey } = await visiblePlan(res, req.params.slug, req.params.planId);
    const form = parseForm(planSchema, req.body);
    const values = formValues(req.body);
    const levers = ([] as unknown[]).concat((req.body as { levers?: unknown } | undefined)?.levers ?? []).map(String);
    const refuse = (errors: FieldErrors) =>
      renderPlan(res, req.params.slug, req.params.planId, 400, { edit: { values, levers, errors } });
    if (!(await submitted(form, (data) => plans.update(currentUser(res), plan, survey, data), refuse))) return;
    res.redirect(303, `/orgs/${org.slug}/plans/${plan.id}`);
  });

  router.post('/orgs/:slug/plans/:planId/notes', async (req, res) => {
    const { org, plan } = await visiblePlan(res, req.params.slug, req.params.planId);
    const form = parseForm(noteSchema, req.body);
    const refuse = (errors: FieldErrors) =>
      renderPlan(res, req.params.slug, req.params.planId, 400, { note: { values: formValues(req.body), errors } });
    if (
      !(await submitted(
        form,
        (data) => plans.note(currentUser(res), plan, data.status as Plan['status'], data.body),
        refuse,
      ))
    )
      return;
    res.redirect(303, `/orgs/${org.slug}/plans/${plan.id}#notes`);
  });

  router.post('/orgs/:slug/plans/:planId/metric', async (req, res) => {
    const { org, plan } = await visiblePlan(res, req.params.slug, req.params.planId);
    const form = parseForm(metricSchema, req.body);
    const refuse = (errors: FieldErrors) =>
      renderPlan(res, req.params.slug, req.params.planId, 400, { metric: { values: formValues(req.body), errors } });
    if (
      !(await submitted(form, (data) => plans.setMetricValues(currentUser(res), plan, parseMetricValues(data)), refuse))
    )
      return;
    res.redirect(303, `/orgs/${org.slug}/plans/${plan.id}#metric`);
  });

  return router;
}
