/**
 * The composition root of the use cases: `createServices` builds every service once per app from the
 * same database, configuration, clock and report cache. `createApp` takes the result; routes receive
 * services only, never the database.
 */
import type { Knex } from 'knex';
import { createSessionStore } from '../auth/session.js';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { loadDefaultInstrument } from '../instruments/load.js';
import { silentLogger, type Logger } from '../logger.js';
import { createAccountStatusService } from './account-status.js';
import { createAuditLogService } from './audit-log.js';
import { createBenchmarkService } from './benchmarks.js';
import { createFormTiming } from './form-timing.js';
import { createHealthService } from './health.js';
import { createInvitationService } from './invitations.js';
import { createOrganizationService } from './organizations.js';
import { createReportService, type ReportServiceOptions } from './reports.js';
import { createResponseExportService } from './response-export.js';
import { createResponseService } from './responses.js';
import { createSurveyEditService } from './survey-edits.js';
import { createSurveyForms } from './survey-forms.js';
import { createSurveyLookup } from './survey-lookup.js';
import { createSurveyService } from './surveys.js';
import { createTrendService, type TrendOptions } from './trend.js';
import { createUnitEditService } from './unit-edits.js';
import { createUnitService } from './units.js';
import { createUserService } from './users.js';

export interface ServiceDeps {
  readonly db: Knex;
  readonly config: Pick<Config, 'baseUrl' | 'sessionSecret'>;
  readonly clock?: Clock;
  /** Where services log (server/logger.ts): session-store cleanup errors, the report worker's fallback. */
  readonly logger?: Logger;
  /** Report service options (tests shrink the bootstrap); the database and clock are always these. */
  readonly reports?: Omit<ReportServiceOptions, 'db' | 'clock' | 'logger'>;
  /** Trend options (tests shrink the bootstrap). */
  readonly trend?: Pick<TrendOptions, 'bootstrap'>;
}

export function createServices({
  db,
  config,
  clock = systemClock,
  logger = silentLogger,
  reports: reportOptions = {},
  trend: trendOptions = {},
}: ServiceDeps) {
  const organizations = createOrganizationService({ db, clock });
  // One report cache for the survey pages, the report pages and the benchmarks (which read every listed organization's latest survey).
  const reports = createReportService({ cacheSize: 64, ...reportOptions, db, clock, logger });
  // The respondent form carries its load time, signed with the session secret (services/form-timing.ts).
  const formTiming = createFormTiming({ secret: config.sessionSecret, clock });
  return {
    clock,
    // Probes (routes/health.ts)
    health: createHealthService({ db, logger }),
    // Respondents
    // The compiled respondent form per survey version (services/survey-forms.ts), kept for the app's life.
    surveyLookup: createSurveyLookup({ db, clock, forms: createSurveyForms({ db }) }),
    formTiming,
    responses: createResponseService({ db, clock, formTiming }),
    // Staff
    sessionStore: createSessionStore(db, logger),
    users: createUserService({ db }),
    accounts: createAccountStatusService({ db, clock }),
    organizations,
    units: createUnitService({ db, clock }),
    unitEdits: createUnitEditService({ db, clock, reports }),
    surveys: createSurveyService({ db, instrument: loadDefaultInstrument(), clock }),
    surveyEdits: createSurveyEditService({ db, clock }),
    invitations: createInvitationService({ db, baseUrl: config.baseUrl, clock }),
    audit: createAuditLogService({ db }),
    reports,
    exports: createResponseExportService({ db, clock, reports }),
    trend: createTrendService({ ...trendOptions, db, reports }),
    benchmarks: createBenchmarkService({ db, organizations, reports }),
  };
}

export type Services = ReturnType<typeof createServices>;
