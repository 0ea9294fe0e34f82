/**
 * The respondent flow: GET /s/:code shows the form, POST /s/:code accepts it (303 to the thank-you page)
 * or shows it again with status 400 and an error beside each field. Errors thrown by the services
 * (404, 410, 403, 409) are rendered by the error middleware, as are the submission rate limit (429,
 * before the body is read) and a second answer from the same browser to an open-link survey (409).
 * Every submission is counted in the app's metrics once answered: accepted (303) or rejected.
 */
import express, { Router, type Request, type RequestHandler } from 'express';
import { catalogues } from '../i18n/catalogues.js';
import { chooseLanguage } from '../i18n/negotiate.js';
import { containsNul, withoutNul } from '../middleware/nul-bytes.js';
import type { Services } from '../services/index.js';
import type { SurveyContext } from '../services/survey-lookup.js';
import { alreadyAnsweredHere, answeredHere, markAnswered } from './answered-cookie.js';
import { createSubmitLimiter } from './submit-limit.js';
import { emptyFormState, pageLanguage, surveyFormView } from './survey-form-view.js';

/** Larger bodies are refused with 413 before anything is parsed or stored. */
export const surveyBodyLimit = '20kb';

export interface SurveyRouterOptions {
  /** Submissions per IP address per minute (Config.submitRateLimit); 0 = no limit. */
  readonly submitRateLimit: number;
  /** Mark the answered cookie Secure (the app is served over https). */
  readonly secureCookies: boolean;
}

function tokenFrom(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}

function code(req: Request): string {
  return String(req.params.code);
}

/** Open-link surveys admit one response per browser (see answered-cookie.ts); invitation links are single-use anyway. */
function refuseSecondAnswer(req: Request, context: SurveyContext): void {
  if (context.survey.access === 'open' && answeredHere(req)) throw alreadyAnsweredHere();
}

/** Counts each submission once it is answered: accepted (303 to the thank-you page) or rejected (anything else). */
function countSubmission(metrics: Services['metrics']): RequestHandler {
  return (_req, res, next) => {
    res.once('finish', () => metrics.submissions.inc({ outcome: res.statusCode === 303 ? 'accepted' : 'rejected' }));
    next();
  };
}

export function createRespondentRouter(
  services: Pick<Services, 'surveyLookup' | 'responses' | 'formTiming' | 'metrics' | 'rateLimits'>,
  options: SurveyRouterOptions,
): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: surveyBodyLimit, parameterLimit: 200 });
  const submitLimit = createSubmitLimiter(options.submitRateLimit, services.rateLimits);

  const accepts = (req: Request) => (languages: string[]) => req.acceptsLanguages(languages);

  router.get('/s/:code', async (req, res) => {
    const token = tokenFrom(req.query.t);
    const context = await services.surveyLookup.open(code(req), token);
    refuseSecondAnswer(req, context);
    const language = await services.surveyLookup.languageFor(context, {
      explicit: req.query.lang,
      accepts: accepts(req),
    });
    res.render(
      'survey/form',
      surveyFormView(context, emptyFormState, token, services.formTiming.stamp(context.survey.code), language),
    );
  });

  router.post('/s/:code', countSubmission(services.metrics), submitLimit, form, async (req, res) => {
    const body: Record<string, unknown> = typeof req.body === 'object' && req.body !== null ? req.body : {};
    const token = tokenFrom(body.t);
    const context = await services.surveyLookup.open(code(req), token);
    refuseSecondAnswer(req, context);
    // The language the form was shown in comes back in its `lang` field.
    const language = await services.surveyLookup.languageFor(context, { explicit: body.lang, accepts: accepts(req) });
    const { t } = pageLanguage(language);
    const nulFields = Object.keys(body).filter((key) => containsNul(key) || containsNul(body[key]));
    if (nulFields.length > 0) {
      // PostgreSQL cannot store U+0000: show the form again with everything else the respondent typed.
      const fieldErrors = Object.fromEntries(
        nulFields.map((key) => [key.replaceAll('\u0000', ''), t('error.nulField')]),
      );
      const started = services.formTiming.keepOrStamp(context.survey.code, withoutNul(body).started);
      res
        .status(400)
        .render(
          'survey/form',
          surveyFormView(
            context,
            { values: withoutNul(body), fieldErrors, formErrors: [t('error.nul')] },
            token,
            started,
            language,
          ),
        );
      return;
    }
    const result = await services.responses.submit(context, body, language);
    if (!result.ok) {
      const started = services.formTiming.keepOrStamp(context.survey.code, body.started);
      res
        .status(400)
        .render('survey/form', surveyFormView(context, { values: body, ...result }, token, started, language));
      return;
    }
    if (context.survey.access === 'open') markAnswered(res, context.survey.code, options.secureCookies);
    res.redirect(303, `/s/${encodeURIComponent(context.survey.code)}/thanks?lang=${encodeURIComponent(language)}`);
  });

  router.get('/s/:code/thanks', async (req, res) => {
    const survey = await services.surveyLookup.findPublished(code(req));
    const language = chooseLanguage(Object.keys(catalogues), { explicit: req.query.lang, accepts: accepts(req) });
    const page = pageLanguage(language);
    res.render('survey/thanks', {
      ...page,
      title: page.t('thanks.title'),
      survey: { code: survey.code, title: survey.title },
    });
  });

  return router;
}
