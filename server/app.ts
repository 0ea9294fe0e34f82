/**
 * Builds the Express app from its dependencies; never listens and never connects on import.
 * Routers are thin: they parse, call a service from `services`, and render.
 */
import express, { type Express } from 'express';
import type { Config } from './config.js';
import { silentLogger, type Logger } from './logger.js';
import { createErrorHandler, notFoundHandler } from './middleware/errors.js';
import { rejectNulInUrl } from './middleware/nul-bytes.js';
import { requestContext } from './middleware/request-context.js';
import { requestMetrics } from './middleware/request-metrics.js';
import { securityHeaders } from './middleware/security.js';
import { chartJsDir, publicDir, viewsDir } from './paths.js';
import { createApiRouter } from './routes/api/index.js';
import { createHealthRouter } from './routes/health.js';
import { createMetricsRouter } from './routes/metrics.js';
import { createRespondentRouter } from './routes/respondent.js';
import { createStaffRouter } from './routes/staff/index.js';
import type { Services } from './services/index.js';

export interface AppDeps {
  /** Every use case, built once by `createServices` (server/services/index.ts). */
  readonly services: Services;
  readonly config: Config;
  /** Where the app logs (server/logger.ts); main.ts passes the configured one, tests default to none. */
  readonly logger?: Logger;
}

export function createApp({ services, config, logger = silentLogger }: AppDeps): Express {
  const app = express();
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.locals.baseUrl = config.baseUrl;

  // First of all: a request id and a logger that carries it (req.id, req.log, the X-Request-Id header).
  app.use(requestContext(logger));
  // Every request is timed by route pattern (server/metrics.ts).
  app.use(requestMetrics(services.metrics));
  // Then: a NUL byte in the path or query string is a 400 (PostgreSQL cannot compare or store it).
  app.use(rejectNulInUrl);
  // Liveness and readiness probes: JSON, no session, no CSRF, never cached.
  app.use(createHealthRouter(services));
  // Prometheus metrics, for a scraper bearing METRICS_TOKEN (no /metrics without it).
  app.use(createMetricsRouter(services.metrics, config.metricsToken));
  app.use('/public', express.static(publicDir, { index: false }));
  app.use('/vendor/chart.js', express.static(chartJsDir, { index: false }));

  // Security headers for every page (CSP: no inline script). Sessions, CSRF and sign-in live inside the
  // staff router, on the staff paths only, so respondents never get a session.
  app.use(securityHeaders({ https: config.baseUrl.startsWith('https://') }));

  // The JSON API: bearer tokens only (no session, no CSRF), problem+json errors (routes/api/).
  app.use(createApiRouter({ services, config, logger }));

  app.use(
    createRespondentRouter(services, {
      submitRateLimit: config.submitRateLimit,
      secureCookies: config.baseUrl.startsWith('https://'),
    }),
  );

  app.use(createStaffRouter({ services, config }));

  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
