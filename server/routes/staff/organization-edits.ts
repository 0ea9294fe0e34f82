/**
 * Changing an organization and its units: rename the organization (admins), and per unit a page to
 * rename or move it and to archive or restore it. The rules (unique names, no cycles, who may move,
 * which moves a report forbids) are services/organizations.ts's and services/unit-edits.ts's.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { currentUser, requireRole } from '../../auth/require-user.js';
import { FieldError, NotFoundError } from '../../errors.js';
import type { Organization, OrganizationService } from '../../services/organizations.js';
import type { UnitEditService } from '../../services/unit-edits.js';
import { flattenUnitTree, mayChangeHeadcounts, type UnitService } from '../../services/units.js';
import { idParam, optionalIdField } from '../ids.js';
import { formValues, parseForm, type FieldErrors } from './forms.js';
import { visibleOrganization } from './organizations.js';

const renameSchema = z.object({ name: z.string('Enter the organization’s name.').optional().default('') });

const unitEditSchema = z.object({
  // Present, at most 120 characters and unique among the new siblings: the units service says.
  name: z.string('Enter the unit’s name.').optional().default(''),
  parentId: optionalIdField('Choose where the unit belongs.'),
});

export interface OrganizationEditDeps {
  organizations: OrganizationService;
  units: UnitService;
  unitEdits: UnitEditService;
}

export function createOrganizationEditRouter({ organizations, units, unitEdits }: OrganizationEditDeps): Router {
  const router = Router();

  router.get('/orgs/:slug/edit', requireRole('admin'), async (req, res) => {
    const org = await visibleOrganization(organizations, res, String(req.params.slug));
    res.render('staff/org-edit', { title: `Rename ${org.name}`, org, values: { name: org.name }, errors: {} });
  });

  router.post('/orgs/:slug/edit', requireRole('admin'), async (req, res) => {
    const org = await visibleOrganization(organizations, res, String(req.params.slug));
    const form = parseForm(renameSchema, req.body);
    const refuse = (errors: FieldErrors) =>
      res
        .status(400)
        .render('staff/org-edit', { title: `Rename ${org.name}`, org, values: formValues(req.body), errors });
    if (!form.ok) return refuse(form.errors);
    try {
      await organizations.rename(currentUser(res), org, form.data.name);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      return refuse({ [err.field]: err.message });
    }
    res.redirect(303, `/orgs/${org.slug}`);
  });

  async function renderUnit(
    res: Response,
    org: Organization,
    unitId: number,
    status = 200,
    form: { values: Record<string, string>; errors: FieldErrors } | null = null,
    archiveError: string | null = null,
  ) {
    const all = flattenUnitTree(await units.tree(org.id));
    const unit = all.find((u) => u.id === unitId);
    if (!unit) throw new NotFoundError('There is no page at this address.');
    // Where it may go: any unit in use outside its own subtree (the service checks again).
    const inside = new Set(flattenUnitTree([unit]).map((u) => u.id));
    res.status(status).render('staff/unit', {
      title: `Unit: ${unit.path}`,
      org,
      unit,
      places: all.filter((u) => !u.archivedAt && !inside.has(u.id)),
      mayMove: mayChangeHeadcounts(currentUser(res)),
      values: form?.values ?? { name: unit.name, parentId: unit.parentId === null ? '' : String(unit.parentId) },
      errors: form?.errors ?? {},
      archiveError,
    });
  }

  router.get('/orgs/:slug/units/:unitId', async (req, res) => {
    const org = await visibleOrganization(organizations, res, req.params.slug);
    await renderUnit(res, org, idParam(req.params.unitId));
  });

  /** Renames and/or moves the unit; the form comes back with 400 and the message beside its field. */
  router.post('/orgs/:slug/units/:unitId', async (req, res) => {
    const org = await visibleOrganization(organizations, res, req.params.slug);
    const unitId = idParam(req.params.unitId);
    const form = parseForm(unitEditSchema, req.body);
    const values = formValues(req.body);
    if (!form.ok) return renderUnit(res, org, unitId, 400, { values, errors: form.errors });
    try {
      const edit = { name: form.data.name, parentId: form.data.parentId === '' ? null : form.data.parentId };
      if (!(await unitEdits.edit(currentUser(res), org.id, unitId, edit)))
        throw new NotFoundError('There is no page at this address.');
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      return renderUnit(res, org, unitId, 400, { values, errors: { [err.field]: err.message } });
    }
    res.redirect(303, `/orgs/${org.slug}#units`);
  });

  for (const action of ['archive', 'restore'] as const) {
    router.post(`/orgs/:slug/units/:unitId/${action}`, async (req, res) => {
      const org = await visibleOrganization(organizations, res, String(req.params.slug));
      const unitId = idParam(req.params.unitId);
      try {
        if (!(await unitEdits[action](currentUser(res), org.id, unitId)))
          throw new NotFoundError('There is no page at this address.');
      } catch (err) {
        if (!(err instanceof FieldError)) throw err;
        return renderUnit(res, org, unitId, 400, null, err.message);
      }
      res.redirect(303, `/orgs/${org.slug}#units`);
    });
  }

  return router;
}
