import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listResponses } from '../../server/data/responses.js';
import { insertAssignment } from '../../server/data/user-organizations.js';
import { ConflictError, NotFoundError } from '../../server/errors.js';
import { parseMapping } from '../../server/services/import-mapping.js';
import { createImportMappingService } from '../../server/services/import-mappings.js';
import { createSurveyImportService, ImportRowsError } from '../../server/services/survey-import.js';
import { createUserService, type StaffUser } from '../../server/services/users.js';
import { rowCount, testDatabases, type TestDb } from '../helpers/db.js';
import {
  fixtureFile,
  fixtureMapping,
  generatedMapping,
  tempDir,
  TOOLS,
  writeGeneratedCsv,
  type Tool,
} from '../helpers/import-files.js';
import { seedSurvey } from '../helpers/survey-fixture.js';

const NOW = new Date('2026-12-01T10:00:00Z');

describe.each(testDatabases())('importing responses from other survey tools on $name', ({ create }) => {
  let t: TestDb;
  let db: Knex;
  let seeded: Awaited<ReturnType<typeof seedSurvey>>;
  let consultant: StaffUser;
  let imports: ReturnType<typeof createSurveyImportService>;
  let temp: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    t = await create();
    db = t.db;
    temp = tempDir();
    seeded = await seedSurvey(db, { workflows: ['Claims intake', 'Invoicing'] });
    consultant = await createUserService({ db }).create({
      email: 'c@example.com',
      password: 'correct horse',
      role: 'consultant',
    });
    await insertAssignment(db, consultant.id, seeded.organizationId);
    imports = createSurveyImportService({ db, clock: () => NOW });
  });
  afterEach(async () => {
    temp.remove();
    await t.destroy();
  });

  const stored = async () => listResponses(db, seeded.surveyId);

  it.each(Object.keys(TOOLS) as Tool[])('maps and imports the %s example export', async (tool) => {
    const preview = await imports.preview(consultant, seeded.surveyId, fixtureFile(tool), fixtureMapping(tool));
    expect(preview.errors).toEqual([]);
    expect(preview.valid).toBe(preview.rows);
    const result = await imports.run(consultant, seeded.surveyId, fixtureFile(tool), fixtureMapping(tool));
    const rows = await stored();
    expect(result.responses).toBe(preview.rows);
    expect(rows).toHaveLength(preview.rows);
    // Only mapped columns are stored: no name, email, id or address from the file.
    const text = JSON.stringify(await db('responses').where({ survey_id: seeded.surveyId }));
    expect(text).not.toMatch(/example\.com|Smith|R_1a2B|E1001|100231|tk8a7s6d5f|203\.0\.113|198\.51\.100/);
    for (const row of rows) {
      expect(Object.keys(row.answers).every((id) => ['dr1', 'da1', 'sk1', 'pf1'].includes(id))).toBe(true);
      expect(Object.values(row.answers).every((v) => Number.isInteger(v) && v >= 1 && v <= 5)).toBe(true);
      expect([seeded.departmentId, seeded.teamA, seeded.teamB]).toContain(row.unitId);
    }
  });

  it('recodes 1–7 onto 1–5, reads units by name, role levels and the recorded day (Qualtrics, 3 header rows)', async () => {
    await imports.run(consultant, seeded.surveyId, fixtureFile('qualtrics'), fixtureMapping('qualtrics'));
    const [first, second, third] = await stored();
    // 7 → 5, 6 → 4.33 → 4, 5 → 3.67 → 4, 1 → 1, 2 → 1.67 → 2, 3 → 2.33 → 2, 4 → 3
    expect(first).toMatchObject({ unitId: seeded.teamA, roleLevel: 'Manager', submittedOn: '2026-03-02' });
    expect(first.answers).toEqual({ dr1: 5, da1: 4, sk1: 4, pf1: 5 });
    expect(second.answers).toEqual({ dr1: 1, da1: 2, sk1: 2, pf1: 3 });
    expect(third.answers).toEqual({ dr1: 3, da1: 3, sk1: 3 });
  });

  it('reverses a reversed source scale (Glint) and reads paths with / and > (Glint, Culture Amp)', async () => {
    await imports.run(consultant, seeded.surveyId, fixtureFile('glint'), fixtureMapping('glint'));
    const rows = await stored();
    expect(rows[0].answers).toEqual({ dr1: 5, da1: 4, sk1: 4, pf1: 5 });
    expect(rows[3].unitId).toBe(seeded.teamB);
    await imports.run(consultant, seeded.surveyId, fixtureFile('culture-amp'), fixtureMapping('culture-amp'));
    const culture = (await stored()).slice(5);
    expect(culture.map((r) => r.unitId)).toEqual([
      seeded.teamA,
      seeded.teamB,
      seeded.teamA,
      seeded.departmentId,
      seeded.teamB,
    ]);
    expect(culture[3].roleLevel).toBe('Director or above');
  });

  it('turns text labels and codes into points and matches workflows ignoring case (Forms, LimeSurvey)', async () => {
    await imports.run(consultant, seeded.surveyId, fixtureFile('google-forms'), fixtureMapping('google-forms'));
    const forms = await stored();
    expect(forms[0]).toMatchObject({
      answers: { dr1: 5, da1: 4, sk1: 4, pf1: 5 },
      workflow: 'Claims intake',
      submittedOn: '2026-03-04',
    });
    expect(forms[3].workflow).toBe('Invoicing');
    await imports.run(consultant, seeded.surveyId, fixtureFile('limesurvey'), fixtureMapping('limesurvey'));
    const lime = (await stored()).slice(4);
    expect(lime[0]).toMatchObject({
      answers: { dr1: 5, da1: 4, sk1: 4, pf1: 5 },
      unitId: seeded.teamA,
      roleLevel: 'Manager',
    });
    expect(lime[2].answers).toEqual({ dr1: 3, da1: 3, pf1: 4 });
  });

  it('lists each bad cell with its row, column, value and why, and imports nothing', async () => {
    const path = join(temp.dir, 'forms.csv');
    writeFileSync(
      path,
      [
        'Timestamp,Email Address,Q1,Q2,Team,Workflow',
        '3/4/2026 10:22:11,a@example.com,Agree,Agree,Claims,Invoicing',
        '3/4/2026 10:23:11,b@example.com,Agreed,Agree,Claims,Invoicing',
        '3/4/2026 10:24:11,c@example.com,Agree,9,Marketing,Invoicing',
        'soon,d@example.com,Agree,Agree,Claims,Sales',
        '3/4/2026 10:25:11,e@example.com,Agree',
        '3/4/2026 10:26:11,f@example.com,,,Claims,',
      ].join('\n'),
    );
    const mapping = parseMapping({
      items: { dr1: 'Q1', dr2: 'Q2' },
      labels: { Agree: 4, Disagree: 2 },
      unit: { column: 'Team' },
      workflow: { column: 'Workflow' },
      submittedOn: { column: 'Timestamp' },
    });
    const file = { path, fileName: 'forms.csv' };
    const preview = await imports.preview(consultant, seeded.surveyId, file, mapping);
    expect(preview.errors).toEqual([
      { row: 3, column: 'Q1', value: 'Agreed', why: 'Not a number from 1 to 5 nor one of the mapped labels.' },
      { row: 4, column: 'Q2', value: '9', why: 'Outside the source scale 1–5.' },
      { row: 4, column: 'Team', value: 'Marketing', why: 'No unit of this organization has this name or path.' },
      {
        row: 5,
        column: 'Workflow',
        value: 'Sales',
        why: 'Not one of the survey’s workflows: Claims intake, Invoicing.',
      },
      { row: 5, column: 'Timestamp', value: 'soon', why: 'Not a date (use YYYY-MM-DD).' },
      { row: 6, column: '', value: '', why: '3 fields where the header has 6.' },
      { row: 7, column: '', value: '', why: 'No mapped item is answered on this row.' },
    ]);
    expect(preview).toMatchObject({ rows: 6, valid: 1, errorCount: 7 });
    await expect(imports.run(consultant, seeded.surveyId, file, mapping)).rejects.toThrow(ImportRowsError);
    expect(await rowCount(db('responses'))).toBe(0);
    expect(await rowCount(db('response_imports'))).toBe(0);
  });

  it('names a mapped column the file does not have', async () => {
    const mapping = parseMapping({ ...fixtureMapping('glint'), items: { dr1: 'Q_MISSING' } });
    const preview = await imports.preview(consultant, seeded.surveyId, fixtureFile('glint'), mapping);
    expect(preview.errors).toEqual([
      { row: 0, column: 'Q_MISSING', value: '', why: 'The file has no column of this name.' },
    ]);
  });

  it('stores nothing when row 150,001 of a generated 150,000-response file is bad', async () => {
    const path = join(temp.dir, 'big.csv');
    await writeGeneratedCsv(path, 150_000, [150_001]);
    const file = { path, fileName: 'big.csv' };
    const error = await imports.run(consultant, seeded.surveyId, file, generatedMapping).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRowsError);
    expect((error as ImportRowsError).preview.errors).toEqual([
      { row: 150_001, column: 'Q_dr1', value: '8', why: 'Outside the source scale 1–7.' },
    ]);
    expect(await rowCount(db('responses'))).toBe(0);
  }, 120_000);

  it('rolls back every batch when the insert pass fails part-way', async () => {
    const path = join(temp.dir, 'mid.csv');
    await writeGeneratedCsv(path, 3_500);
    const file = { path, fileName: 'mid.csv' };
    const failing = (phase: string, done: number) => {
      if (phase === 'importing' && done >= 2_000) throw new Error('disk full');
    };
    await expect(imports.run(consultant, seeded.surveyId, file, generatedMapping, failing)).rejects.toThrow(
      'disk full',
    );
    expect(await rowCount(db('responses'))).toBe(0);
    expect(await rowCount(db('response_imports'))).toBe(0);
    // The same file imports afterwards: a failed import leaves no hash behind.
    expect((await imports.run(consultant, seeded.surveyId, file, generatedMapping)).responses).toBe(3_500);
  });

  it('refuses to import the same file into the survey twice, with a clear message', async () => {
    const file = fixtureFile('glint');
    await imports.run(consultant, seeded.surveyId, file, fixtureMapping('glint'));
    const again = imports.run(
      consultant,
      seeded.surveyId,
      { ...file, fileName: 'renamed.csv' },
      fixtureMapping('glint'),
    );
    await expect(again).rejects.toThrow(ConflictError);
    await expect(again).rejects.toThrow(
      /already imported into this survey on 2026-12-01 \(5 responses, as “glint.csv”\)/,
    );
    expect((await imports.preview(consultant, seeded.surveyId, file, fixtureMapping('glint'))).duplicate).toMatchObject(
      { rows: 5 },
    );
    expect(await rowCount(db('responses'))).toBe(5);
    expect((await imports.list(consultant, seeded.surveyId)).map((i) => i.fileName)).toEqual(['glint.csv']);
  });

  it('stores "does not apply" as 0 and demographics as option text', async () => {
    // Without the default's translations, which would lack the demographic question.
    const { translations: _translations, ...instrument } = seeded.instrument;
    const custom = {
      ...instrument,
      id: 'import-test',
      scales: instrument.scales.map((s) => ({
        ...s,
        items: s.items.map((i) => (i.id === 'dr2' ? { ...i, notApplicable: true } : i)),
      })),
      demographics: [
        {
          id: 'tenure',
          question: 'How long have you worked here?',
          options: ['Under 1 year', '1–5 years', 'Over 5 years'],
        },
      ],
    };
    const { ensureInstrument } = await import('../../server/data/instruments.js');
    const instrumentId = await ensureInstrument(db, custom);
    const other = await seedSurvey(db, { instrumentId });
    const path = join(temp.dir, 'na.csv');
    writeFileSync(path, 'q1,q2,tenure\n4,N/A,short\n2,3,Over 5 years\n3,n/a,\n');
    const mapping = parseMapping({
      items: { dr1: 'q1', dr2: 'q2' },
      demographics: { tenure: { column: 'tenure', values: { short: 'Under 1 year' } } },
    });
    await imports.run(null, other.surveyId, { path, fileName: 'na.csv' }, mapping);
    const rows = await listResponses(db, other.surveyId);
    expect(rows.map((r) => r.answers)).toEqual([
      { dr1: 4, dr2: 0 },
      { dr1: 2, dr2: 3 },
      { dr1: 3, dr2: 0 },
    ]);
    expect(rows.map((r) => r.demographics)).toEqual([{ tenure: 'Under 1 year' }, { tenure: 'Over 5 years' }, null]);
    const codes = await db('responses').where({ survey_id: other.surveyId }).orderBy('id').pluck('answer_codes');
    expect(String(codes[0]).slice(0, 2)).toBe('40');
    // N/A on an item that does not offer it is a row error.
    writeFileSync(path, 'q1,q2,tenure\nNA,3,\n');
    const preview = await imports.preview(null, other.surveyId, { path, fileName: 'na2.csv' }, mapping);
    expect(preview.errors[0]).toMatchObject({
      row: 2,
      column: 'q1',
      value: 'NA',
      why: expect.stringContaining('does not offer'),
    });
  });

  it('holds imported responses back under the release rule like submissions', async () => {
    const { findSurveyById } = await import('../../server/data/surveys.js');
    const { createReleaseService } = await import('../../server/services/report-releases.js');
    const releases = createReleaseService({ db, clock: () => NOW });
    const survey = (await findSurveyById(db, seeded.surveyId))!;
    expect(survey.anonymityThreshold).toBe(5);
    // 4 usable responses from Google Forms: fewer than K, so no release yet.
    await imports.run(consultant, seeded.surveyId, fixtureFile('google-forms'), fixtureMapping('google-forms'));
    expect(await releases.refresh(survey)).toEqual({ release: null, waiting: true });
    // 5 more from Glint: the first release can be cut.
    await imports.run(consultant, seeded.surveyId, fixtureFile('glint'), fixtureMapping('glint'));
    const state = await releases.refresh(survey);
    expect(state.release).not.toBeNull();
    expect(state.waiting).toBe(false);
  });

  it('lets no one else import into the survey or use its mappings', async () => {
    const users = createUserService({ db });
    const outsider = await users.create({ email: 'o@example.com', password: 'correct horse', role: 'consultant' });
    const otherOrg = await seedSurvey(db);
    await insertAssignment(db, outsider.id, otherOrg.organizationId);
    const analyst = await users.create({
      email: 'a@example.com',
      password: 'correct horse',
      role: 'analyst',
      organizationId: seeded.organizationId,
    });
    const file = fixtureFile('glint');
    for (const actor of [outsider, analyst]) {
      await expect(imports.preview(actor, seeded.surveyId, file, fixtureMapping('glint'))).rejects.toThrow(
        NotFoundError,
      );
      await expect(imports.run(actor, seeded.surveyId, file, fixtureMapping('glint'))).rejects.toThrow(NotFoundError);
      await expect(imports.list(actor, seeded.surveyId)).rejects.toThrow(NotFoundError);
    }
    const mappings = createImportMappingService({ db, clock: () => NOW });
    const id = await mappings.save(consultant, seeded.organizationId, 'Glint pulse', fixtureMapping('glint'));
    expect((await mappings.list(consultant, seeded.organizationId)).map((m) => m.name)).toEqual(['Glint pulse']);
    expect((await mappings.find(consultant, seeded.organizationId, id)).mapping).toEqual(fixtureMapping('glint'));
    await expect(mappings.find(outsider, seeded.organizationId, id)).rejects.toThrow(NotFoundError);
    await expect(mappings.find(outsider, otherOrg.organizationId, id)).rejects.toThrow(NotFoundError);
    await expect(mappings.list(outsider, seeded.organizationId)).rejects.toThrow(NotFoundError);
    await expect(mappings.save(outsider, seeded.organizationId, 'x', fixtureMapping('glint'))).rejects.toThrow(
      NotFoundError,
    );
    expect(await rowCount(db('responses'))).toBe(0);
  });
});

describe('reading files that are not what they claim', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(() => temp.remove());

  it('says where a CSV with an unclosed quote stops, and that a workbook is not one', async () => {
    const { sourceRecords } = await import('../../server/services/import-source.js');
    const read = async (path: string, format: 'csv' | 'xlsx') => {
      for await (const record of sourceRecords(path, format)) void record;
    };
    const csv = join(temp.dir, 'quote.csv');
    writeFileSync(csv, 'a,b\n1,2\n"3,4\n');
    await expect(read(csv, 'csv')).rejects.toThrow(/could not be read as CSV after row 2/);
    const xlsx = join(temp.dir, 'fake.xlsx');
    writeFileSync(xlsx, 'not a zip at all');
    await expect(read(xlsx, 'xlsx')).rejects.toThrow(/could not be read as an Excel workbook/);
  });
});
