/**
 * Arranges a survey for report tests through the real data layer: an organization with one
 * department ("Operations") and three teams, synthetic responses from the demo generator (stated
 * model, seeded), and a "Night shift" team with only `small` responses, so its figures must be
 * suppressed at threshold 5.
 */
import type { Knex } from 'knex';
import { answerCodes } from '../../server/data/answer-columns.js';
import { ensureInstrument } from '../../server/data/instruments.js';
import { insertOrganization } from '../../server/data/organizations.js';
import { cutRelease } from '../../server/data/report-releases.js';
import { insertSurvey } from '../../server/data/surveys.js';
import { insertUnit } from '../../server/data/units.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { instrumentItemIds, loadDefaultInstrument } from '../../server/instruments/load.js';

export const SMALL_TEAM = 'Night shift';

export interface ReportSurvey {
  readonly organizationId: number;
  readonly slug: string;
  readonly surveyId: number;
  readonly units: Readonly<Record<string, number>>;
  /** Answers stored for the small team, to check that nothing computed from them is shown. */
  readonly smallTeamAnswers: readonly Readonly<Record<string, number>>[];
}

/** Inserts one response per answer set for `unitId` (batched), with answer codes for the default instrument (as the app stores them). */
export async function insertResponses(
  db: Knex,
  surveyId: number,
  unitId: number | null,
  rows: readonly { answers: Record<string, number>; workflow: string }[],
  day = '2026-11-20',
): Promise<void> {
  const itemIds = instrumentItemIds(loadDefaultInstrument());
  const records = rows.map((r) => ({
    survey_id: surveyId,
    unit_id: unitId,
    workflow: r.workflow,
    role_level: null,
    submitted_on: day,
    answers: JSON.stringify(r.answers),
    answer_codes: answerCodes(itemIds, r.answers),
    comment: null,
  }));
  for (let i = 0; i < records.length; i += 50) await db('responses').insert(records.slice(i, i + 50));
}

export async function arrangeReportSurvey(
  db: Knex,
  options: { slug: string; perTeam?: number; small?: number; seed?: number },
): Promise<ReportSurvey> {
  const { slug, perTeam = 40, small = 3, seed = 11 } = options;
  const instrument = loadDefaultInstrument();
  const organizationId = await insertOrganization(db, { name: `Org ${slug}`, slug });
  const department = await insertUnit(db, { organizationId, parentId: null, name: 'Operations', kind: 'department' });
  const units: Record<string, number> = { Operations: department };
  for (const name of ['Claims', 'Underwriting', SMALL_TEAM])
    units[name] = await insertUnit(db, { organizationId, parentId: department, name, kind: 'team' });
  const instrumentId = await ensureInstrument(db, instrument);
  const surveyId = await insertSurvey(db, {
    organizationId,
    instrumentId,
    title: `Survey of ${slug}`,
    status: 'open',
    anonymityThreshold: 5,
    workflows: ['Claims triage', 'Renewals'],
  });
  const teams = ['Claims', 'Underwriting', SMALL_TEAM];
  const generated = generateResponses(instrument, {
    n: 3 * perTeam,
    units: teams,
    workflows: ['Claims triage', 'Renewals'],
    seed,
  });
  const byTeam = (name: string, count: number) => generated.filter((r) => r.unit === name).slice(0, count);
  await insertResponses(db, surveyId, units.Claims, byTeam('Claims', perTeam));
  await insertResponses(db, surveyId, units.Underwriting, byTeam('Underwriting', perTeam));
  const smallRows = byTeam(SMALL_TEAM, small);
  if (smallRows.length !== small)
    throw new Error(`the generator gave ${smallRows.length} rows for ${SMALL_TEAM}, need ${small}`);
  await insertResponses(db, surveyId, units[SMALL_TEAM], smallRows, '2026-11-21');
  return { organizationId, slug, surveyId, units, smallTeamAnswers: smallRows.map((r) => r.answers) };
}

/** Puts every waiting response of the survey into one new report release (as a first release does), for tests that read released rows directly. */
export async function releaseAll(db: Knex, surveyId: number): Promise<void> {
  const ids: number[] = (
    await db('responses').where({ survey_id: surveyId }).whereNull('release_id').orderBy('id').pluck('id')
  ).map(Number);
  if (ids.length > 0) await cutRelease(db, surveyId, ids, '2026-11-30');
}
