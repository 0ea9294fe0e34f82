/**
 * Stores the demo: organization "demo" with its departments and teams, the default instrument, an open
 * survey at /s/demo and about 400 synthetic responses. Idempotent: when the demo survey already exists,
 * nothing is written and `created` is false.
 */
import type { Knex } from 'knex';
import { ensureInstrument } from '../data/instruments.js';
import { findOrganizationBySlug, insertOrganization } from '../data/organizations.js';
import { countResponses, insertResponses } from '../data/responses.js';
import { findSurveyByCode, insertSurvey } from '../data/surveys.js';
import { insertUnit, listUnits } from '../data/units.js';
import { instrumentItemIds, loadDefaultInstrument } from '../instruments/load.js';
import {
  DEMO_BOTTLENECK,
  DEMO_DEPARTMENTS,
  DEMO_ORGANIZATION,
  DEMO_SEED,
  DEMO_SURVEY,
  DEMO_TEAMS,
  DEMO_WORKFLOWS,
} from './demo-organization.js';
import { createPrng } from './prng.js';
import { generateResponses } from './synthetic-responses.js';

export interface SeedDemoOptions {
  /** Absolute base URL of the app, no trailing slash (Config.baseUrl). */
  readonly baseUrl: string;
  readonly seed?: number;
  /** "Today" for the submission days (defaults to the current date). */
  readonly now?: Date;
}

export interface SeedDemoResult {
  readonly organizationId: number;
  readonly surveyId: number;
  readonly surveyUrl: string;
  /** False when the demo survey was already there and nothing was written. */
  readonly created: boolean;
  /** Responses the demo survey holds now. */
  readonly responses: number;
}

/**
 * Creates the demo organization, units, instrument, survey and responses in one transaction, so a failure
 * leaves nothing half-made. Throws when a survey with the demo code exists in another organization.
 */
export async function seedDemo(db: Knex, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const surveyUrl = `${options.baseUrl.replace(/\/+$/, '')}/s/${DEMO_SURVEY.code}`;
  const existing = await findSurveyByCode(db, DEMO_SURVEY.code);
  if (existing) {
    const org = await findOrganizationBySlug(db, DEMO_ORGANIZATION.slug);
    if (!org || org.id !== existing.organizationId) {
      throw new Error(
        `A survey with code "${DEMO_SURVEY.code}" already exists outside the demo organization; rename its code or use another database for the demo.`,
      );
    }
    return {
      organizationId: org.id,
      surveyId: existing.id,
      surveyUrl,
      created: false,
      responses: await countResponses(db, existing.id),
    };
  }

  const instrument = loadDefaultInstrument();
  const seed = options.seed ?? DEMO_SEED;
  const rows = generateResponses(instrument, {
    n: DEMO_SURVEY.responses,
    units: DEMO_TEAMS,
    workflows: DEMO_WORKFLOWS,
    seed,
    bottleneck: DEMO_BOTTLENECK,
  });
  const days = submissionDays(rows.length, seed, options.now ?? new Date());

  return db.transaction(async (trx) => {
    const organizationId =
      (await findOrganizationBySlug(trx, DEMO_ORGANIZATION.slug))?.id ??
      (await insertOrganization(trx, DEMO_ORGANIZATION));
    const teamIds = await ensureUnits(trx, organizationId);
    const instrumentId = await ensureInstrument(trx, instrument);
    const surveyId = await insertSurvey(trx, {
      organizationId,
      instrumentId,
      code: DEMO_SURVEY.code,
      title: DEMO_SURVEY.title,
      status: 'open',
      // Open since the first submission day, so the survey page says when it opened.
      opensAt: new Date(`${[...days].sort()[0]}T00:00:00Z`),
      access: 'open',
      workflows: DEMO_WORKFLOWS,
    });
    const itemIds = instrumentItemIds(instrument);
    const responses = rows.map((row, i) => ({
      surveyId,
      unitId: teamIds.get(row.unit)!,
      workflow: row.workflow,
      roleLevel: row.roleLevel,
      submittedOn: days[i],
      answers: row.answers,
      comment: null,
    }));
    await insertResponses(trx, responses, itemIds);
    return { organizationId, surveyId, surveyUrl, created: true, responses: responses.length };
  });
}

/** Departments and their teams, creating whichever are missing; resolves to team name → unit id. */
async function ensureUnits(db: Knex, organizationId: number): Promise<Map<string, number>> {
  const existing = await listUnits(db, organizationId);
  const find = (name: string, parentId: number | null) =>
    existing.find((u) => u.name === name && u.parentId === parentId)?.id;
  const teams = new Map<string, number>();
  for (const [department, teamNames] of Object.entries(DEMO_DEPARTMENTS)) {
    const departmentId =
      find(department, null) ??
      (await insertUnit(db, { organizationId, parentId: null, name: department, kind: 'department' }));
    for (const team of teamNames) {
      teams.set(
        team,
        find(team, departmentId) ??
          (await insertUnit(db, { organizationId, parentId: departmentId, name: team, kind: 'team' })),
      );
    }
  }
  return teams;
}

/** One 'YYYY-MM-DD' per response, drawn uniformly over the last DEMO_SURVEY.spreadDays days up to `now` (UTC). */
function submissionDays(n: number, seed: number, now: Date): string[] {
  const rng = createPrng(seed ^ 0x5eed);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: n }, () =>
    new Date(today - rng.int(DEMO_SURVEY.spreadDays) * 86_400_000).toISOString().slice(0, 10),
  );
}
