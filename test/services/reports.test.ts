/**
 * The report service: one build per survey data version (a counting builder stands in for
 * buildReport), invalidation by a new release cut through any server (a single new response waits),
 * shared builds for concurrent requests, LRU eviction, the builder's input (units with parents), the
 * block bootstrap above the limit, and the suppressed response rates of the report.
 */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportInput } from '../../analysis/report/build-report.js';
import { responseCount, type ResponseColumns } from '../../analysis/report/report-responses.js';
import { findSurveyById, type Survey } from '../../server/data/surveys.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { buildInProcess, type BootstrapMethod } from '../../server/services/report-build.js';
import { createReportService } from '../../server/services/reports.js';
import { fixtureReport } from '../fixtures/report-fixture.js';
import { testDatabases, type TestDb } from '../helpers/db.js';
import { arrangeReportSurvey, insertResponses, SMALL_TEAM, type ReportSurvey } from '../helpers/report-survey.js';

function countingBuilder() {
  const calls: ReportInput[] = [];
  return { calls, build: async (input: ReportInput) => (calls.push(input), fixtureReport) };
}

const oneResponse = () =>
  generateResponses(loadDefaultInstrument(), { n: 1, units: ['x'], workflows: ['Claims triage'], seed: 99 });

describe.each(testDatabases())('report service on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let a: ReportSurvey;
  let survey: Survey;
  beforeEach(async () => {
    t = await create();
    db = t.db;
    a = await arrangeReportSurvey(db, { slug: 'org-a', perTeam: 20 });
    survey = (await findSurveyById(db, a.surveyId))!;
  });
  afterEach(async () => {
    await t.destroy();
  });

  describe('report cache', () => {
    it('builds once for two requests when nothing changed, and returns the same report', async () => {
      const { calls, build } = countingBuilder();
      const reports = createReportService({ db, build });
      const first = await reports.forSurvey(survey);
      const second = await reports.forSurvey(survey);
      expect(calls).toHaveLength(1);
      expect(second.report).toBe(first.report);
    });

    it('does not move for one new response written by another app server, and builds again once a release can take K more', async () => {
      const { calls, build } = countingBuilder();
      const serverOne = createReportService({ db, build });
      await serverOne.forSurvey(survey);
      await insertResponses(db, survey.id, a.units.Claims, oneResponse());
      const waiting = await serverOne.forSurvey(survey);
      expect(calls).toHaveLength(1);
      expect(waiting.overview.waiting).toBe(true);
      await insertResponses(
        db,
        survey.id,
        a.units.Claims,
        generateResponses(loadDefaultInstrument(), { n: 4, units: ['x'], workflows: ['Claims triage'], seed: 7 }),
      );
      const moved = await serverOne.forSurvey(survey);
      expect(calls).toHaveLength(2);
      expect(responseCount(calls[1].responses)).toBe(responseCount(calls[0].responses) + 5);
      expect(moved.overview).toMatchObject({
        waiting: false,
        release: { responses: responseCount(calls[1].responses) },
      });
    });

    it('builds again when invitations are generated or the threshold changes', async () => {
      const { calls, build } = countingBuilder();
      const reports = createReportService({ db, build });
      await reports.forSurvey(survey);
      await db('invitations').insert({
        survey_id: survey.id,
        unit_id: a.units.Claims,
        token_hash: 'a'.repeat(64),
        used: false,
      });
      await reports.forSurvey(survey);
      await reports.forSurvey({ ...survey, anonymityThreshold: 7 });
      expect(calls).toHaveLength(3);
      expect(calls[2].threshold).toBe(7);
    });

    it('shares one build between concurrent requests for the same version', async () => {
      const { calls, build } = countingBuilder();
      const reports = createReportService({ db, build });
      const views = await Promise.all([
        reports.forSurvey(survey),
        reports.forSurvey(survey),
        reports.forSurvey(survey),
      ]);
      expect(calls).toHaveLength(1);
      expect(new Set(views.map((v) => v.report)).size).toBe(1);
    });

    it('keeps at most cacheSize surveys, dropping the least recently used', async () => {
      const { calls, build } = countingBuilder();
      // In this process only: a stored snapshot would answer the third request without a build.
      const reports = createReportService({ db, build, cacheSize: 1, snapshots: false });
      const other = { ...survey, id: survey.id + 1000 }; // no responses: a version of its own
      await reports.forSurvey(survey);
      await reports.forSurvey(other);
      await reports.forSurvey(survey);
      expect(calls).toHaveLength(3);
    });

    it('does not keep a failed build, so the next request tries again', async () => {
      let fail = true;
      const reports = createReportService({
        db,
        build: async () => {
          if (fail) throw new Error('boom');
          return fixtureReport;
        },
      });
      await expect(reports.forSurvey(survey)).rejects.toThrow('boom');
      fail = false;
      await expect(reports.forSurvey(survey)).resolves.toMatchObject({ report: fixtureReport });
    });
  });

  describe('builder input and overview', () => {
    it('passes every response with its unit (as columns, no object per response), the unit tree with parents, and the survey’s thresholds', async () => {
      const { calls, build } = countingBuilder();
      await createReportService({ db, build, bootstrap: { B: 50, seed: 3, level: 0.9 } }).forSurvey(survey);
      const input = calls[0];
      expect(responseCount(input.responses)).toBe(43);
      const columns = input.responses as ResponseColumns;
      const unitOf = Array.from(columns.unit, (i) => (i < 0 ? null : input.units![i]));
      expect(input.units).toEqual(
        expect.arrayContaining([
          { id: String(a.units.Operations), name: 'Operations', parent: null },
          { id: String(a.units[SMALL_TEAM]), name: SMALL_TEAM, parent: String(a.units.Operations) },
        ]),
      );
      expect(unitOf.filter((u) => u?.id === String(a.units[SMALL_TEAM]))).toHaveLength(3);
      expect(unitOf.every((u) => u?.parent === String(a.units.Operations))).toBe(true);
      // In insertion order, as stored.
      const stored = await db('responses').where({ survey_id: survey.id }).orderBy('id').select('unit_id', 'workflow');
      expect(unitOf.map((u) => u?.id ?? null)).toEqual(stored.map((r) => String(r.unit_id)));
      expect(Array.from(columns.workflow, (w) => (w < 0 ? null : columns.workflows[w]))).toEqual(
        stored.map((r) => r.workflow),
      );
      expect(input).toMatchObject({ threshold: 5, commentThreshold: 10, bootstrap: 50, seed: 3, level: 0.9 });
    });

    it('suppresses the small team’s response figures (and one sibling against differencing) in the report, and dates the release', async () => {
      await db('invitations').insert([
        { survey_id: survey.id, unit_id: a.units.Claims, token_hash: 'b'.repeat(64), used: true },
        { survey_id: survey.id, unit_id: a.units.Claims, token_hash: 'c'.repeat(64), used: false },
      ]);
      const clock = () => new Date('2026-11-25T10:00:00Z');
      const { report, overview } = await createReportService({
        db,
        clock,
        bootstrap: { B: 0, seed: 1, level: 0.95 },
      }).forSurvey(survey);
      expect(overview).toMatchObject({
        invitations: true,
        waiting: false,
        release: { releasedOn: '2026-11-25', responses: 43 },
      });
      if (report.status !== 'ok') throw new Error('expected a full report');
      const byPath = Object.fromEntries(report.participation.map((u) => [u.path, u.figures]));
      expect(byPath[`Operations / ${SMALL_TEAM}`]).toEqual({ suppressed: true, n_below: 5 });
      expect(byPath.Operations).toEqual({ suppressed: false, n: 43, value: { sent: 2, rate: 43 / 2 } });
      // Claims and Underwriting both hold 20: one of them is hidden so 43 − shown ≠ the small team's 3
      expect(
        [byPath['Operations / Claims'], byPath['Operations / Underwriting']].filter((c) => c.suppressed),
      ).toHaveLength(1);
      // The same decision as the heatmap: a unit's count is shown exactly where its figures are.
      for (const row of report.units)
        expect(byPath[row.parent === null ? row.name : `Operations / ${row.name}`].suppressed).toBe(
          row.scores.suppressed,
        );
    });

    it('says how many invitation links were generated after the survey opened', async () => {
      await db('surveys')
        .where({ id: survey.id })
        .update({ opens_at: new Date('2026-11-01T09:00:00Z') });
      await db('invitations').insert([
        {
          survey_id: survey.id,
          unit_id: a.units.Claims,
          token_hash: 'd'.repeat(64),
          used: false,
          created_at: new Date('2026-10-30T09:00:00Z'),
        },
        {
          survey_id: survey.id,
          unit_id: a.units.Claims,
          token_hash: 'e'.repeat(64),
          used: false,
          created_at: new Date('2026-11-02T09:00:00Z'),
        },
        {
          survey_id: survey.id,
          unit_id: a.units.Claims,
          token_hash: 'f'.repeat(64),
          used: false,
          created_at: new Date('2026-11-03T09:00:00Z'),
        },
      ]);
      const { overview } = await createReportService({ db, build: countingBuilder().build }).forSurvey(survey);
      expect(overview).toMatchObject({ invitations: true, invitationsAddedAfterOpening: 2 });
    });

    it('uses the block bootstrap above the limit: the builder is asked for blocks and the report carries block intervals', async () => {
      const calls: BootstrapMethod[] = [];
      const reports = createReportService({
        db,
        build: (input, method) => (calls.push(method), buildInProcess(input, method)),
        bootstrap: { B: 40, seed: 2, level: 0.95 },
        blockBootstrapAbove: 10,
      });
      const view = await reports.forSurvey(survey);
      expect(view.bootstrapMethod).toBe('blocks');
      expect(calls).toEqual(['blocks']);
      if (view.report.status !== 'ok' || !view.report.decomposition)
        throw new Error('expected a full report with a decomposition');
      expect(view.report.meta.bootstrap).toEqual({
        B: 40,
        seed: 2,
        level: 0.95,
        method: 'bca',
        share_method: 'percentile',
      });
      const d = view.report.decomposition;
      expect(d.r2_ci).not.toBeNull();
      expect(d.r2_ci![0]).toBeLessThanOrEqual(d.r2_ci![1]);
      for (const f of d.factors) expect(f.ci).not.toBeNull();
      expect(d.headline).toMatch(/95% CI/);
      const shown = view.report.workflows.filter((w) => !w.lever_means_ci.suppressed);
      expect(shown.length).toBeGreaterThan(0);
      for (const w of shown)
        expect(w.lever_means_ci).toMatchObject({ value: { data_access: [expect.any(Number), expect.any(Number)] } });
    });
  });
});
