/**
 * Report snapshots shared by several app servers on one database: two independent `createServices`
 * (on PostgreSQL each with its own connection pool) build a version once and read the same Report;
 * a claim left by a dead server is taken over once its lease expires, never before; a new release is
 * a new version built once, older ones pruned; a failed build leaves nothing claimed; a server waits
 * for a live claim at most `waitMs`; other code never serves a stored view.
 */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportInput } from '../../analysis/report/build-report.js';
import { loadConfig } from '../../server/config.js';
import { listSnapshots } from '../../server/data/report-snapshots.js';
import { findSurveyById, type Survey } from '../../server/data/surveys.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { ServiceUnavailableError } from '../../server/errors.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { createServices } from '../../server/services/index.js';
import { buildInProcess } from '../../server/services/report-build.js';
import type { ReportSnapshotOptions } from '../../server/services/report-snapshots.js';
import { secondConnection, testDatabases, type TestDb } from '../helpers/db.js';
import { arrangeReportSurvey, insertResponses, type ReportSurvey } from '../helpers/report-survey.js';

const config = loadConfig({});
const fast: ReportSnapshotOptions = { pollMs: { first: 2, max: 10 }, codeId: async () => 'code-1' };

/** An app server's services with a counting builder (the real buildReport, small bootstrap). */
function server(db: Knex, options: { clock?: () => Date; snapshots?: ReportSnapshotOptions; fail?: boolean } = {}) {
  const builds: ReportInput[] = [];
  const services = createServices({
    db,
    config,
    clock: options.clock,
    reports: {
      bootstrap: { B: 20, seed: 1, level: 0.95 },
      snapshots: options.snapshots ?? fast,
      build: async (input, method) => {
        builds.push(input);
        if (options.fail) throw new Error('the builder failed');
        return buildInProcess(input, method);
      },
    },
  });
  return { reports: services.reports, builds };
}

const fiveMore = (seed: number) =>
  generateResponses(loadDefaultInstrument(), { n: 5, units: ['x'], workflows: ['Claims triage'], seed });

describe.each(testDatabases())('report snapshots across app servers on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let other: { db: Knex; close(): Promise<void> };
  let a: ReportSurvey;
  let survey: Survey;
  beforeEach(async () => {
    t = await create();
    db = t.db;
    other = secondConnection(db);
    a = await arrangeReportSurvey(db, { slug: 'org-snap', perTeam: 20 });
    survey = (await findSurveyById(db, a.surveyId))!;
  });
  afterEach(async () => {
    await other.close();
    await t.destroy();
  });

  it('builds once for two servers asked at the same time, and both show the same Report, read back exactly', async () => {
    const one = server(db);
    const two = server(other.db);
    const [first, second] = await Promise.all([one.reports.forSurvey(survey), two.reports.forSurvey(survey)]);
    expect(one.builds.length + two.builds.length).toBe(1);
    const [built, read] = one.builds.length === 1 ? [first, second] : [second, first];
    expect(read.report).not.toBe(built.report);
    expect(read).toStrictEqual(built);
    expect(await listSnapshots(db, survey.id)).toMatchObject([{ state: 'ready', builds: 1, leaseOwner: null }]);

    // A third server reads it too, with this request's own word on waiting responses.
    await insertResponses(db, survey.id, a.units.Claims, fiveMore(3).slice(0, 1));
    const third = server(db);
    const later = await third.reports.forSurvey(survey);
    expect(third.builds).toHaveLength(0);
    expect(later.report).toStrictEqual(built.report);
    expect(later.overview.waiting).toBe(true);
  });

  it('takes over a claim whose server died, once its lease has expired and not before', async () => {
    await server(db).reports.forSurvey(survey);
    const [{ versionKey }] = await listSnapshots(db, survey.id);
    let now = new Date('2026-11-25T10:00:00Z');
    // As a server that claimed this version and was killed before storing it leaves the row.
    await db('report_snapshots')
      .where({ survey_id: survey.id, version_key: versionKey })
      .update({
        state: 'building',
        view: null,
        builds: 0,
        lease_owner: 'killed-server',
        lease_expires_at: now.getTime() + 60_000,
      });
    const survivor = server(other.db, { clock: () => now, snapshots: { ...fast, leaseMs: 60_000 } });
    const view = survivor.reports.forSurvey(survey);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(survivor.builds).toHaveLength(0);
    expect((await listSnapshots(db, survey.id))[0]).toMatchObject({ state: 'building', leaseOwner: 'killed-server' });

    now = new Date(now.getTime() + 60_001);
    expect((await view).report.status).toBe('ok');
    expect(survivor.builds).toHaveLength(1);
    expect(await listSnapshots(db, survey.id)).toMatchObject([{ versionKey, state: 'ready', builds: 1 }]);
  });

  it('builds a new release once across both servers and keeps the two latest versions', async () => {
    const one = server(db);
    const two = server(other.db);
    const both = () => Promise.all([one.reports.forSurvey(survey), two.reports.forSurvey(survey)]);
    const builds = () => one.builds.length + two.builds.length;
    await both();
    for (const [i, seed] of [21, 22].entries()) {
      await insertResponses(db, survey.id, a.units.Claims, fiveMore(seed));
      const views = await both();
      expect(builds()).toBe(i + 2);
      expect(views.map((v) => v.overview.release?.responses)).toEqual([48 + 5 * i, 48 + 5 * i]);
    }
    const rows = await listSnapshots(db, survey.id);
    expect(rows.map((r) => [r.state, r.builds])).toEqual([
      ['ready', 1],
      ['ready', 1],
    ]);
  });

  it('drops the claim of a failed build, so another server builds the version', async () => {
    await expect(server(db, { fail: true }).reports.forSurvey(survey)).rejects.toThrow('the builder failed');
    expect(await listSnapshots(db, survey.id)).toEqual([]);
    const two = server(other.db);
    await two.reports.forSurvey(survey);
    expect(two.builds).toHaveLength(1);
  });

  it('answers 503 (ServiceUnavailableError) after waitMs while another live server holds the claim', async () => {
    await server(db).reports.forSurvey(survey);
    await db('report_snapshots')
      .where({ survey_id: survey.id })
      .update({
        state: 'building',
        view: null,
        lease_owner: 'slow-server',
        lease_expires_at: Date.now() + 600_000,
      });
    const waiting = server(other.db, { snapshots: { ...fast, waitMs: 30 } });
    await expect(waiting.reports.forSurvey(survey)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(waiting.builds).toHaveLength(0);
  });

  it('never serves a view stored by other code: a new deployment builds each version once more', async () => {
    await server(db).reports.forSurvey(survey);
    const deployed = server(other.db, { snapshots: { ...fast, codeId: async () => 'code-2' } });
    await deployed.reports.forSurvey(survey);
    expect(deployed.builds).toHaveLength(1);
    expect(await listSnapshots(db, survey.id)).toHaveLength(2);
  });
});
