/**
 * Builds the Express app from its dependencies; never listens and never connects on import.
 * Routers are thin: they parse, call a service from `services`, and render.
 */
import express, { type Express } from 'express';
import type { Knex } from 'knex';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { silentLogger, type Logger } from './logger.js';
import { createErrorHandler, notFoundHandler } from './middleware/errors.js';
import { rejectNulInUrl } from './middleware/nul-bytes.js';
import { requestContext } from './middleware/request-context.js';
import { securityHeaders } from './middleware/security.js';
import { chartJsDir, publicDir, viewsDir } from './paths.js';
import { createStaffRouter } from './routes/staff/index.js';
import { createSurveyRouter } from './routes/survey.js';
import { createFormTiming } from './services/form-timing.js';
import { createResponseService } from './services/responses.js';
import { createSurveyLookup } from './services/survey-lookup.js';

export interface AppDeps {
  readonly db: Knex;
  readonly config: Config;
  readonly clock?: Clock;
  /** Where the app logs (server/logger.ts); main.ts passes the configured one, tests default to none. */
  readonly logger?: Logger;
}

/** Every use case the routers may call, built once per app from the same db and clock. `formSecret`
 * signs the load time the respondent form carries (services/form-timing.ts). */
export function createServices({ db, clock = systemClock, formSecret }: { db: Knex; clock?: Clock; formSecret: string }) {
  const formTiming = createFormTiming({ secret: formSecret, clock });
  return {
    surveyLookup: createSurveyLookup({ db, clock }),
    formTiming,
    responses: createResponseService({ db, clock, formTiming }),
    // Staff services (organizations, surveys, invitations, users) are added here.
  };
}
export type Services = ReturnType<typeof createServices>;

export function createApp({ db, config, clock = systemClock, logger = silentLogger }: AppDeps): Express {
  const services = createServices({ db, clock, formSecret: config.sessionSecret });
  const app = express();
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.locals.baseUrl = config.baseUrl;

  // First of all: a request id and a logger that carries it (req.id, req.log, the X-Request-Id header).
  app.use(requestContext(logger));
  // Then: a NUL byte in the path or query string is a 400 (PostgreSQL cannot compare or store it).
  app.use(rejectNulInUrl);
  app.use('/public', express.static(publicDir, { index: false }));
  app.use('/vendor/chart.js', express.static(chartJsDir, { index: false }));

  // Security headers for every page (CSP: no inline script). Sessions, CSRF and sign-in live inside the
  // staff router, on the staff paths only, so respondents never get a session.
  app.use(securityHeaders({ https: config.baseUrl.startsWith('https://') }));

  app.use(createSurveyRouter(services, { submitRateLimit: config.submitRateLimit, secureCookies: config.baseUrl.startsWith('https://') }));

  app.use(createStaffRouter({ db, config, clock, logger }));

  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
