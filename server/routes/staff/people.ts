/**
 * An organization's people: the page with the address list's size per unit and the CSV upload, the
 * preview (what would change, or every row error), and the confirmed import. Uploads are multipart
 * (server/middleware/multipart-form.ts); the preview's confirm form sends the same text back, so
 * nothing is kept between the two requests. Admins and consultants only (an import sets headcounts).
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { currentUser } from '../../auth/require-user.js';
import { NotFoundError } from '../../errors.js';
import { UPLOAD_ERROR_FIELD } from '../../middleware/multipart-form.js';
import type { Organization, OrganizationService } from '../../services/organizations.js';
import type { ImportSummary, PeopleImportService } from '../../services/people-import.js';
import { flattenUnitTree, mayChangeHeadcounts, type UnitService } from '../../services/units.js';
import { parseForm } from './forms.js';
import { visibleOrganization } from './organizations.js';

/** The paths that take a multipart upload (server/routes/staff/index.ts mounts the parser on them). */
export const PEOPLE_UPLOAD_PATHS = ['/orgs/:slug/people/preview', '/orgs/:slug/people/import'];
export const MAX_UPLOAD_BYTES = 5 * 1_048_576;

const importSchema = z.object({
  csv: z.string('Choose a CSV file.').min(1, 'Choose a CSV file.'),
  removeMissing: z
    .enum(['yes', 'no'])
    .optional()
    .transform((v) => v === 'yes'),
  [UPLOAD_ERROR_FIELD]: z.undefined(),
});

export interface PeopleRouteDeps {
  organizations: OrganizationService;
  people: PeopleImportService;
  units: UnitService;
}

export function createPeopleRouter({ organizations, people, units }: PeopleRouteDeps): Router {
  const router = Router();

  async function load(res: Response, slug: string | undefined): Promise<Organization> {
    const org = await visibleOrganization(organizations, res, slug);
    if (!mayChangeHeadcounts(currentUser(res))) throw new NotFoundError('There is no page at this address.');
    return org;
  }

  async function renderPage(
    res: Response,
    org: Organization,
    status = 200,
    error?: string,
    imported?: Record<string, string>,
  ) {
    res.status(status).render('staff/people', {
      title: `People: ${org.name}`,
      org,
      count: await people.count(org.id),
      units: flattenUnitTree(await units.tree(org.id)),
      error,
      imported,
    });
  }

  function parse(body: unknown) {
    const form = parseForm(importSchema, body);
    if (form.ok) return form;
    const uploadError = (body as Record<string, unknown> | undefined)?.[UPLOAD_ERROR_FIELD];
    return { ok: false as const, error: typeof uploadError === 'string' ? uploadError : Object.values(form.errors)[0] };
  }

  router.get('/orgs/:slug/people', async (req, res) => {
    const org = await load(res, req.params.slug);
    const done = ['added', 'updated', 'removed'].every((k) => typeof req.query[k] === 'string');
    await renderPage(res, org, 200, undefined, done ? (req.query as Record<string, string>) : undefined);
  });

  router.post('/orgs/:slug/people/preview', async (req, res) => {
    const org = await load(res, req.params.slug);
    const form = parse(req.body);
    if (!form.ok) return renderPage(res, org, 400, form.error);
    const summary: ImportSummary = await people.preview(currentUser(res), org.id, form.data.csv, form.data);
    res.status(summary.errors.length > 0 ? 400 : 200).render('staff/people-preview', {
      title: `Import people: ${org.name}`,
      org,
      summary,
      csv: form.data.csv,
      removeMissing: form.data.removeMissing,
    });
  });

  router.post('/orgs/:slug/people/import', async (req, res) => {
    const org = await load(res, req.params.slug);
    const form = parse(req.body);
    if (!form.ok) return renderPage(res, org, 400, form.error);
    const summary = await people.apply(currentUser(res), org.id, form.data.csv, form.data);
    const query = new URLSearchParams({
      added: String(summary.added),
      updated: String(summary.updated),
      removed: String(summary.removed),
    });
    res.redirect(303, `/orgs/${org.slug}/people?${query}`);
  });

  return router;
}
