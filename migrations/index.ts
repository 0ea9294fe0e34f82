/**
 * Every migration, in order, imported statically so they run the same under tsx, vitest and compiled JS
 * (knex's directory loader cannot import TypeScript under vitest). Append new migrations at the end;
 * `name` is the file name without extension and is what knex records in knex_migrations.
 */
import type { Knex } from 'knex';
import * as createOrganizations from './202611291500_create_organizations.js';
import * as createUnits from './202611291505_create_units.js';
import * as createInstruments from './202611291510_create_instruments.js';
import * as createSurveys from './202611291515_create_surveys.js';
import * as createInvitations from './202611291520_create_invitations.js';
import * as createResponses from './202611291525_create_responses.js';
import * as createUsers from './202611291600_create_users.js';
import * as createSessions from './202611291601_create_sessions.js';
import * as createUserOrganizations from './202611291602_create_user_organizations.js';
import * as addAnswerCodesToResponses from './202611291700_add_answer_codes_to_responses.js';
import * as createReportReleases from './202612020900_create_report_releases.js';
import * as addReleaseIdToResponses from './202612020905_add_release_id_to_responses.js';
import * as addQualityFlagToResponses from './202612020910_add_quality_flag_to_responses.js';
import * as addHeadcountToUnits from './202612021000_add_headcount_to_units.js';
import * as createAuditEvents from './202612021005_create_audit_events.js';
import * as createReportSnapshots from './202612021100_create_report_snapshots.js';
import * as createRateLimits from './202612021105_create_rate_limits.js';
import * as createPeople from './202612021200_create_people.js';
import * as createOutbox from './202612021205_create_outbox.js';
import * as createSurveyRecipients from './202612021210_create_survey_recipients.js';
import * as createSurveyMailPlans from './202612021215_create_survey_mail_plans.js';
import * as createSurveyReminders from './202612021220_create_survey_reminders.js';
import * as createPasswordResets from './202612021225_create_password_resets.js';
import * as addArchivedAtToUnits from './202612021300_add_archived_at_to_units.js';
import * as addDeactivatedAtToUsers from './202612021305_add_deactivated_at_to_users.js';
import * as allowAccountEventsInAuditEvents from './202612021310_allow_account_events_in_audit_events.js';
import * as createRedesignPlans from './202612021400_create_redesign_plans.js';
import * as createPlanNotes from './202612021405_create_plan_notes.js';
import * as createPlanMetricValues from './202612021410_create_plan_metric_values.js';
import * as addSurveyOrderIndexToResponses from './202612021500_add_survey_order_index_to_responses.js';
import * as addLanguageAndDemographicsToResponses from './202612021600_add_language_and_demographics_to_responses.js';
import * as addOwnerAndStatusToInstruments from './202612021700_add_owner_and_status_to_instruments.js';
import * as createResponseImports from './202612021900_create_response_imports.js';
import * as createImportMappings from './202612021905_create_import_mappings.js';
import * as createApiTokens from './202612022000_create_api_tokens.js';
import * as createBenchmarkPoolMembers from './202612022100_create_benchmark_pool_members.js';

export interface NamedMigration {
  readonly name: string;
  readonly migration: Knex.Migration;
}

export const migrations: readonly NamedMigration[] = [
  { name: '202611291500_create_organizations', migration: createOrganizations },
  { name: '202611291505_create_units', migration: createUnits },
  { name: '202611291510_create_instruments', migration: createInstruments },
  { name: '202611291515_create_surveys', migration: createSurveys },
  { name: '202611291520_create_invitations', migration: createInvitations },
  { name: '202611291525_create_responses', migration: createResponses },
  { name: '202611291600_create_users', migration: createUsers },
  { name: '202611291601_create_sessions', migration: createSessions },
  { name: '202611291602_create_user_organizations', migration: createUserOrganizations },
  { name: '202611291700_add_answer_codes_to_responses', migration: addAnswerCodesToResponses },
  { name: '202612020900_create_report_releases', migration: createReportReleases },
  { name: '202612020905_add_release_id_to_responses', migration: addReleaseIdToResponses },
  { name: '202612020910_add_quality_flag_to_responses', migration: addQualityFlagToResponses },
  { name: '202612021000_add_headcount_to_units', migration: addHeadcountToUnits },
  { name: '202612021005_create_audit_events', migration: createAuditEvents },
  { name: '202612021100_create_report_snapshots', migration: createReportSnapshots },
  { name: '202612021105_create_rate_limits', migration: createRateLimits },
  { name: '202612021200_create_people', migration: createPeople },
  { name: '202612021205_create_outbox', migration: createOutbox },
  { name: '202612021210_create_survey_recipients', migration: createSurveyRecipients },
  { name: '202612021215_create_survey_mail_plans', migration: createSurveyMailPlans },
  { name: '202612021220_create_survey_reminders', migration: createSurveyReminders },
  { name: '202612021225_create_password_resets', migration: createPasswordResets },
  { name: '202612021300_add_archived_at_to_units', migration: addArchivedAtToUnits },
  { name: '202612021305_add_deactivated_at_to_users', migration: addDeactivatedAtToUsers },
  { name: '202612021310_allow_account_events_in_audit_events', migration: allowAccountEventsInAuditEvents },
  { name: '202612021400_create_redesign_plans', migration: createRedesignPlans },
  { name: '202612021405_create_plan_notes', migration: createPlanNotes },
  { name: '202612021410_create_plan_metric_values', migration: createPlanMetricValues },
  { name: '202612021500_add_survey_order_index_to_responses', migration: addSurveyOrderIndexToResponses },
  { name: '202612021600_add_language_and_demographics_to_responses', migration: addLanguageAndDemographicsToResponses },
  { name: '202612021700_add_owner_and_status_to_instruments', migration: addOwnerAndStatusToInstruments },
  { name: '202612021900_create_response_imports', migration: createResponseImports },
  { name: '202612021905_create_import_mappings', migration: createImportMappings },
  { name: '202612022000_create_api_tokens', migration: createApiTokens },
  { name: '202612022100_create_benchmark_pool_members', migration: createBenchmarkPoolMembers },
];
