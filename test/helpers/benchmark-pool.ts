/**
 * Arranges client organizations for the benchmark-pool tests through the real data layer: each one
 * organization with one team and one closed survey of the default instrument, `responses` synthetic
 * responses from the demo generator (stated model, seeded), and optionally the pool consent of an admin.
 */
import type { Knex } from 'knex';
import { ensureInstrument } from '../../server/data/instruments.js';
import { insertOrganization } from '../../server/data/organizations.js';
import { insertSurvey } from '../../server/data/surveys.js';
import { insertUnit } from '../../server/data/units.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { insertResponses } from './report-survey.js';

export interface ClientOrg {
  readonly organizationId: number;
  readonly slug: string;
  readonly surveyId: number;
}

export interface ClientOrgOptions {
  readonly slug: string;
  readonly name?: string;
  readonly responses: number;
  readonly seed?: number;
  readonly threshold?: number;
  readonly industry?: string | null;
  readonly title?: string;
}

/** One organization with one closed survey of `responses` responses (none when 0). */
export async function arrangeClientOrg(db: Knex, options: ClientOrgOptions): Promise<ClientOrg> {
  const { slug, responses, seed = 1, threshold = 5 } = options;
  const instrument = loadDefaultInstrument();
  const organizationId = await insertOrganization(db, {
    name: options.name ?? `Client ${slug}`,
    slug,
    industry: options.industry ?? null,
    sizeBand: null,
  });
  const unitId = await insertUnit(db, { organizationId, parentId: null, name: 'Everyone', kind: 'team' });
  const surveyId = await insertSurvey(db, {
    organizationId,
    instrumentId: await ensureInstrument(db, instrument),
    title: options.title ?? `Wave 1 of ${slug}`,
    status: 'closed',
    anonymityThreshold: threshold,
    workflows: ['Claims triage', 'Renewals'],
  });
  if (responses > 0)
    await insertResponses(
      db,
      surveyId,
      unitId,
      generateResponses(instrument, {
        n: responses,
        units: ['Everyone'],
        workflows: ['Claims triage', 'Renewals'],
        seed,
      }),
    );
  return { organizationId, slug, surveyId };
}

/**
 * `count` pool members (slugs pool-1 … pool-N, names "Pool member N"), each with `responses`
 * responses (varied by seed), joined to the pool through `join` (the pool service's, with an admin).
 */
export async function arrangePoolMembers(
  db: Knex,
  join: (organizationId: number) => Promise<unknown>,
  count: number,
  responses = 40,
): Promise<ClientOrg[]> {
  const members: ClientOrg[] = [];
  for (let i = 1; i <= count; i++) {
    const member = await arrangeClientOrg(db, {
      slug: `pool-${i}`,
      name: `Pool member ${i}`,
      responses: responses + 3 * i,
      seed: 100 + i,
    });
    await join(member.organizationId);
    members.push(member);
  }
  return members;
}
