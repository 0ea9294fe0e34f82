/**
 * Everything staff-facing, as one router for server/app.ts: sessions, form parsing, CSRF and the
 * signed-in user are set up here for the staff paths only (the respondent pages never load a session).
 * A session row is stored only once someone signs in: CSRF tokens live in a cookie, not the session.
 */
import cookieParser from 'cookie-parser';
import express, { Router } from 'express';
import type { Knex } from 'knex';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { createCsrfProtection, csrfErrorHandler } from '../../auth/csrf.js';
import { loadUser, requireUser } from '../../auth/require-user.js';
import { createSessionMiddleware } from '../../auth/session.js';
import { rejectNulInBody } from '../../middleware/nul-bytes.js';
import { loadDefaultInstrument } from '../../instruments/load.js';
import { createAuditLogService } from '../../services/audit-log.js';
import { createBenchmarkService } from '../../services/benchmarks.js';
import { createInvitationService } from '../../services/invitations.js';
import { createOrganizationService } from '../../services/organizations.js';
import { createReportService } from '../../services/reports.js';
import { createSurveyService } from '../../services/surveys.js';
import { createUnitService } from '../../services/units.js';
import { createUserService } from '../../services/users.js';
import { createAuthRouter } from './auth.js';
import { createBenchmarkRouter } from './benchmarks.js';
import { createOrganizationRouter } from './organizations.js';
import { createReportRouter } from './reports.js';
import { createSurveyRouter } from './surveys.js';
import { createUserAdminRouter } from './users.js';

/** URL prefixes served by the staff router. */
export const STAFF_PATHS = ['/setup', '/signin', '/signout', '/account', '/orgs', '/users', '/benchmarks', '/benchmarks.csv'];

export function createStaffRouter({ db, config, clock }: { db: Knex; config: Config; clock: Clock }): Router {
  const users = createUserService({ db });
  const organizations = createOrganizationService({ db });
  const units = createUnitService({ db, clock });
  const surveys = createSurveyService({ db, instrument: loadDefaultInstrument(), clock });
  const invitations = createInvitationService({ db, baseUrl: config.baseUrl, clock });

  const plumbing = [
    createSessionMiddleware({ db, secret: config.sessionSecret, baseUrl: config.baseUrl }),
    express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 2000 }),
    cookieParser(),
    createCsrfProtection({ secret: config.sessionSecret, secure: config.baseUrl.startsWith('https://') }),
    rejectNulInBody,
    loadUser(users),
  ];

  const router = Router();
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

  router.use(createAuthRouter({ users }));
  router.use(['/orgs', '/users'], requireUser);
  router.use(createUserAdminRouter({ users, organizations }));
  router.use(createOrganizationRouter({ organizations, units, surveys, audit: createAuditLogService({ db }) }));
  // One report cache for the survey pages, the report pages and the benchmarks (which read every listed organization's latest survey).
  const reports = createReportService({ db, clock, cacheSize: 64 });
  router.use(createSurveyRouter({ organizations, units, surveys, invitations, reports, baseUrl: config.baseUrl, clock }));
  router.use(createReportRouter({ organizations, surveys, reports }));
  router.use(createBenchmarkRouter({ benchmarks: createBenchmarkService({ db, organizations, reports }) }));
  router.use(csrfErrorHandler);
  return router;
}
