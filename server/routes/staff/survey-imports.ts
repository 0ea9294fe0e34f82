/**
 * Importing another tool's export into a survey, without JavaScript: upload (the file streams to disk,
 * middleware/file-upload.ts) → the mapping screen (guessed, a saved mapping, or a mapping JSON file)
 * → check (every row error, nothing written) → import, which runs on in this process while a status
 * page refreshes itself (meta refresh) with a progress bar, then shows the result. One service does
 * the work (services/survey-import.ts); admins and consultants of the organization only.
 */
import { Router, type Response } from 'express';
import { currentUser } from '../../auth/require-user.js';
import { HttpError, NotFoundError, ValidationError } from '../../errors.js';
import { fileUpload, type UploadedFile } from '../../middleware/file-upload.js';
import { UPLOAD_ERROR_FIELD } from '../../middleware/multipart-form.js';
import { parseMappingJson, type ImportMapping } from '../../services/import-mapping.js';
import type { Services } from '../../services/index.js';
import { ImportRowsError, type ImportFile, type ImportPreview } from '../../services/survey-import.js';
import { formFromMapping, guessMapping, mappingFromForm, type MappingForm } from './import-mapping-form.js';
import { visibleSurvey } from './organizations.js';

export const IMPORT_UPLOAD_PATH = '/orgs/:slug/surveys/:id/import';
export const MAX_IMPORT_BYTES = 512 * 1_048_576;

type Deps = Pick<Services, 'organizations' | 'surveys' | 'imports' | 'importMappings' | 'importUploads' | 'importJobs'>;

export function importUploadMiddleware(uploads: Services['importUploads']) {
  return fileUpload({
    fileField: 'file',
    textFields: ['mappingFile'],
    maxBytes: MAX_IMPORT_BYTES,
    pathFor: uploads.incomingPath,
  });
}

export function createSurveyImportRouter({
  organizations,
  surveys,
  imports,
  importMappings,
  importUploads,
  importJobs,
}: Deps): Router {
  const router = Router();

  async function load(res: Response, slug: unknown, id: unknown) {
    const { org, survey } = await visibleSurvey(organizations, surveys, res, String(slug), String(id));
    const { instrument, units } = await imports.target(currentUser(res), survey.id);
    const base = `/orgs/${org.slug}/surveys/${survey.id}/import`;
    return { org, survey, instrument, units, base };
  }

  function uploadOf(surveyId: number, token: unknown): { token: string; file: ImportFile } {
    const file = importUploads.find(surveyId, String(token));
    if (!file)
      throw new NotFoundError('This upload is no longer here (imported, or older than a day): upload the file again.');
    return { token: String(token), file };
  }

  async function renderUpload(res: Response, ctx: Awaited<ReturnType<typeof load>>, status = 200, error?: string) {
    const user = currentUser(res);
    res.status(status).render('staff/import-upload', {
      title: `Import responses: ${ctx.survey.title}`,
      ...ctx,
      error,
      mappings: await importMappings.list(user, ctx.org.id),
      past: await imports.list(user, ctx.survey.id),
    });
  }

  interface ScreenOptions {
    values: MappingForm;
    headerRows: number;
    status?: number;
    error?: string;
    notice?: string;
    preview?: ImportPreview | null;
    mapping?: ImportMapping | null;
  }

  async function renderScreen(
    res: Response,
    ctx: Awaited<ReturnType<typeof load>>,
    token: string,
    file: ImportFile,
    o: ScreenOptions,
  ) {
    const user = currentUser(res);
    const { columns, headers, sample } = await imports.inspect(user, ctx.survey.id, file, o.headerRows);
    res.status(o.status ?? 200).render('staff/import-map', {
      title: `Map the columns: ${ctx.survey.title}`,
      ...ctx,
      token,
      fileName: file.fileName,
      columns: columns.map((name, i) => ({
        name,
        question: headers[0]?.[i] ?? '',
        samples: sample.slice(0, 3).map((r) => r[i] ?? ''),
      })),
      scales: ctx.instrument.scales,
      demographics: ctx.instrument.demographics ?? [],
      values: o.values,
      mappings: await importMappings.list(user, ctx.org.id),
      error: o.error,
      notice: o.notice,
      preview: o.preview ?? null,
      mappingJson: o.mapping ? JSON.stringify(o.mapping) : '',
    });
  }

  router.get(IMPORT_UPLOAD_PATH, async (req, res) =>
    renderUpload(res, await load(res, req.params.slug, req.params.id)),
  );

  router.post(IMPORT_UPLOAD_PATH, async (req, res) => {
    const ctx = await load(res, req.params.slug, req.params.id);
    const body = (req.body ?? {}) as Record<string, string>;
    const upload = res.locals.upload as UploadedFile | undefined;
    if (body[UPLOAD_ERROR_FIELD] || !upload) {
      if (upload) importUploads.discard(upload.path);
      return renderUpload(res, ctx, 400, body[UPLOAD_ERROR_FIELD] ?? 'Choose the export file (CSV or XLSX).');
    }
    const token = importUploads.adopt(upload.path, ctx.survey.id, upload.fileName);
    if (body.mappingFile) {
      let mapping: ImportMapping;
      try {
        mapping = parseMappingJson(body.mappingFile);
      } catch (error) {
        return renderUpload(
          res,
          ctx,
          400,
          error instanceof ValidationError ? `Mapping file: ${error.message}` : 'The mapping file could not be read.',
        );
      }
      const { file } = uploadOf(ctx.survey.id, token);
      return renderScreen(res, ctx, token, file, {
        values: formFromMapping(mapping, ctx.instrument),
        headerRows: mapping.headerRows,
      });
    }
    const saved = /^\d+$/.test(body.mappingId ?? '') ? `?mapping=${body.mappingId}` : '';
    res.redirect(303, `${ctx.base}/${token}${saved}`);
  });

  router.get(`${IMPORT_UPLOAD_PATH}/:token`, async (req, res) => {
    const ctx = await load(res, req.params.slug, req.params.id);
    const { token, file } = uploadOf(ctx.survey.id, req.params.token);
    let mapping: ImportMapping;
    if (typeof req.query.mapping === 'string' && /^\d+$/.test(req.query.mapping)) {
      mapping = (await importMappings.find(currentUser(res), ctx.org.id, Number(req.query.mapping))).mapping;
    } else {
      const headerRows = /^\d$/.test(String(req.query.headerRows ?? '')) ? Number(req.query.headerRows) : 1;
      const { columns, headers, sample } = await imports.inspect(currentUser(res), ctx.survey.id, file, headerRows);
      mapping = guessMapping(columns, headers[0] ?? [], sample, ctx.instrument, headerRows);
    }
    await renderScreen(res, ctx, token, file, {
      values: formFromMapping(mapping, ctx.instrument),
      headerRows: mapping.headerRows,
    });
  });

  router.post(`${IMPORT_UPLOAD_PATH}/:token`, async (req, res) => {
    const ctx = await load(res, req.params.slug, req.params.id);
    const { token, file } = uploadOf(ctx.survey.id, req.params.token);
    // Only single string fields (a repeated name arrives as an array and is ignored).
    const values: MappingForm = {};
    for (const [key, value] of Object.entries((req.body ?? {}) as Record<string, unknown>))
      if (key !== '_csrf' && typeof value === 'string') values[key] = value;
    const headerRows = /^\d$/.test(values.headerRows ?? '') ? Number(values.headerRows) : 1;
    let mapping: ImportMapping;
    try {
      mapping = mappingFromForm(values, ctx.instrument);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderScreen(res, ctx, token, file, { values, headerRows, status: 400, error: error.message });
    }
    const user = currentUser(res);
    if (values.action === 'save') {
      try {
        await importMappings.save(user, ctx.org.id, values.mappingName ?? '', mapping);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderScreen(res, ctx, token, file, { values, headerRows, status: 400, error: error.message });
      }
      return renderScreen(res, ctx, token, file, {
        values,
        headerRows,
        notice: `Saved the mapping “${values.mappingName?.trim()}”.`,
      });
    }
    const preview = await imports.preview(user, ctx.survey.id, file, mapping);
    const failed = preview.errorCount > 0 || preview.duplicate !== null;
    await renderScreen(res, ctx, token, file, { values, headerRows, status: failed ? 400 : 200, preview, mapping });
  });

  router.post(`${IMPORT_UPLOAD_PATH}/:token/run`, async (req, res) => {
    const ctx = await load(res, req.params.slug, req.params.id);
    const { token, file } = uploadOf(ctx.survey.id, req.params.token);
    const mapping = parseMappingJson(String((req.body as Record<string, unknown> | undefined)?.mapping ?? ''));
    const user = currentUser(res);
    const surveyId = ctx.survey.id;
    // A second click while it runs just shows the running import (start returns null).
    importJobs.start(
      surveyId,
      token,
      async (onProgress) => {
        const result = await imports.run(user, surveyId, file, mapping, onProgress);
        importUploads.remove(surveyId, token);
        return result;
      },
      (error) => ({
        message:
          error instanceof HttpError
            ? error.message
            : 'The import failed: nothing was imported. Try again; if it fails again, tell your administrator.',
        preview: error instanceof ImportRowsError ? error.preview : null,
      }),
    );
    res.redirect(303, `${ctx.base}/${token}/status`);
  });

  router.get(`${IMPORT_UPLOAD_PATH}/:token/status`, async (req, res) => {
    const ctx = await load(res, req.params.slug, req.params.id);
    const token = String(req.params.token);
    const job = importJobs.get(ctx.survey.id, token);
    if (!job) throw new NotFoundError('There is no import running for this upload on this server.');
    res.render('staff/import-status', {
      title: `Importing: ${ctx.survey.title}`,
      ...ctx,
      token,
      job,
      refreshSeconds: job.status === 'running' ? 1 : undefined,
    });
  });

  return router;
}
