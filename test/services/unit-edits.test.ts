/**
 * Renaming, moving and archiving units (services/unit-edits.ts) on both databases: responses stay on
 * their unit through every change, a move never makes a cycle and is refused where a report hides the
 * unit, archived units leave the respondent form and new invitations but stay in the reports that hold
 * their responses, and every change is in the audit log.
 */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSurveyById } from '../../server/data/surveys.js';
import { listUnits } from '../../server/data/units.js';
import { ForbiddenError } from '../../server/errors.js';
import { createAuditLogService } from '../../server/services/audit-log.js';
import { createInvitationService } from '../../server/services/invitations.js';
import { createReportService } from '../../server/services/reports.js';
import { unitChoiceGroups } from '../../server/services/survey-forms.js';
import { createUnitEditService } from '../../server/services/unit-edits.js';
import { createUnitService, flattenUnitTree } from '../../server/services/units.js';
import type { StaffUser } from '../../server/services/users.js';
import { rowCount, testDatabases, type TestDb } from '../helpers/db.js';
import { arrangeReportSurvey, SMALL_TEAM } from '../helpers/report-survey.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const clock = () => NOW;
const admin: StaffUser = { id: 1, email: 'admin@example.com', role: 'admin', organizationId: null };
const analyst: StaffUser = { id: 2, email: 'an@example.com', role: 'analyst', organizationId: null };

describe.each(testDatabases())('unit edits on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let edits: ReturnType<typeof createUnitEditService>;
  let reports: ReturnType<typeof createReportService>;
  beforeEach(async () => {
    t = await create();
    db = t.db;
    await db('users').insert([
      { id: 1, email: admin.email, password_hash: 'x', role: 'admin' },
      { id: 2, email: analyst.email, password_hash: 'x', role: 'analyst' },
    ]);
    reports = createReportService({ db, clock, bootstrap: { B: 0, seed: 1, level: 0.95 } });
    edits = createUnitEditService({ db, clock, reports });
  });
  afterEach(async () => {
    await t.destroy();
  });

  const paths = async (organizationId: number) =>
    flattenUnitTree(await createUnitService({ db }).tree(organizationId)).map((u) => u.path);
  const responsesPerUnit = async (surveyId: number) =>
    Object.fromEntries(
      (
        (await db('responses')
          .where({ survey_id: surveyId })
          .groupBy('unit_id')
          .select('unit_id')
          .count({ n: '*' })) as { unit_id: number; n: string | number }[]
      ).map((r) => [Number(r.unit_id), Number(r.n)]),
    );

  it('renames and moves a unit, keeping its responses and its id, and logs both', async () => {
    const s = await arrangeReportSurvey(db, { slug: 'acme', small: 6 });
    const units = createUnitService({ db });
    const finance = await units.create(s.organizationId, { name: 'Finance' });
    const before = await responsesPerUnit(s.surveyId);
    expect(
      await edits.edit(admin, s.organizationId, s.units.Claims, { name: 'Claims desk', parentId: finance.id }),
    ).toBe(true);
    expect(await paths(s.organizationId)).toEqual([
      'Finance',
      'Finance / Claims desk',
      'Operations',
      'Operations / Night shift',
      'Operations / Underwriting',
    ]);
    expect(await responsesPerUnit(s.surveyId)).toEqual(before);
    const moved = (await listUnits(db, s.organizationId)).find((u) => u.id === s.units.Claims)!;
    expect(moved).toMatchObject({ name: 'Claims desk', parentId: finance.id, kind: 'team' });
    // The report follows the new tree: Finance now holds Claims' 40 responses.
    const { report } = await reports.forSurvey(await surveyOf(s.surveyId));
    if (report.status !== 'ok') throw new Error('expected a full report');
    const finRow = report.participation.find((p) => p.unit === String(finance.id))!;
    expect(finRow.figures).toMatchObject({ suppressed: false, n: 40 });
    const what = (await createAuditLogService({ db }).list(s.organizationId)).map((e) => e.what);
    expect(what).toContain('Renamed the unit "Claims" to "Claims desk"');
    expect(what).toContain('Moved "Claims desk" from "Operations" to "Finance"');
  });

  const surveyOf = async (id: number) => (await findSurveyById(db, id))!;

  it('never moves a unit inside itself or its own subtree, nor under an archived unit, and refuses taken names', async () => {
    const s = await arrangeReportSurvey(db, { slug: 'acme', small: 6 });
    const units = createUnitService({ db });
    const inner = await units.create(s.organizationId, { name: 'Inner', parentId: s.units.Claims });
    const old = await units.create(s.organizationId, { name: 'Old' });
    await edits.archive(admin, s.organizationId, old.id);
    for (const parentId of [s.units.Operations, s.units.Claims, inner.id].slice(1))
      await expect(
        edits.edit(admin, s.organizationId, s.units.Claims, { name: 'Claims', parentId }),
      ).rejects.toMatchObject({ field: 'parentId' });
    await expect(
      edits.edit(admin, s.organizationId, s.units.Operations, { name: 'Operations', parentId: inner.id }),
    ).rejects.toMatchObject({ field: 'parentId' });
    await expect(
      edits.edit(admin, s.organizationId, s.units.Claims, { name: 'Claims', parentId: old.id }),
    ).rejects.toMatchObject({ field: 'parentId' });
    await expect(
      edits.edit(admin, s.organizationId, s.units.Claims, { name: 'Underwriting', parentId: s.units.Operations }),
    ).rejects.toMatchObject({
      field: 'name',
    });
    await expect(
      edits.edit(admin, s.organizationId, s.units.Claims, { name: ' ', parentId: s.units.Operations }),
    ).rejects.toMatchObject({ field: 'name' });
    expect((await listUnits(db, s.organizationId)).find((u) => u.id === s.units.Claims)).toMatchObject({
      name: 'Claims',
      parentId: s.units.Operations,
    });
  });

  it('lets an analyst rename but not move a unit', async () => {
    const s = await arrangeReportSurvey(db, { slug: 'acme', small: 6 });
    expect(
      await edits.edit(analyst, s.organizationId, s.units.Claims, {
        name: 'Claims team',
        parentId: s.units.Operations,
      }),
    ).toBe(true);
    await expect(
      edits.edit(analyst, s.organizationId, s.units.Claims, { name: 'Claims team', parentId: null }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses to move a unit a report hides, since its old and new department would differ by its responses', async () => {
    const s = await arrangeReportSurvey(db, { slug: 'acme', small: 3 });
    const survey = await surveyOf(s.surveyId);
    const { report } = await reports.forSurvey(survey);
    if (report.status !== 'ok') throw new Error('expected a full report');
    expect(report.units.find((u) => u.id === String(s.units[SMALL_TEAM]))!.scores.suppressed).toBe(true);
    await expect(
      edits.edit(admin, s.organizationId, s.units[SMALL_TEAM], { name: SMALL_TEAM, parentId: null }),
    ).rejects.toMatchObject({
      field: 'parentId',
      message: expect.stringContaining('Survey of acme'),
    });
    expect((await listUnits(db, s.organizationId)).find((u) => u.id === s.units[SMALL_TEAM])!.parentId).toBe(
      s.units.Operations,
    );
  });

  it('archives a unit with its subtree: gone from the form and new links, kept in the report that holds its responses; restores it', async () => {
    const s = await arrangeReportSurvey(db, { slug: 'acme', small: 6 });
    const units = createUnitService({ db });
    const inner = await units.create(s.organizationId, { name: 'Inner', parentId: s.units.Claims });
    expect(await edits.archive(admin, s.organizationId, s.units.Claims)).toBe(true);
    const after = await listUnits(db, s.organizationId);
    expect(
      after
        .filter((u) => u.archivedAt)
        .map((u) => u.id)
        .sort(),
    ).toEqual([s.units.Claims, inner.id].sort());
    expect(unitChoiceGroups(after).flatMap((g) => g.units.map((u) => u.name))).toEqual(['Night shift', 'Underwriting']);
    const survey = await surveyOf(s.surveyId);
    const invitations = createInvitationService({ db, baseUrl: 'http://x', clock });
    await expect(
      invitations.generate(admin, survey, [{ id: s.units.Claims, path: 'Operations / Claims' }], 1),
    ).rejects.toMatchObject({
      field: 'unitIds',
    });
    expect(await rowCount(db('invitations'))).toBe(0);
    const { report } = await reports.forSurvey(survey);
    if (report.status !== 'ok') throw new Error('expected a full report');
    // Claims keeps its 40 responses in the report; the empty archived "Inner" is left out.
    expect(report.units.map((u) => u.name)).toEqual(['Operations', 'Claims', 'Night shift', 'Underwriting']);
    expect(report.participation.find((p) => p.unit === String(s.units.Claims))!.figures).toMatchObject({ n: 40 });
    // A restore under an archived parent is refused; restoring the parent brings both back.
    await expect(edits.restore(admin, s.organizationId, inner.id)).rejects.toMatchObject({ field: 'unit' });
    expect(await edits.restore(admin, s.organizationId, s.units.Claims)).toBe(true);
    expect((await listUnits(db, s.organizationId)).every((u) => u.archivedAt === null)).toBe(true);
    const what = (await createAuditLogService({ db }).list(s.organizationId)).map((e) => e.what);
    expect(what).toContain('Archived "Operations / Claims" (2 units with those below it)');
    expect(what).toContain('Restored "Operations / Claims" (2 units with those below it)');
  });

  it('refuses a new unit inside an archived one, and answers false for a unit of another organization', async () => {
    const a = await arrangeReportSurvey(db, { slug: 'alpha', small: 6 });
    const b = await arrangeReportSurvey(db, { slug: 'beta', small: 6 });
    await edits.archive(admin, a.organizationId, a.units.Claims);
    await expect(
      createUnitService({ db }).create(a.organizationId, { name: 'X', parentId: a.units.Claims }),
    ).rejects.toMatchObject({
      field: 'parentId',
    });
    expect(await edits.edit(admin, a.organizationId, b.units.Claims, { name: 'Mine', parentId: null })).toBe(false);
    expect(await edits.archive(admin, a.organizationId, b.units.Claims)).toBe(false);
    expect((await listUnits(db, b.organizationId)).find((u) => u.id === b.units.Claims)).toMatchObject({
      name: 'Claims',
      archivedAt: null,
    });
  });
});
