/**
 * server/data/surveys.ts latestSurveysWithResponses (the benchmarks' survey per organization): newest
 * open or closed survey that has a response, per requested organization, read in one query.
 */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureInstrument } from '../../server/data/instruments.js';
import { insertOrganization } from '../../server/data/organizations.js';
import { insertResponse } from '../../server/data/responses.js';
import { insertSurvey, latestSurveysWithResponses, type NewSurvey } from '../../server/data/surveys.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

describe.each(testDatabases())('latestSurveysWithResponses on $name', ({ create }) => {
  let t: TestDb;
  let instrumentId: number;
  beforeEach(async () => {
    t = await create();
    instrumentId = await ensureInstrument(t.db, loadDefaultInstrument());
  });
  afterEach(async () => {
    await t.destroy();
  });

  /** A survey created at `createdAt` ('YYYY-MM-DD HH:MM:SS', the column default's format) with `responses` responses. */
  async function survey(organizationId: number, createdAt: string, responses: number, extra: Partial<NewSurvey> = {}): Promise<number> {
    const id = await insertSurvey(t.db, { organizationId, instrumentId, title: `Wave ${createdAt}`, status: 'closed', ...extra });
    await t.db('surveys').where({ id }).update({ created_at: createdAt });
    for (let i = 0; i < responses; i++) {
      await insertResponse(t.db, { surveyId: id, unitId: null, workflow: null, roleLevel: null, submittedOn: '2026-11-20', answers: { q: 3 }, comment: null }, ['q']);
    }
    return id;
  }

  async function countQueries<T>(db: Knex, run: () => Promise<T>): Promise<{ result: T; queries: number }> {
    let queries = 0;
    const listener = () => { queries++; };
    db.on('query', listener);
    try {
      return { result: await run(), queries };
    } finally {
      db.removeListener('query', listener);
    }
  }

  it('picks per organization the newest open or closed survey with responses, in one query', async () => {
    const org = (slug: string) => insertOrganization(t.db, { name: slug, slug });
    const [alpha, beta, gamma, delta, unlisted] = [await org('alpha'), await org('beta'), await org('gamma'), await org('delta'), await org('unlisted')];
    // alpha: the later-created survey wins even though its id is lower; a newer draft and a newer survey without responses do not count.
    const alphaNewer = await survey(alpha, '2026-03-01 09:00:00', 2);
    await survey(alpha, '2026-02-01 09:00:00', 1, { status: 'open' });
    await survey(alpha, '2026-04-01 09:00:00', 1, { status: 'draft' });
    await survey(alpha, '2026-05-01 09:00:00', 0);
    // beta: two surveys created in the same second; the higher id wins.
    await survey(beta, '2026-03-01 09:00:00', 1);
    const betaHigherId = await survey(beta, '2026-03-01 09:00:00', 1, { status: 'open' });
    // gamma: no survey with responses; unlisted: not asked for.
    await survey(gamma, '2026-03-01 09:00:00', 0, { status: 'open' });
    await survey(unlisted, '2026-03-01 09:00:00', 3);

    const { result, queries } = await countQueries(t.db, () => latestSurveysWithResponses(t.db, [alpha, beta, gamma, delta]));

    expect(queries).toBe(1);
    expect([...result.keys()].sort((a, b) => a - b)).toEqual([alpha, beta]);
    expect(result.get(alpha)).toMatchObject({ id: alphaNewer, organizationId: alpha, status: 'closed', instrumentId, workflows: [] });
    expect(result.get(beta)).toMatchObject({ id: betaHigherId, organizationId: beta, status: 'open' });
  });

  it('answers an empty list without a query', async () => {
    const { result, queries } = await countQueries(t.db, () => latestSurveysWithResponses(t.db, []));
    expect(result.size).toBe(0);
    expect(queries).toBe(0);
  });
});
