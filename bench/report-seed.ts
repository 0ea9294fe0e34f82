/**
 * Seeds a database for the report benchmark (bench/report-size.ts): the demo organization's four
 * departments and twelve teams, the default instrument, one open survey and `n` synthetic responses
 * (server/demo/synthetic-responses.ts), all in one release, as in a survey whose report has been read
 * before. About 2 % carry a quality flag (counted, left out of the figures) and 1 % a comment.
 *
 * Responses are generated 20,000 at a time (seed + chunk number), so seeding a million never holds a
 * million answer objects; each chunk draws its own team effects, which changes nothing a benchmark
 * measures. Rows go in 400 per INSERT (knex writes a multi-row INSERT on SQLite as a compound SELECT,
 * at most 500 terms), in one transaction.
 */
import type { Knex } from 'knex';
import { answerCodes } from '../server/data/answer-columns.js';
import { ensureInstrument } from '../server/data/instruments.js';
import { insertOrganization } from '../server/data/organizations.js';
import { insertSurvey } from '../server/data/surveys.js';
import { insertUnit } from '../server/data/units.js';
import { insertedId } from '../server/data/values.js';
import { DEMO_BOTTLENECK, DEMO_DEPARTMENTS, DEMO_WORKFLOWS } from '../server/demo/demo-organization.js';
import { generateResponses } from '../server/demo/synthetic-responses.js';
import { instrumentItemIds, loadDefaultInstrument } from '../server/instruments/load.js';

const CHUNK = 20_000;
const ROWS_PER_INSERT = 400;

/** Stores the benchmark survey with `n` released responses; resolves to the survey's id. */
export async function seedReportSurvey(db: Knex, n: number, seed = 7): Promise<number> {
  const instrument = loadDefaultInstrument();
  const itemIds = instrumentItemIds(instrument);
  const organizationId = await insertOrganization(db, { name: 'Bench Company', slug: 'bench' });
  const teamIds = new Map<string, number>();
  for (const [department, teams] of Object.entries(DEMO_DEPARTMENTS)) {
    const parentId = await insertUnit(db, { organizationId, parentId: null, name: department, kind: 'department' });
    for (const team of teams)
      teamIds.set(team, await insertUnit(db, { organizationId, parentId, name: team, kind: 'team' }));
  }
  const surveyId = await insertSurvey(db, {
    organizationId,
    instrumentId: await ensureInstrument(db, instrument),
    title: 'Bench wave',
    status: 'open',
    workflows: DEMO_WORKFLOWS,
  });
  await db.transaction(async (trx) => {
    const releaseId = insertedId(
      await trx('report_releases')
        .insert({ survey_id: surveyId, released_on: '2026-11-20', responses: n })
        .returning('id'),
    );
    for (let start = 0, chunk = 0; start < n; start += CHUNK, chunk++) {
      const rows = generateResponses(instrument, {
        n: Math.min(CHUNK, n - start),
        units: [...teamIds.keys()],
        workflows: DEMO_WORKFLOWS,
        seed: seed + chunk,
        bottleneck: DEMO_BOTTLENECK,
      });
      for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
        await trx('responses').insert(
          rows.slice(at, at + ROWS_PER_INSERT).map((r, k) => {
            const i = start + at + k;
            return {
              survey_id: surveyId,
              release_id: releaseId,
              unit_id: teamIds.get(r.unit)!,
              workflow: r.workflow,
              role_level: r.roleLevel,
              submitted_on: '2026-11-20',
              answers: JSON.stringify(r.answers),
              answer_codes: answerCodes(itemIds, r.answers),
              comment: i % 100 === 3 ? `Comment ${i}` : null,
              quality_flag: i % 50 === 11 ? 'straightline' : null,
            };
          }),
        );
      }
    }
  });
  return surveyId;
}
