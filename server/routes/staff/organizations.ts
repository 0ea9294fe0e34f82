/**
 * Organizations and their units. Every organization URL resolves through `organizations.findVisible`,
 * so an organization the signed-in user may not see is a 404 like one that does not exist.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { currentUser, requireRole } from '../../auth/require-user.js';
import { NotFoundError } from '../../errors.js';
import { optionalIdField } from '../ids.js';
import { SIZE_BANDS, type Organization, type OrganizationService } from '../../services/organizations.js';
import type { SurveyService } from '../../services/surveys.js';
import { flattenUnitTree, type UnitService } from '../../services/units.js';
import { UserInputError } from '../../services/users.js';
import { formValues, parseForm, type FieldErrors } from './forms.js';

const organizationSchema = z.object({
  name: z.string().trim().min(1, 'Enter the organization’s name.').max(120, 'Use at most 120 characters.'),
  industry: z.string().trim().max(80, 'Use at most 80 characters.').optional().default(''),
  sizeBand: z.enum(['', ...SIZE_BANDS], 'Choose one of the size bands.').optional().default(''),
});

const unitSchema = z.object({
  name: z.string().trim().min(1, 'Enter the unit’s name.').max(120, 'Use at most 120 characters.'),
  parentId: optionalIdField('Choose a parent unit of this organization.'),
});

export interface OrganizationDeps {
  organizations: OrganizationService;
  units: UnitService;
  surveys: SurveyService;
}

/** Loads `:slug` for the signed-in user, or 404. */
export async function visibleOrganization(organizations: OrganizationService, res: Response, slug: string | undefined): Promise<Organization> {
  const org = slug ? await organizations.findVisible(currentUser(res), slug) : null;
  if (!org) throw new NotFoundError('There is no page at this address.');
  res.locals.org = org;
  return org;
}

export function createOrganizationRouter({ organizations, units, surveys }: OrganizationDeps): Router {
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
    if (!form.ok) {
      return res.status(400).render('staff/org-new', { title: 'New organization', values: formValues(req.body), errors: form.errors, sizeBands: SIZE_BANDS });
    }
    const org = await organizations.create({ name: form.data.name, industry: form.data.industry, sizeBand: form.data.sizeBand || null });
    res.redirect(303, `/orgs/${org.slug}`);
  });

  async function renderOrganization(res: Response, org: Organization, status = 200, unitForm: { values: Record<string, string>; errors: FieldErrors } = { values: {}, errors: {} }) {
    const tree = await units.tree(org.id);
    res.status(status).render('staff/org', {
      title: org.name,
      org,
      tree,
      unitOptions: flattenUnitTree(tree),
      surveys: await surveys.list(org.id),
      unitForm,
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
      await units.create(org.id, { name: form.data.name, parentId: form.data.parentId === '' ? null : form.data.parentId });
    } catch (err) {
      if (!(err instanceof UserInputError)) throw err;
      return renderOrganization(res, org, 400, { values, errors: { [err.field]: err.message } });
    }
    res.redirect(303, `/orgs/${org.slug}#units`);
  });

  return router;
}
