/**
 * The benchmark pool service on SQLite and PostgreSQL: consent is given and withdrawn by admins only,
 * recorded with who and when, and a withdrawn member leaves the pool at once; a client is placed only
 * among at least 5 qualifying members (same instrument version, latest wave, above their own
 * threshold, the client itself left out), and each placed figure's rank is the mid-rank of the
 * client's value among the members' report values (recomputed here from the reports).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positionFigures } from '../../analysis/benchmarks/report-figures.js';
import type { FullReport } from '../../analysis/report/report.js';
import { findOrganizationById } from '../../server/data/organizations.js';
import { findSurveyById } from '../../server/data/surveys.js';
import { ForbiddenError } from '../../server/errors.js';
import { createBenchmarkPoolService, type BenchmarkPoolService } from '../../server/services/benchmark-pool.js';
import { createReportService, type ReportService } from '../../server/services/reports.js';
import { createUserService, type StaffUser } from '../../server/services/users.js';
import { arrangeClientOrg, arrangePoolMembers, type ClientOrg } from '../helpers/benchmark-pool.js';
import { testDatabases, type TestDb } from '../helpers/db.js';

const DAY = new Date('2026-12-02T09:00:00Z');

describe.each(testDatabases())('benchmark pool service on $name', ({ create }) => {
  let t: TestDb;
  let reports: ReportService;
  let pool: BenchmarkPoolService;
  let admin: StaffUser;
  let consultant: StaffUser;
  let client: ClientOrg;
  let members: ClientOrg[];

  async function fullReport(surveyId: number): Promise<FullReport> {
    const { report } = await reports.forSurvey((await findSurveyById(t.db, surveyId))!);
    if (report.status !== 'ok') throw new Error(`survey ${surveyId} is suppressed`);
    return report;
  }
  const clientOrg = async () => (await findOrganizationById(t.db, client.organizationId))!;

  beforeAll(async () => {
    t = await create();
    reports = createReportService({ db: t.db, bootstrap: { B: 40, seed: 1, level: 0.95 } });
    pool = createBenchmarkPoolService({ db: t.db, reports, clock: () => DAY });
    const users = createUserService({ db: t.db });
    admin = await users.create({ email: 'admin@example.com', password: 'long enough password', role: 'admin' });
    consultant = await users.create({ email: 'c@example.com', password: 'long enough password', role: 'consultant' });
    client = await arrangeClientOrg(t.db, { slug: 'client', name: 'The Client', responses: 60, seed: 7 });
    members = await arrangePoolMembers(t.db, (id) => pool.join(admin, id), 4);
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('records an admin’s consent with who and when, refuses a consultant, and keeps the history through a withdrawal', async () => {
    await expect(pool.join(consultant, client.organizationId)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await pool.join(admin, client.organizationId)).toBe(true);
    expect(await pool.join(admin, client.organizationId)).toBe(false);
    const joined = await pool.consentOf(client.organizationId);
    expect(joined.standing).toMatchObject({ joinedBy: 'admin@example.com', joinedAt: DAY, withdrawnAt: null });
    expect((await pool.memberIds()).has(client.organizationId)).toBe(true);
    await expect(pool.withdraw(consultant, client.organizationId)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await pool.withdraw(admin, client.organizationId)).toBe(true);
    expect(await pool.withdraw(admin, client.organizationId)).toBe(false);
    const after = await pool.consentOf(client.organizationId);
    expect(after.standing).toBeNull();
    expect(after.history).toHaveLength(1);
    expect(after.history[0]).toMatchObject({ withdrawnBy: 'admin@example.com', withdrawnAt: DAY });
    expect((await pool.memberIds()).has(client.organizationId)).toBe(false);
  });

  it('places nothing with 4 qualifying members, and says how many there are', async () => {
    const position = await pool.positionOf(await clientOrg(), null);
    expect(position).toMatchObject({ status: 'too-few', qualifying: 4, figures: [] });
  });

  it('does not count a member below its threshold, one that withdrew, or one on another instrument version', async () => {
    const small = await arrangeClientOrg(t.db, { slug: 'small', responses: 3, seed: 9 });
    await pool.join(admin, small.organizationId);
    const gone = await arrangeClientOrg(t.db, { slug: 'gone', responses: 50, seed: 10 });
    await pool.join(admin, gone.organizationId);
    await pool.withdraw(admin, gone.organizationId);
    const other = await arrangeClientOrg(t.db, { slug: 'other', responses: 50, seed: 12 });
    const otherInstrument = await t
      .db('instruments')
      .insert({
        key: 'other',
        version: 1,
        title: 'Other',
        definition: (await t.db('instruments').first('definition')).definition,
      })
      .returning('id');
    const otherId = Number((otherInstrument[0] as { id?: number }).id ?? otherInstrument[0]);
    await t.db('surveys').where({ id: other.surveyId }).update({ instrument_id: otherId });
    await pool.join(admin, other.organizationId);
    expect((await pool.positionOf(await clientOrg(), null)).status).toBe('too-few');
    expect(await pool.positionOf(await clientOrg(), null)).toMatchObject({ qualifying: 4 });
  });

  it('places the client among 6 members: each rank is the mid-rank among the members’ own report values', async () => {
    for (const slug of ['pool-5', 'pool-6']) {
      const m = await arrangeClientOrg(t.db, { slug, name: slug, responses: 55, seed: 200 + Number(slug.at(-1)) });
      await pool.join(admin, m.organizationId);
      members.push(m);
    }
    const position = await pool.positionOf(await clientOrg(), null);
    if (position.status !== 'placed') throw new Error(`expected a placement, got ${position.status}`);
    expect(position.qualifying).toBe(6);
    expect(position.wave).toMatchObject({ id: client.surveyId });
    expect(position.chosen).toBe(false);
    const memberFigures = await Promise.all(members.map(async (m) => positionFigures(await fullReport(m.surveyId))));
    const clientFigures = positionFigures(await fullReport(client.surveyId));
    expect(position.figures.map((f) => f.key)).toEqual(clientFigures.map((f) => f.key));
    const scale = position.figures.find((f) => f.key.startsWith('scale:'))!;
    if (scale.status !== 'placed') throw new Error('the scale mean should be placed');
    const values = memberFigures.map((fs) => fs.find((f) => f.key === scale.key)!.value);
    const below = values.filter((v) => v < scale.value).length;
    const equal = values.filter((v) => v === scale.value).length;
    expect(scale.percentile).toBeCloseTo((100 * (below + equal / 2)) / 6, 12);
    expect(scale.pool.count).toBe(6);
    expect(['above', 'below', 'unclear']).toContain(scale.verdict);
    // Only quartiles and ranks: no member's name or id travels with the position.
    const text = JSON.stringify(position);
    for (const m of members) expect(text).not.toContain(m.slug);
  });

  it('compares a chosen earlier wave, and says it was chosen', async () => {
    const position = await pool.positionOf(await clientOrg(), client.surveyId);
    expect(position).toMatchObject({ status: 'placed', chosen: true, wave: { id: client.surveyId } });
    // A wave of another organization is not the client's: the default is used.
    const foreign = await pool.positionOf(await clientOrg(), members[0].surveyId);
    expect(foreign).toMatchObject({ chosen: false, wave: { id: client.surveyId } });
  });
});
