/**
 * The JSON API, /api/v1, as one router for server/app.ts. Every operation (routes/api/*.ts) needs a
 * bearer token (routes/api/authenticate.ts: no session, no CSRF), counts against the token's rate
 * limit, reads JSON, and answers errors as problem+json. The OpenAPI document is generated from the
 * operations (routes/api/openapi.ts) and served with its reference page, both without a token.
 */
import express, { Router } from 'express';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { rejectNulInBody } from '../../middleware/nul-bytes.js';
import type { Services } from '../../services/index.js';
import { authenticateApiToken } from './authenticate.js';
import { docsView } from './docs-view.js';
import { importOperations } from './imports.js';
import { apiDocument, type ApiDocument } from './openapi.js';
import { mountOperation, type ApiOperation } from './operation.js';
import { organizationOperations } from './organizations.js';
import { peopleOperations } from './people.js';
import { apiNotFound, createApiErrorHandler } from './problem.js';
import { createApiRateLimit } from './rate-limit.js';
import { reportOperations } from './reports.js';
import { surveyOperations } from './surveys.js';

export const API_PREFIX = '/api/v1';

/** Every operation of the API, in the order the document lists them. */
export function apiOperations(services: Services): ApiOperation[] {
  return [
    ...organizationOperations(services),
    ...peopleOperations(services),
    ...surveyOperations(services),
    ...reportOperations(services),
    ...importOperations(services),
  ];
}

export function createApiRouter({
  services,
  config,
  logger,
}: {
  services: Services;
  config: Pick<Config, 'baseUrl' | 'apiRateLimit'>;
  logger: Logger;
}): Router {
  const operations = apiOperations(services);
  let document: ApiDocument | undefined;
  const doc = () => (document ??= apiDocument(operations, config.baseUrl));

  const router = Router();
  router.get(`${API_PREFIX}/openapi.json`, (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(doc());
  });
  router.get(`${API_PREFIX}/docs`, (_req, res) => {
    res.set('Cache-Control', 'no-cache').render('api/docs', { title: 'API reference', ...docsView(doc()) });
  });

  const api = Router();
  api.use(authenticateApiToken(services.apiTokens));
  api.use(createApiRateLimit(config.apiRateLimit, services.rateLimits, services.clock));
  api.use(express.json({ limit: '2mb' }), rejectNulInBody);
  // API answers are per token: never kept by a shared cache (the report says `private, no-cache` itself).
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  for (const op of operations) mountOperation(api, op);
  api.use(apiNotFound);
  api.use(createApiErrorHandler(logger));
  router.use(API_PREFIX, api);
  return router;
}
