/**
 * Organizations and their units. Every organization URL resolves through `organizations.findVisible`,
 * so an organization the signed-in user may not see is a 404 like one that does not exist.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { currentUser, requireRole } from '../../auth/require-user.js';
import { FieldError, NotFoundError } from '../../errors.js';
import type { AuditLogService } from '../../services/audit-log.js';
import { SIZE_BANDS, type Organization, type OrganizationService } from '../../services/organizations.js';
import type { Survey, SurveyService } from '../../services/surveys.js';
import { flattenUnitTree, headcountMessage, mayChangeHeadcounts, type UnitService } from '../../services/units.js';
import { idParam, optionalIdField } from '../ids.js';
import { formValues, parseForm, type FieldErrors } from './forms.js';

const organizationSchema = z.object({
  name: z.string().trim().min(1, 'Enter the organization’s name.').max(120, 'Use at most 120 characters.'),
  industry: z.string().trim().max(80, 'Use at most 80 characters.').optional().default(''),
  sizeBand: z
    .enum(['', ...SIZE_BANDS], 'Choose one of the size bands.')
    .optional()
    .default(''),
});

/** Empty → null (not set); otherwise digits only (no "1e3", no "12.0"). The range is the units service's rule. */
const headcountField = z
  .string(headcountMessage)
  .trim()
  .optional()
  .default('')
  .refine((v) => v === '' || /^\d{1,7}$/.test(v), headcountMessage)
  .transform((v) => (v === '' ? null : Number(v)));

const unitSchema = z.object({
  // The name's rules (present, at most 120 characters, unique among siblings) are the units service's.
  name: z.string('Enter the unit’s name.').optional().default(''),
  parentId: optionalIdField('Choose a parent unit of this organization.'),
  headcount: headcountField,
});

const headcountSchema = z.object({ headcount: headcountField });

export interface OrganizationDeps {
  organizations: OrganizationService;
  units: UnitService;
  surveys: SurveyService;
  audit: AuditLogService;
}

/** Loads `:slug` for the signed-in user, or 404. */
export async function visibleOrganization(
  organizations: OrganizationService,
  res: Response,
  slug: string | undefined,
): Promise<Organization> {
  const org = slug ? await organizations.findVisible(currentUser(res), slug) : null;
  if (!org) throw new NotFoundError('There is no page at this address.');
  res.locals.org = org;
  return org;
}

/** The survey `id` of the organization `slug` as the signed-in user sees it; 404 for anything else. */
export async function visibleSurvey(
  organizations: OrganizationService,
  surveys: Pick<SurveyService, 'find'>,
  res: Response,
  slug: string | undefined,
  id: string | undefined,
): Promise<{ org: Organization; survey: Survey }> {
  const org = await visibleOrganization(organizations, res, slug);
  const survey = await surveys.find(org.id, idParam(id));
  if (!survey) throw new NotFoundError('There is no page at this address.');
  return { org, survey };
}

export function createOrganizationRouter({ organizations, units, surveys, audit }: OrganizationDeps): Router {
  const router = Router();

  router.get('/orgs', async (_req, res) => {
    const list = await organizations.listVisible(currentUser(res));
    res.render('staff/orgs', { title: 'Organizations', organizations: list });
  });

  router.get('/orgs/new', requireRole('admin'), (_req, res) => {
    res.render('staff/org-new', { title: 'New organization', values: {}, errors: {}, sizeBands: SIZE_BANDS });
  });

  router.post('/orgs', requireRole('admin'), async (req, res) => {
    const form = parseForm(organizationSchema, req.body);
    const refuse = (errors: FieldErrors) =>
      res.status(400).render('staff/org-new', {
        title: 'New organization',
        values: formValues(req.body),
        errors,
        sizeBands: SIZE_BANDS,
      });
    if (!form.ok) return refuse(form.errors);
    try {
      const org = await organizations.create({
        name: form.data.name,
        industry: form.data.industry,
        sizeBand: form.data.sizeBand || null,
      });
      res.redirect(303, `/orgs/${org.slug}`);
    } catch (err) {
      // A name already in use (case aside) is refused beside the field.
      if (!(err instanceof FieldError)) throw err;
      refuse({ [err.field]: err.message });
    }
  });

  type UnitForm = { values: Record<string, string>; errors: FieldErrors };
  /** `headcountForm` is the headcount form of one unit shown again with its error. */
  async function renderOrganization(
    res: Response,
    org: Organization,
    status = 200,
    unitForm: UnitForm = { values: {}, errors: {} },
    headcountForm: (UnitForm & { unitId: number }) | null = null,
  ) {
    const tree = await units.tree(org.id);
    res.status(status).render('staff/org', {
      title: org.name,
      org,
      tree,
      unitOptions: flattenUnitTree(tree),
      surveys: await surveys.list(org.id),
      unitForm,
      headcountForm,
      isAdmin: currentUser(res).role === 'admin',
      mayChangeHeadcounts: mayChangeHeadcounts(currentUser(res)),
    });
  }

  router.get('/orgs/:slug', async (req, res) => {
    const org = await visibleOrganization(organizations, res, req.params.slug);
    await renderOrganization(res, org);
  });

  router.post('/orgs/:slug/units', async (req, res) => {
    const org = await visibleOrganization(organizations, res, req.params.slug);
    const form = parseForm(unitSchema, req.body);
    const values = formValues(req.body);
    if (!form.ok) return renderOrganization(res, org, 400, { values, errors: form.errors });
    try {
      await units.create(org.id, {
        name: form.data.name,
        parentId: form.data.parentId === '' ? null : form.data.parentId,
        headcount: form.data.headcount,
      });
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      return renderOrganization(res, org, 400, { values, errors: { [err.field]: err.message } });
    }
    res.redirect(303, `/orgs/${org.slug}#units`);
  });

  /** Sets or (empty) clears a unit's headcount; the change goes to the audit log. */
  router.post('/orgs/:slug/units/:unitId/headcount', async (req, res) => {
    const org = await visibleOrganization(organizations, res, req.params.slug);
    const unitId = idParam(req.params.unitId);
    const form = parseForm(headcountSchema, req.body);
    const refuse = (errors: FieldErrors) =>
      renderOrganization(res, org, 400, undefined, { unitId, values: formValues(req.body), errors });
    if (!form.ok) return refuse(form.errors);
    try {
      if (!(await units.setHeadcount(currentUser(res), org.id, unitId, form.data.headcount)))
        throw new NotFoundError('There is no page at this address.');
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      return refuse({ [err.field]: err.message });
    }
    res.redirect(303, `/orgs/${org.slug}#unit-${unitId}`);
  });

  /** The organization's audit log, newest first: admins only (404 for everyone else). */
  router.get('/orgs/:slug/audit', requireRole('admin'), async (req, res) => {
    const org = await visibleOrganization(organizations, res, String(req.params.slug));
    res.render('staff/audit', { title: `Audit log: ${org.name}`, org, entries: await audit.list(org.id) });
  });

  return router;
}
