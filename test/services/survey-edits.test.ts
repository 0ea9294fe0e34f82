/**
 * Editing and deleting a survey (services/survey-edits.ts) on both databases: a draft changes freely;
 * once opened its workflows stay and its threshold only goes up; deleting needs an admin and the title
 * typed out, removes every response, invitation and release, and leaves a line in the audit log.
 */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSurveyById } from '../../server/data/surveys.js';
import { ForbiddenError, NotFoundError } from '../../server/errors.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { createAuditLogService } from '../../server/services/audit-log.js';
import { createFormTiming } from '../../server/services/form-timing.js';
import { createReportService } from '../../server/services/reports.js';
import { createResponseService } from '../../server/services/responses.js';
import { createSurveyEditService } from '../../server/services/survey-edits.js';
import { createSurveyLookup } from '../../server/services/survey-lookup.js';
import type { StaffUser } from '../../server/services/users.js';
import { completeAnswers } from '../helpers/answers.js';
import { rowCount, testDatabases, type TestDb } from '../helpers/db.js';
import { arrangeReportSurvey } from '../helpers/report-survey.js';
import { seedInvitations, seedSurvey } from '../helpers/survey-fixture.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const clock = () => NOW;
const admin: StaffUser = { id: 1, email: 'admin@example.com', role: 'admin', organizationId: null };
const consultant: StaffUser = { id: 2, email: 'co@example.com', role: 'consultant', organizationId: null };

describe.each(testDatabases())('survey edits on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let edits: ReturnType<typeof createSurveyEditService>;
  beforeEach(async () => {
    t = await create();
    db = t.db;
    await db('users').insert([
      { id: 1, email: admin.email, password_hash: 'x', role: 'admin' },
      { id: 2, email: consultant.email, password_hash: 'x', role: 'consultant' },
    ]);
    edits = createSurveyEditService({ db, clock });
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('changes the title, workflows and threshold of a draft, and logs what changed', async () => {
    const { organizationId, surveyId } = await seedSurvey(db, { status: 'draft', workflows: ['A'] });
    const settings = { title: 'Autumn wave', workflows: ['A', 'B'], anonymityThreshold: 3 };
    expect(await edits.edit(admin, organizationId, surveyId, settings)).toBe(true);
    expect(await findSurveyById(db, surveyId)).toMatchObject({
      title: 'Autumn wave',
      workflows: ['A', 'B'],
      anonymityThreshold: 3,
    });
    const [entry] = await createAuditLogService({ db }).list(organizationId);
    expect(entry.what).toBe(
      'Edited the survey: title from "Spring wave" to "Autumn wave"; workflows from ["A"] to ["A","B"]; anonymity threshold from 5 to 3',
    );
  });

  it('keeps the workflows of an opened survey and lets its threshold go up, never down', async () => {
    const { organizationId, surveyId } = await seedSurvey(db, { status: 'open', workflows: ['A'] });
    await expect(
      edits.edit(admin, organizationId, surveyId, {
        title: 'Spring wave',
        workflows: ['A', 'B'],
        anonymityThreshold: 5,
      }),
    ).rejects.toMatchObject({ field: 'workflows' });
    await expect(
      edits.edit(admin, organizationId, surveyId, { title: 'Spring wave', workflows: ['A'], anonymityThreshold: 4 }),
    ).rejects.toMatchObject({ field: 'anonymityThreshold', message: expect.stringContaining('can only go up') });
    expect(
      await edits.edit(admin, organizationId, surveyId, { title: 'Renamed', workflows: ['A'], anonymityThreshold: 8 }),
    ).toBe(true);
    expect(await findSurveyById(db, surveyId)).toMatchObject({
      title: 'Renamed',
      workflows: ['A'],
      anonymityThreshold: 8,
    });
  });

  it('resolves to false for a survey of another organization, changing nothing', async () => {
    const a = await seedSurvey(db, { status: 'draft' });
    const b = await seedSurvey(db, { status: 'draft' });
    expect(
      await edits.edit(admin, a.organizationId, b.surveyId, { title: 'Mine', workflows: [], anonymityThreshold: 5 }),
    ).toBe(false);
    expect(await edits.remove(admin, a.organizationId, b.surveyId, 'Spring wave')).toBe(false);
    expect(await findSurveyById(db, b.surveyId)).toMatchObject({ title: 'Spring wave' });
  });

  it('deletes a survey with its responses, invitations and releases only for an admin who types its title', async () => {
    const s = await arrangeReportSurvey(db, { slug: 'acme', small: 6 });
    const other = await arrangeReportSurvey(db, { slug: 'other', small: 6 });
    await seedInvitations(db, s.surveyId, s.units.Claims, ['t1', 't2']);
    const reports = createReportService({ db, clock, bootstrap: { B: 0, seed: 1, level: 0.95 } });
    await reports.forSurvey((await findSurveyById(db, s.surveyId))!);
    expect(await rowCount(db('report_releases').where({ survey_id: s.surveyId }))).toBe(1);

    await expect(edits.remove(consultant, s.organizationId, s.surveyId, 'Survey of acme')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(edits.remove(admin, s.organizationId, s.surveyId, 'Survey of ACME')).rejects.toMatchObject({
      field: 'confirmTitle',
    });
    expect(await rowCount(db('responses').where({ survey_id: s.surveyId }))).toBe(86);

    expect(await edits.remove(admin, s.organizationId, s.surveyId, '  Survey of acme ')).toBe(true);
    expect(await findSurveyById(db, s.surveyId)).toBeUndefined();
    for (const table of ['responses', 'invitations', 'report_releases'])
      expect(await rowCount(db(table).where({ survey_id: s.surveyId })), table).toBe(0);
    // The other organization's survey is untouched, and the units stay.
    expect(await rowCount(db('responses').where({ survey_id: other.surveyId }))).toBe(86);
    expect(await rowCount(db('units').where({ organization_id: s.organizationId }))).toBe(4);
    const [entry] = await createAuditLogService({ db }).list(s.organizationId);
    expect(entry).toMatchObject({
      who: 'admin@example.com',
      surveyTitle: 'Survey of acme',
      what: 'Deleted the survey "Survey of acme" with all its responses, invitations and releases',
    });
  });

  it('answers a submission to a survey deleted while its form was open with 404, storing nothing', async () => {
    const { organizationId, surveyId, code, teamA } = await seedSurvey(db, { status: 'open' });
    const context = await createSurveyLookup({ db, clock }).open(code, undefined);
    await edits.remove(admin, organizationId, surveyId, 'Spring wave');
    const formTiming = createFormTiming({ secret: 'test-secret', clock });
    const body = {
      ...completeAnswers(loadDefaultInstrument()),
      unit: String(teamA),
      role_level: 'Individual contributor',
    };
    await expect(createResponseService({ db, clock, formTiming }).submit(context, body)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await rowCount(db('responses'))).toBe(0);
  });
});
