/**
 * The composition root of the use cases: `createServices` builds every service once per app from the
 * same database, configuration, clock, metrics and report cache. `createApp` takes the result; routes receive
 * services only, never the database. The report worker pool (services/report-pool.ts) is started by
 * server/main.ts with the app and passed in here, so its builds run off the event loop; without one
 * (tests, REPORT_WORKERS=0) reports build in-process.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { createSessionStore } from '../auth/session.js';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { loadDefaultInstrument } from '../instruments/load.js';
import { silentLogger, type Logger } from '../logger.js';
import { createMetrics, type Metrics } from '../metrics.js';
import { createAccountStatusService } from './account-status.js';
import { createApiTokenService } from './api-tokens.js';
import { createAuditLogService } from './audit-log.js';
import { createBenchmarkPoolService } from './benchmark-pool.js';
import { createBenchmarkService } from './benchmarks.js';
import { createEmailInvitations } from './email-invitations.js';
import { createFormTiming } from './form-timing.js';
import { createHealthService } from './health.js';
import { createImportJobs } from './import-jobs.js';
import { createImportMappingService } from './import-mappings.js';
import { createImportUploads } from './import-uploads.js';
import { createInstrumentService } from './instruments.js';
import { createInvitationService } from './invitations.js';
import { measuredBuilder } from './measured-builder.js';
import { createOrganizationService } from './organizations.js';
import { createOutboxService } from './outbox.js';
import { createPasswordResetService } from './password-resets.js';
import { createPeopleImportService } from './people-import.js';
import { createPlanEffectService } from './plan-effect.js';
import { createRateLimitCounters } from './rate-limits.js';
import { createRedesignPlanService } from './redesign-plans.js';
import { buildInProcess } from './report-build.js';
import type { ReportPool } from './report-pool.js';
import { createReportService, type ReportServiceOptions } from './reports.js';
import { createResponseExportService } from './response-export.js';
import { createResponseService } from './responses.js';
import { createScheduler } from './scheduler.js';
import { createSurveyEditService } from './survey-edits.js';
import { createSurveyForms } from './survey-forms.js';
import { createSurveyImportService } from './survey-import.js';
import { createSurveyLookup } from './survey-lookup.js';
import { createSurveyPlanService } from './survey-plan.js';
import { createSurveyScheduleService } from './survey-schedule.js';
import { createSurveyService } from './surveys.js';
import { createTrendService, type TrendOptions } from './trend.js';
import { createUnitEditService } from './unit-edits.js';
import { createUnitService } from './units.js';
import { createUserService } from './users.js';

export interface ServiceDeps {
  readonly db: Knex;
  readonly config: Pick<Config, 'baseUrl' | 'sessionSecret' | 'mailFrom'>;
  readonly clock?: Clock;
  /** Where services log (server/logger.ts): session-store cleanup errors, the probes. */
  readonly logger?: Logger;
  /** The app's metrics (server/metrics.ts); a fresh registry by default. */
  readonly metrics?: Metrics;
  /** The report worker pool, started with the app; reports build in-process without one. */
  readonly reportPool?: ReportPool | null;
  /** Report service options (tests shrink the bootstrap); the database and clock are always these. */
  readonly reports?: Omit<ReportServiceOptions, 'db' | 'clock'>;
  /** Trend options (tests shrink the bootstrap). */
  readonly trend?: Pick<TrendOptions, 'bootstrap'>;
  /** Where uploaded export files wait to be imported (services/import-uploads.ts); the OS temp folder by default. */
  readonly importDir?: string;
}

export function createServices({
  db,
  config,
  clock = systemClock,
  logger = silentLogger,
  metrics = createMetrics(),
  reportPool = null,
  reports: reportOptions = {},
  trend: trendOptions = {},
  importDir = join(tmpdir(), 'readiness-imports'),
}: ServiceDeps) {
  const organizations = createOrganizationService({ db, clock });
  // Every build is counted and timed, wherever it runs.
  const build = measuredBuilder(reportOptions.build ?? reportPool?.build ?? buildInProcess, metrics);
  // One report cache for the survey pages, the report pages and the benchmarks (which read every listed organization's latest survey).
  const reports = createReportService({ cacheSize: 64, ...reportOptions, build, db, clock, logger });
  // The respondent form carries its load time, signed with the session secret (services/form-timing.ts).
  const formTiming = createFormTiming({ secret: config.sessionSecret, clock });
  // New surveys use the default instrument; the new-survey page plans for it.
  const instrument = loadDefaultInstrument();
  // Every email is queued in the outbox, in the transaction of what caused it; main.ts starts the worker that sends it.
  const outbox = createOutboxService({ db, clock, mailFrom: config.mailFrom });
  const emailInvitations = createEmailInvitations({ db, clock, baseUrl: config.baseUrl, outbox });
  return {
    clock,
    metrics,
    // Probes (routes/health.ts)
    health: createHealthService({ db, logger }),
    // Respondents
    // The compiled respondent form per survey version (services/survey-forms.ts), kept for the app's life.
    surveyLookup: createSurveyLookup({ db, clock, forms: createSurveyForms({ db }) }),
    formTiming,
    responses: createResponseService({ db, clock, formTiming }),
    // Submission and sign-in rate-limit counters in the database, shared by every app server.
    rateLimits: createRateLimitCounters({ db, secret: config.sessionSecret, clock, logger }),
    // Staff
    sessionStore: createSessionStore(db, logger),
    users: createUserService({ db }),
    accounts: createAccountStatusService({ db, clock }),
    // Bearer tokens of the JSON API (/api/v1), stored hashed.
    apiTokens: createApiTokenService({ db, clock }),
    organizations,
    units: createUnitService({ db, clock }),
    unitEdits: createUnitEditService({ db, clock, reports }),
    surveys: createSurveyService({ db, instrument, clock }),
    // Custom instruments: drafts, versions, owners and sharing (services/instruments.ts).
    instruments: createInstrumentService({ db, defaultInstrument: instrument }),
    surveyEdits: createSurveyEditService({ db, clock }),
    surveyPlan: createSurveyPlanService({ instrument }),
    invitations: createInvitationService({ db, baseUrl: config.baseUrl, clock }),
    audit: createAuditLogService({ db }),
    reports,
    exports: createResponseExportService({ db, clock, reports }),
    trend: createTrendService({ ...trendOptions, db, reports }),
    benchmarks: createBenchmarkService({ db, organizations, reports }),
    // The opt-in benchmark pool: consent, and a client's place among the members (services/benchmark-pool.ts).
    benchmarkPool: createBenchmarkPoolService({ db, reports, clock }),
    // People, email and schedules
    people: createPeopleImportService({ db, clock }),
    outbox,
    emailInvitations,
    surveySchedule: createSurveyScheduleService({ db, clock }),
    // Ticked by main.ts in every app server (services/scheduler.ts); tests call tick() themselves.
    scheduler: createScheduler({ db, clock, emails: emailInvitations, logger }),
    passwordResets: createPasswordResetService({ db, clock, baseUrl: config.baseUrl, outbox }),
    // Redesign plans and their measured effect between waves (issue 15).
    plans: createRedesignPlanService({ db, clock }),
    planEffect: createPlanEffectService({ db, clock, bootstrap: reportOptions.bootstrap }),
    // Imports from other survey tools (issue 14): `imports.run(actor, surveyId, file, mapping, onProgress)`
    // is the one entry point for the pages, the CLI and an API route; mappings are saved per organization.
    imports: createSurveyImportService({ db, clock }),
    importMappings: createImportMappingService({ db, clock }),
    importUploads: createImportUploads({ dir: importDir }),
    importJobs: createImportJobs(),
  };
}

export type Services = ReturnType<typeof createServices>;
