/**
 * The respondent flow: GET /s/:code shows the form, POST /s/:code accepts it (303 to the thank-you page)
 * or shows it again with status 400 and an error beside each field. Errors thrown by the services
 * (404, 410, 403, 409) are rendered by the error middleware.
 */
import express, { Router, type Request } from 'express';
import type { Services } from '../app.js';
import { containsNul, withoutNul } from '../middleware/nul-bytes.js';
import { emptyFormState, surveyFormView } from './survey-form-view.js';

/** Larger bodies are refused with 413 before anything is parsed or stored. */
export const surveyBodyLimit = '20kb';

const NUL_MESSAGE = 'Your answers contained an invisible NUL character, which cannot be stored. Nothing was stored. It has been removed below: check the text and send again.';
const NUL_FIELD_MESSAGE = 'This held an invisible NUL character; it has been removed.';

function tokenFrom(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}

function code(req: Request): string {
  return String(req.params.code);
}

export function createSurveyRouter(services: Pick<Services, 'surveyLookup' | 'responses'>): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: surveyBodyLimit, parameterLimit: 200 });

  router.get('/s/:code', async (req, res) => {
    const token = tokenFrom(req.query.t);
    const context = await services.surveyLookup.open(code(req), token);
    res.render('survey/form', surveyFormView(context, emptyFormState, token));
  });

  router.post('/s/:code', form, async (req, res) => {
    const body: Record<string, unknown> = typeof req.body === 'object' && req.body !== null ? req.body : {};
    const token = tokenFrom(body.t);
    const context = await services.surveyLookup.open(code(req), token);
    const nulFields = Object.keys(body).filter((key) => containsNul(key) || containsNul(body[key]));
    if (nulFields.length > 0) {
      // PostgreSQL cannot store U+0000: show the form again with everything else the respondent typed.
      const fieldErrors = Object.fromEntries(nulFields.map((key) => [key.replaceAll('\u0000', ''), NUL_FIELD_MESSAGE]));
      res.status(400).render('survey/form', surveyFormView(context, { values: withoutNul(body), fieldErrors, formErrors: [NUL_MESSAGE] }, token));
      return;
    }
    const result = await services.responses.submit(context, body);
    if (!result.ok) {
      res.status(400).render('survey/form', surveyFormView(context, { values: body, ...result }, token));
      return;
    }
    res.redirect(303, `/s/${encodeURIComponent(context.survey.code)}/thanks`);
  });

  router.get('/s/:code/thanks', async (req, res) => {
    const survey = await services.surveyLookup.findPublished(code(req));
    res.render('survey/thanks', { title: 'Thank you', survey: { code: survey.code, title: survey.title } });
  });

  return router;
}
