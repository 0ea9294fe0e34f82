/**
 * Everything staff-facing, as one router for server/app.ts: sessions, form parsing, CSRF and the
 * signed-in user are set up here for the staff paths only (the respondent pages never load a session).
 * A session row is stored only once someone signs in: CSRF tokens live in a cookie, not the session.
 */
import cookieParser from 'cookie-parser';
import express, { Router } from 'express';
import { createCsrfProtection, csrfErrorHandler } from '../../auth/csrf.js';
import { loadUser, requireRole, requireUser } from '../../auth/require-user.js';
import { createSessionMiddleware } from '../../auth/session.js';
import type { Config } from '../../config.js';
import { multipartForm } from '../../middleware/multipart-form.js';
import { rejectNulInBody } from '../../middleware/nul-bytes.js';
import type { Services } from '../../services/index.js';
import { createApiTokenRouter } from './api-tokens.js';
import { createAuthRouter } from './auth.js';
import { createBenchmarkPoolRouter } from './benchmark-pool.js';
import { createBenchmarkPositionRouter } from './benchmark-position.js';
import { createBenchmarkRouter } from './benchmarks.js';
import { createExecutiveReportRouter } from './executive-report.js';
import { createGlossaryRouter } from './glossary.js';
import { createInstrumentEditorRouter } from './instrument-editor.js';
import { createInstrumentRouter, INSTRUMENT_UPLOAD_PATHS } from './instruments.js';
import { createOrganizationEditRouter } from './organization-edits.js';
import { createOrganizationRouter } from './organizations.js';
import { createOutboxRouter } from './outbox.js';
import { createPasswordResetRouter } from './password-reset.js';
import { createPeopleRouter, MAX_UPLOAD_BYTES, PEOPLE_UPLOAD_PATHS } from './people.js';
import { createPlanRouter } from './plans.js';
import { createReportRouter } from './reports.js';
import { createSurveyEditRouter } from './survey-edits.js';
import { createSurveyImportRouter, IMPORT_UPLOAD_PATH, importUploadMiddleware } from './survey-imports.js';
import { createSurveyMailRouter } from './survey-mail.js';
import { createSurveyResponseRouter } from './survey-responses.js';
import { createStaffSurveyRouter } from './surveys.js';
import { createTrendRouter } from './trend.js';
import { createUserAdminRouter } from './users.js';

/** URL prefixes served by the staff router. */
export const STAFF_PATHS = [
  '/setup',
  '/signin',
  '/signout',
  '/account',
  '/orgs',
  '/users',
  '/benchmarks',
  '/benchmarks.csv',
  '/glossary',
  '/outbox',
  '/password-reset',
  '/instruments',
];

export function createStaffRouter({ services, config }: { services: Services; config: Config }): Router {
  const { users, accounts, organizations, units, unitEdits, surveys, surveyEdits, invitations, audit, reports } =
    services;
  const { exports, trend, benchmarks, surveyPlan, clock } = services;

  const session = createSessionMiddleware({
    store: services.sessionStore,
    secret: config.sessionSecret,
    baseUrl: config.baseUrl,
  });
  const plumbing = [
    session,
    express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 2000 }),
    cookieParser(),
    createCsrfProtection({ secret: config.sessionSecret, secure: config.baseUrl.startsWith('https://') }),
    rejectNulInBody,
    loadUser(users),
  ];

  const router = Router();
  // File uploads (people CSVs) are multipart: read before the rest of the plumbing, so CSRF sees their _csrf field.
  router.use(PEOPLE_UPLOAD_PATHS, multipartForm({ maxBytes: MAX_UPLOAD_BYTES }));
  router.use(INSTRUMENT_UPLOAD_PATHS, multipartForm({ maxBytes: MAX_UPLOAD_BYTES }));
  // The instrument editor posts every item of an instrument: a larger form than the other staff pages.
  router.use('/instruments', express.urlencoded({ extended: false, limit: '512kb', parameterLimit: 10_000 }));
  // Survey exports to import stream to disk instead (they may be hundreds of MB), and only for a
  // signed-in user: anyone else's upload is not read (CSRF and the role are checked after, as always).
  const importUpload = importUploadMiddleware(services.importUploads);
  router.post(IMPORT_UPLOAD_PATH, session, loadUser(users), (req, res, next) =>
    res.locals.user ? importUpload(req, res, next) : next(),
  );
  router.use(STAFF_PATHS, ...plumbing);
  // Staff pages must never be cached by a shared proxy.
  router.use(STAFF_PATHS, (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  // The home page sends people where they can start: setup on a fresh install, else their organizations.
  router.get('/', ...plumbing, async (_req, res) => {
    if ((await users.count()) === 0) return res.redirect(303, '/setup');
    res.redirect(303, res.locals.user ? '/orgs' : '/signin');
  });

  router.use(createAuthRouter({ users, rateLimits: services.rateLimits }));
  router.use(createPasswordResetRouter({ passwordResets: services.passwordResets, rateLimits: services.rateLimits }));
  router.use(createApiTokenRouter({ apiTokens: services.apiTokens, clock }));
  router.use(['/orgs', '/users', '/outbox', '/instruments'], requireUser);
  router.use('/instruments', requireRole('admin', 'consultant'));
  router.use(createUserAdminRouter({ users, organizations, accounts, audit }));
  router.use(createOrganizationRouter({ organizations, units, surveys, audit }));
  router.use(createOrganizationEditRouter({ organizations, units, unitEdits }));
  const { baseUrl } = config;
  router.use(
    createStaffSurveyRouter({
      organizations,
      units,
      surveys,
      invitations,
      reports,
      surveyPlan,
      instruments: services.instruments,
      baseUrl,
      clock,
    }),
  );
  router.use(createSurveyEditRouter({ organizations, surveys, surveyEdits }));
  router.use(createSurveyResponseRouter({ organizations, surveys, units, reports, exports }));
  router.use(createTrendRouter({ organizations, surveys, trend }));
  router.use(
    createPlanRouter({ organizations, surveys, reports, plans: services.plans, planEffect: services.planEffect }),
  );
  router.use(createExecutiveReportRouter({ organizations, surveys, reports, benchmarkPool: services.benchmarkPool }));
  router.use(createReportRouter({ organizations, surveys, reports }));
  router.use(createSurveyImportRouter(services));
  router.use(createPeopleRouter({ organizations, people: services.people, units }));
  router.use(
    createSurveyMailRouter({
      organizations,
      surveys,
      units,
      surveySchedule: services.surveySchedule,
      emailInvitations: services.emailInvitations,
    }),
  );
  router.use(createOutboxRouter({ outbox: services.outbox, smtpConfigured: Boolean(config.smtpUrl) }));
  router.use(createBenchmarkPoolRouter({ organizations, benchmarkPool: services.benchmarkPool }));
  router.use(createInstrumentRouter({ instruments: services.instruments, organizations }));
  router.use(createInstrumentEditorRouter({ instruments: services.instruments }));
  router.use(createBenchmarkRouter({ benchmarks }));
  router.use(createBenchmarkPositionRouter({ organizations, benchmarkPool: services.benchmarkPool }));
  router.use(createGlossaryRouter());
  router.use(csrfErrorHandler);
  return router;
}
