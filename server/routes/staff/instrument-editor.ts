/**
 * The draft editor and the translation editor of one instrument. Every save goes through the
 * instrument schema (services/instruments.ts); a refused save renders the page again from what was
 * posted, with each problem beside the field named by its path and all of them in a summary.
 */
import { Router, type Response } from 'express';
import type { InstrumentTranslation } from '../../../analysis/scales/instrument.js';
import { currentUser } from '../../auth/require-user.js';
import { DocumentSyntaxError, locateProblems, readTextDocument } from '../../instruments/document-text.js';
import { formatPath } from '../../instruments/schema.js';
import { UPLOAD_ERROR_FIELD } from '../../middleware/multipart-form.js';
import type { InstrumentView, Issue } from '../../services/instruments.js';
import { idParam } from '../ids.js';
import { documentFromForm } from './instrument-form.js';
import type { InstrumentRouteDeps } from './instruments.js';
import { translationFromForm, translationSections } from './translation-form.js';

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Problems by the field (path) they are about, the first one per path; a list entry's (`roleLevels[2]`)
 * also under its list, which one textarea holds. */
function errorsByPath(issues: readonly Issue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    errors[formatPath(issue.path)] ??= issue.message;
    if (typeof issue.path.at(-1) === 'number') errors[formatPath(issue.path.slice(0, -1))] ??= issue.message;
  }
  return errors;
}

/** The stored texts of `tag`: its complete translation, or the one a change left pending. */
function storedTranslation(view: InstrumentView, tag: string): Partial<InstrumentTranslation> | undefined {
  return (
    view.instrument.translations?.[tag] ?? (view.pendingTranslations[tag] as Partial<InstrumentTranslation> | undefined)
  );
}

export function createInstrumentEditorRouter({ instruments }: Pick<InstrumentRouteDeps, 'instruments'>): Router {
  const router = Router();

  function renderEditor(
    res: Response,
    view: InstrumentView,
    doc: unknown,
    issues: readonly Issue[] = [],
    saved = false,
  ) {
    res.status(issues.length > 0 ? 400 : 200).render('instruments/edit', {
      title: `Edit ${view.title}`,
      view,
      doc,
      errors: errorsByPath(issues),
      saved,
    });
  }

  router.get('/instruments/:id/edit', async (req, res) => {
    const view = await instruments.find(currentUser(res), idParam(req.params.id));
    renderEditor(res, view, view.instrument, [], req.query.saved === '1');
  });

  router.post('/instruments/:id/edit', async (req, res) => {
    const viewer = currentUser(res);
    const view = await instruments.find(viewer, idParam(req.params.id));
    const doc = documentFromForm(view.instrument, (req.body ?? {}) as Record<string, unknown>);
    const result = await instruments.save(viewer, view.id, doc);
    if (!result.ok) return renderEditor(res, view, doc, result.issues);
    res.redirect(303, `/instruments/${view.id}/edit?saved=1`);
  });

  function tagOf(raw: unknown): string | null {
    return typeof raw === 'string' && LANGUAGE_TAG.test(raw.trim()) ? raw.trim() : null;
  }

  function renderTranslation(
    res: Response,
    view: InstrumentView,
    tag: string | null,
    state: {
      values?: Record<string, unknown>;
      issues?: readonly Issue[];
      problems?: readonly string[];
      saved?: boolean;
    } = {},
  ) {
    const failed = (state.issues?.length ?? 0) > 0 || (state.problems?.length ?? 0) > 0;
    res.status(failed ? 400 : 200).render('instruments/translate', {
      title: `Translate ${view.title}`,
      view,
      tag,
      tags: Object.keys(view.instrument.translations ?? {}),
      pending: Object.keys(view.pendingTranslations),
      sections: tag ? translationSections(view.instrument, storedTranslation(view, tag), state.values) : [],
      errors: errorsByPath(state.issues ?? []),
      problems: state.problems ?? [],
      saved: state.saved ?? false,
    });
  }

  router.get('/instruments/:id/translations', async (req, res) => {
    const view = await instruments.find(currentUser(res), idParam(req.params.id));
    const tag = tagOf(req.query.tag);
    if (req.query.tag !== undefined && !tag)
      return renderTranslation(res, view, null, { problems: ['Enter a language tag such as “de” or “pt-BR”.'] });
    renderTranslation(res, view, tag, { saved: req.query.saved === '1' });
  });

  router.post('/instruments/:id/translations', async (req, res) => {
    const viewer = currentUser(res);
    const view = await instruments.find(viewer, idParam(req.params.id));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const tag = tagOf(body.tag);
    if (!tag)
      return renderTranslation(res, view, null, { problems: ['Enter a language tag such as “de” or “pt-BR”.'] });
    const result = await instruments.saveTranslation(viewer, view.id, tag, translationFromForm(view.instrument, body));
    if (!result.ok) return renderTranslation(res, view, tag, { values: body, issues: result.issues });
    res.redirect(303, `/instruments/${view.id}/translations?tag=${encodeURIComponent(tag)}&saved=1`);
  });

  router.post('/instruments/:id/translations/upload', async (req, res) => {
    const viewer = currentUser(res);
    const view = await instruments.find(viewer, idParam(req.params.id));
    const body = (req.body ?? {}) as Record<string, string>;
    const tag = tagOf(body.tag);
    if (!tag)
      return renderTranslation(res, view, null, { problems: ['Enter a language tag such as “de” or “pt-BR”.'] });
    if (body[UPLOAD_ERROR_FIELD] || !body.file)
      return renderTranslation(res, view, tag, {
        problems: [body[UPLOAD_ERROR_FIELD] || 'Choose a JSON or YAML translation file.'],
      });
    let doc;
    try {
      doc = readTextDocument(body.file);
    } catch (err) {
      if (!(err instanceof DocumentSyntaxError)) throw err;
      return renderTranslation(res, view, tag, { problems: err.problems });
    }
    const result = await instruments.saveTranslation(viewer, view.id, tag, doc.value);
    if (!result.ok) return renderTranslation(res, view, tag, { problems: locateProblems(doc, result.issues) });
    res.redirect(303, `/instruments/${view.id}/translations?tag=${encodeURIComponent(tag)}&saved=1`);
  });

  return router;
}
