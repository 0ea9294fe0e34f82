/**
 * Everything staff-facing, as one router for server/app.ts: sessions, form parsing, CSRF and the
 * signed-in user are set up here for the staff paths only (the respondent pages never load a session).
 * A session row is stored only once someone signs in: CSRF tokens live in a cookie, not the session.
 */
import cookieParser from 'cookie-parser';
import express, { Router } from 'express';
import { createCsrfProtection, csrfErrorHandler } from '../../auth/csrf.js';
import { loadUser, requireUser } from '../../auth/require-user.js';
import { createSessionMiddleware } from '../../auth/session.js';
import type { Config } from '../../config.js';
import { multipartForm } from '../../middleware/multipart-form.js';
import { rejectNulInBody } from '../../middleware/nul-bytes.js';
import type { Services } from '../../services/index.js';
import { createApiTokenRouter } from './api-tokens.js';
import { createAuthRouter } from './auth.js';
import { createBenchmarkRouter } from './benchmarks.js';
import { createGlossaryRouter } from './glossary.js';
import { createOrganizationEditRouter } from './organization-edits.js';
import { createOrganizationRouter } from './organizations.js';
import { createOutboxRouter } from './outbox.js';
import { createPasswordResetRouter } from './password-reset.js';
import { createPeopleRouter, MAX_UPLOAD_BYTES, PEOPLE_UPLOAD_PATHS } from './people.js';
import { createPlanRouter } from './plans.js';
import { createReportRouter } from './reports.js';
import { createSurveyEditRouter } from './survey-edits.js';
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
];

export function createStaffRouter({ services, config }: { services: Services; config: Config }): Router {
  const { users, accounts, organizations, units, unitEdits, surveys, surveyEdits, invitations, audit, reports } =
    services;
  const { exports, trend, benchmarks, surveyPlan, clock } = services;

  const plumbing = [
    createSessionMiddleware({ store: services.sessionStore, secret: config.sessionSecret, baseUrl: config.baseUrl }),
    express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 2000 }),
    cookieParser(),
    createCsrfProtection({ secret: config.sessionSecret, secure: config.baseUrl.startsWith('https://') }),
    rejectNulInBody,
    loadUser(users),
  ];

  const router = Router();
  // File uploads (people CSVs) are multipart: read before the rest of the plumbing, so CSRF sees their _csrf field.
  router.use(PEOPLE_UPLOAD_PATHS, multipartForm({ maxBytes: MAX_UPLOAD_BYTES }));
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
  router.use(['/orgs', '/users', '/outbox'], requireUser);
  router.use(createUserAdminRouter({ users, organizations, accounts, audit }));
  router.use(createOrganizationRouter({ organizations, units, surveys, audit }));
  router.use(createOrganizationEditRouter({ organizations, units, unitEdits }));
  const { baseUrl } = config;
  router.use(
    createStaffSurveyRouter({ organizations, units, surveys, invitations, reports, surveyPlan, baseUrl, clock }),
  );
  router.use(createSurveyEditRouter({ organizations, surveys, surveyEdits }));
  router.use(createSurveyResponseRouter({ organizations, surveys, units, reports, exports }));
  router.use(createTrendRouter({ organizations, surveys, trend }));
  router.use(
    createPlanRouter({ organizations, surveys, reports, plans: services.plans, planEffect: services.planEffect }),
  );
  router.use(createReportRouter({ organizations, surveys, reports }));
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
  router.use(createBenchmarkRouter({ benchmarks }));
  router.use(createGlossaryRouter());
  router.use(csrfErrorHandler);
  return router;
}
