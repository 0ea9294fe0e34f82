/**
 * Arranges organizations for the benchmark tests through the real data layer (each from
 * test/helpers/report-survey.ts: the demo generator's stated model, seeded):
 * - alpha (Insurance, 250-999), beta (Insurance, 1000-4999), gamma (Retail, 250-999): full reports;
 * - tiny (Insurance, 250-999): an older survey with a full report, then a newer one with only 3
 *   responses at threshold 5, so its benchmark entry must be suppressed (and the older one unused);
 * - empty (Retail, 5000+): a draft survey and no responses.
 */
import type { Knex } from 'knex';
import { ensureInstrument } from '../../server/data/instruments.js';
import { insertOrganization } from '../../server/data/organizations.js';
import { insertSurvey } from '../../server/data/surveys.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { arrangeReportSurvey, insertResponses } from './report-survey.js';

export const TINY_RESPONSES = 3;

export interface BenchmarkOrgs {
  /** Organization id by slug. */
  readonly ids: Readonly<Record<'alpha' | 'beta' | 'gamma' | 'tiny' | 'empty', number>>;
  /** The survey each organization's entry should come from (tiny: the suppressed newer one). */
  readonly latestSurvey: Readonly<Record<'alpha' | 'beta' | 'gamma' | 'tiny', number>>;
  /** tiny's older survey, with a full report that must not be shown. */
  readonly tinyOlderSurvey: number;
}

async function describeOrg(db: Knex, id: number, name: string, industry: string, sizeBand: string): Promise<void> {
  await db('organizations').where({ id }).update({ name, industry, size_band: sizeBand });
}

export async function arrangeBenchmarkOrgs(db: Knex): Promise<BenchmarkOrgs> {
  const instrument = loadDefaultInstrument();
  const alpha = await arrangeReportSurvey(db, { slug: 'alpha', perTeam: 40, seed: 11 });
  const beta = await arrangeReportSurvey(db, { slug: 'beta', perTeam: 30, seed: 12 });
  const gamma = await arrangeReportSurvey(db, { slug: 'gamma', perTeam: 35, seed: 13 });
  const tiny = await arrangeReportSurvey(db, { slug: 'tiny', perTeam: 30, seed: 14 });
  await describeOrg(db, alpha.organizationId, 'Alpha Assurance', 'Insurance', '250-999');
  await describeOrg(db, beta.organizationId, 'Beta Mutual', 'Insurance', '1000-4999');
  await describeOrg(db, gamma.organizationId, 'Gamma Retail', 'Retail', '250-999');
  await describeOrg(db, tiny.organizationId, 'Tiny Brokers', 'Insurance', '250-999');
  const instrumentId = await ensureInstrument(db, instrument);
  const tinyLatest = await insertSurvey(db, {
    organizationId: tiny.organizationId,
    instrumentId,
    title: 'Tiny pulse',
    status: 'closed',
    anonymityThreshold: 5,
  });
  await insertResponses(
    db,
    tinyLatest,
    tiny.units.Claims,
    generateResponses(instrument, { n: TINY_RESPONSES, units: ['x'], workflows: ['w'], seed: 15 }),
  );
  const empty = await insertOrganization(db, {
    name: 'Empty Estates',
    slug: 'empty',
    industry: 'Retail',
    sizeBand: '5000+',
  });
  await insertSurvey(db, { organizationId: empty, instrumentId, title: 'Not yet opened', status: 'draft' });
  return {
    ids: {
      alpha: alpha.organizationId,
      beta: beta.organizationId,
      gamma: gamma.organizationId,
      tiny: tiny.organizationId,
      empty,
    },
    latestSurvey: { alpha: alpha.surveyId, beta: beta.surveyId, gamma: gamma.surveyId, tiny: tinyLatest },
    tinyOlderSurvey: tiny.surveyId,
  };
}
