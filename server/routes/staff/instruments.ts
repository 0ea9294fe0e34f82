/**
 * The instruments pages: the list (copy one into a draft, upload a JSON or YAML file), one
 * instrument's page (publish, start a new version, share, download as JSON or YAML). The editor and
 * the translations are in ./instrument-editor.ts. Admins and consultants only (others get a 404).
 */
import { Router, type Response } from 'express';
import { stringify } from 'yaml';
import { currentUser } from '../../auth/require-user.js';
import { FieldError } from '../../errors.js';
import { InstrumentError } from '../../instruments/load.js';
import { UPLOAD_ERROR_FIELD } from '../../middleware/multipart-form.js';
import type { InstrumentOwner } from '../../services/instrument-access.js';
import type { InstrumentService } from '../../services/instruments.js';
import type { OrganizationService } from '../../services/organizations.js';
import type { StaffUser } from '../../services/users.js';
import { idParam, parseId } from '../ids.js';
import type { FieldErrors } from './forms.js';

/** The paths that take a multipart upload (server/routes/staff/index.ts mounts the parser on them). */
export const INSTRUMENT_UPLOAD_PATHS = ['/instruments/upload', '/instruments/:id/translations/upload'];

export interface InstrumentRouteDeps {
  instruments: InstrumentService;
  organizations: OrganizationService;
}

/** `org-3` or `user` (the consultant themself), as the owner select sends it. */
export function parseOwner(raw: unknown, viewer: StaffUser): InstrumentOwner {
  if (raw === 'user') return { userId: viewer.id };
  const id = typeof raw === 'string' && raw.startsWith('org-') ? parseId(raw.slice(4)) : null;
  if (id === null) throw new FieldError('owner', 'Choose who owns the new instrument.');
  return { organizationId: id };
}

export function createInstrumentRouter({ instruments, organizations }: InstrumentRouteDeps): Router {
  const router = Router();

  async function renderList(
    res: Response,
    status = 200,
    form: { values?: Record<string, string>; errors?: FieldErrors; problems?: readonly string[] } = {},
  ) {
    const viewer = currentUser(res);
    const orgs = await organizations.listVisible(viewer);
    const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
    const owners = [
      ...(viewer.role === 'consultant' ? [{ value: 'user', label: 'Me (share it with my clients when ready)' }] : []),
      ...orgs.map((o) => ({ value: `org-${o.id}`, label: o.name })),
    ];
    const rows = (await instruments.list(viewer)).map((r) => ({
      ...r,
      owner:
        r.organizationId !== null
          ? (orgNames.get(r.organizationId) ?? 'An organization')
          : r.ownerUserId === viewer.id
            ? 'You'
            : r.ownerUserId !== null
              ? 'A consultant'
              : 'Shipped default',
    }));
    res.status(status).render('instruments/list', {
      title: 'Instruments',
      rows,
      owners,
      values: form.values ?? {},
      errors: form.errors ?? {},
      problems: form.problems ?? [],
    });
  }

  router.get('/instruments', async (_req, res) => renderList(res));

  router.post('/instruments/copy', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, string>;
    const values = { source: String(body.source ?? ''), key: String(body.key ?? ''), owner: String(body.owner ?? '') };
    try {
      const viewer = currentUser(res);
      const owner = parseOwner(values.owner, viewer);
      const id = await instruments.copy(viewer, idParam(values.source), { key: values.key, owner });
      res.redirect(303, `/instruments/${id}/edit`);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      await renderList(res, 400, { values, errors: { [err.field]: err.message } });
    }
  });

  router.post('/instruments/upload', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, string>;
    const values = { uploadOwner: String(body.uploadOwner ?? '') };
    const fail = (errors: FieldErrors, problems: readonly string[] = []) =>
      renderList(res, 400, { values, errors, problems });
    if (body[UPLOAD_ERROR_FIELD]) return fail({ file: body[UPLOAD_ERROR_FIELD] });
    if (!body.file) return fail({ file: 'Choose a JSON or YAML instrument file.' });
    try {
      const viewer = currentUser(res);
      const id = await instruments.upload(viewer, body.file, parseOwner(body.uploadOwner, viewer));
      res.redirect(303, `/instruments/${id}`);
    } catch (err) {
      if (err instanceof InstrumentError)
        return fail({ file: `The file has ${err.problems.length} problem(s), listed below.` }, err.problems);
      if (!(err instanceof FieldError)) throw err;
      await fail({ [err.field === 'owner' ? 'uploadOwner' : err.field]: err.message });
    }
  });

  router.get('/instruments/:id', async (req, res) => {
    const view = await instruments.find(currentUser(res), idParam(req.params.id));
    res.render('instruments/show', { title: view.title, view, viewer: currentUser(res) });
  });

  router.get('/instruments/:id/download.:format', async (req, res) => {
    const { instrument } = await instruments.find(currentUser(res), idParam(req.params.id));
    const yaml = req.params.format === 'yaml';
    if (!yaml && req.params.format !== 'json') return res.status(404).end();
    res
      .attachment(`${instrument.id}-v${instrument.version}.${yaml ? 'yaml' : 'json'}`)
      .type(yaml ? 'application/yaml; charset=utf-8' : 'application/json; charset=utf-8')
      .send(yaml ? stringify(instrument) : `${JSON.stringify(instrument, null, 2)}\n`);
  });

  router.post('/instruments/:id/publish', async (req, res) => {
    const id = idParam(req.params.id);
    await instruments.publish(currentUser(res), id);
    res.redirect(303, `/instruments/${id}`);
  });

  router.post('/instruments/:id/new-version', async (req, res) => {
    const draft = await instruments.newVersion(currentUser(res), idParam(req.params.id));
    res.redirect(303, `/instruments/${draft}/edit`);
  });

  router.post('/instruments/:id/share', async (req, res) => {
    const id = idParam(req.params.id);
    await instruments.share(currentUser(res), id, (req.body as Record<string, unknown>)?.shared === 'yes');
    res.redirect(303, `/instruments/${id}`);
  });

  return router;
}
