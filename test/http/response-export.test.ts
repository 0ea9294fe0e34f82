/**
 * The admin-only export of a survey's responses as the item CSV `readiness report` reads: released,
 * unflagged responses only; hidden units merged into their parent; comments only at or above the
 * comment threshold and never on their writer's row; no dates; recorded in the audit log. The round
 * trip: `readiness report` (the CLI's main, in-process) on the export gives the web report's R² and
 * organizational share to 1e-9.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FullReport } from '../../analysis/report/report.js';
import { main } from '../../server/cli.js';
import { answerCodes } from '../../server/data/answer-columns.js';
import { findSurveyById } from '../../server/data/surveys.js';
import { instrumentItemIds, loadDefaultInstrument } from '../../server/instruments/load.js';
import { createReportService } from '../../server/services/reports.js';
import { captureIO } from '../helpers/cli-io.js';
import { rowCount, testDatabases } from '../helpers/db.js';
import { arrangeReportSurvey, SMALL_TEAM, type ReportSurvey } from '../helpers/report-survey.js';
import { signIn, staffAppForEachTest } from './staff-app.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const itemIds = instrumentItemIds(loadDefaultInstrument());

describe.each(testDatabases())('response export on $name', ({ create }) => {
  const t = staffAppForEachTest(() => NOW, create);
  let s: ReportSurvey;
  beforeEach(async () => {
    s = await arrangeReportSurvey(t.db, { slug: 'acme' });
  });

  async function download() {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const res = await agent
      .post(`/orgs/acme/surveys/${s.surveyId}/export`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const text = res.text.replace(/^\uFEFF/, '');
    const records = parse(text, { columns: true }) as Record<string, string>[];
    return { res, text, records };
  }

  it('holds the released, unflagged responses with hidden units merged into their parent and no dates', async () => {
    // One flagged (straight-lined) response, released with the others but left out of the figures.
    const first = await t.db('responses').where({ survey_id: s.surveyId }).orderBy('id').first('id');
    await t.db('responses').where({ id: first.id }).update({ quality_flag: 'straightline' });
    const { res, text, records } = await download();
    expect(res.headers['content-disposition']).toMatch(/filename="responses-acme-[A-Za-z0-9_-]+-2026-12-01\.csv"/);
    expect(Object.keys(records[0])).toEqual(['unit', 'workflow', 'comment_unlinked', ...itemIds]);
    expect(records).toHaveLength(40 + 40 + 3 - 1);
    // Night shift (3) is hidden, and Claims with it (differencing guard): both become "Operations".
    const units = new Map<string, number>();
    for (const r of records) units.set(r.unit, (units.get(r.unit) ?? 0) + 1);
    expect(Object.fromEntries(units)).toEqual({ Operations: 42, 'Operations / Underwriting': 40 });
    expect(text).not.toContain(SMALL_TEAM);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\d/);
    for (const r of records) for (const id of itemIds) expect(r[id]).toMatch(/^[1-5]?$/);
    const [event] = await t.db('audit_events').where({ action: 'responses.export' });
    expect(JSON.parse(event.detail)).toMatchObject({ responses: 82, releasedOn: '2026-12-01', comments: 0 });
  });

  it('writes "does not apply" (stored 0) as NA, apart from unanswered (empty), and the report reads both as missing', async () => {
    const rows = await t
      .db('responses')
      .where({ survey_id: s.surveyId, unit_id: s.units.Underwriting })
      .orderBy('id')
      .limit(2);
    const notApplicable = { ...JSON.parse(rows[0].answers), [itemIds[0]]: 0 };
    const skipped = { ...JSON.parse(rows[1].answers) };
    delete skipped[itemIds[0]];
    await t
      .db('responses')
      .where({ id: rows[0].id })
      .update({ answers: JSON.stringify(notApplicable), answer_codes: answerCodes(itemIds, notApplicable) });
    await t
      .db('responses')
      .where({ id: rows[1].id })
      .update({ answers: JSON.stringify(skipped), answer_codes: answerCodes(itemIds, skipped) });
    const { records } = await download();
    expect(records.filter((r) => r[itemIds[0]] === 'NA')).toHaveLength(1);
    expect(records.filter((r) => r[itemIds[0]] === '')).toHaveLength(1);
    for (const r of records) for (const id of itemIds) expect(r[id]).toMatch(/^([1-5]|NA)?$/);
  });

  it('leaves comments out below the comment threshold, and lists them apart from their writers at or above it', async () => {
    const ids: number[] = (
      await t.db('responses').where({ survey_id: s.surveyId, unit_id: s.units.Underwriting }).orderBy('id').pluck('id')
    ).map(Number);
    for (let i = 0; i < 9; i++)
      await t
        .db('responses')
        .where({ id: ids[i] })
        .update({ comment: `note ${i}` });
    expect((await download()).records.every((r) => r.comment_unlinked === '')).toBe(true);

    // Comments are read from the release; a tenth one needs a fresh survey to be released with the rest.
    const s2 = await arrangeReportSurvey(t.db, { slug: 'beta' });
    const ids2: number[] = (
      await t
        .db('responses')
        .where({ survey_id: s2.surveyId, unit_id: s2.units.Underwriting })
        .orderBy('id')
        .pluck('id')
    ).map(Number);
    for (let i = 0; i < 10; i++)
      await t
        .db('responses')
        .where({ id: ids2[i] })
        .update({ comment: `note ${9 - i}` });
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    const res = await agent
      .post(`/orgs/beta/surveys/${s2.surveyId}/export`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(200);
    const records = parse(res.text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.comment_unlinked).filter(Boolean)).toEqual(
      Array.from({ length: 10 }, (_, i) => `note ${i}`),
    );
    expect(records.slice(0, 10).every((r) => r.comment_unlinked !== '')).toBe(true);
  });

  it('answers 404 to an analyst and stores no audit event; only the admin export is recorded', async () => {
    await t.createUser('an@example.com', 'analyst', s.organizationId);
    const { agent, csrf } = await signIn(t.app, 'an@example.com');
    await agent.post(`/orgs/acme/surveys/${s.surveyId}/export`).type('form').send({ _csrf: csrf }).expect(404);
    expect((await agent.get(`/orgs/acme/surveys/${s.surveyId}`).expect(200)).text).not.toContain('/export"');
    expect(await rowCount(t.db('audit_events').where({ action: 'responses.export' }))).toBe(0);
    await download();
    expect(await rowCount(t.db('audit_events').where({ action: 'responses.export' }))).toBe(1);
  });

  it('round trip: readiness report on the export reproduces the web report’s R² and organizational share to 1e-9', async () => {
    const { text } = await download();
    const dir = mkdtempSync(join(tmpdir(), 'readiness-export-'));
    const file = join(dir, 'export.csv');
    writeFileSync(file, text);
    const io = captureIO();
    const code = await main(
      [
        'report',
        file,
        '--instrument',
        'default',
        '--unit',
        'unit',
        '--workflow',
        'workflow',
        '--comment',
        'comment_unlinked',
        '--threshold',
        '5',
        '--bootstrap',
        '0',
        '--json',
      ],
      io,
    );
    expect(code, io.stderr).toBe(0);
    const cli = JSON.parse(io.stdout) as FullReport;
    const web = (
      await createReportService({ db: t.db, bootstrap: { B: 0, seed: 1, level: 0.95 } }).forSurvey(
        (await findSurveyById(t.db, s.surveyId))!,
      )
    ).report as FullReport;
    expect(cli.meta.responses).toBe(web.meta.responses);
    expect(cli.decomposition!.r2).toBeCloseTo(web.decomposition!.r2, 9);
    const share = (r: FullReport) => r.decomposition!.groups.find((g) => g.group === 'organizational')!.share;
    expect(Math.abs(share(cli) - share(web))).toBeLessThan(1e-9);
    expect(Math.abs(cli.decomposition!.r2 - web.decomposition!.r2)).toBeLessThan(1e-9);
    for (const scale of web.scales) expect(cli.scales.find((c) => c.id === scale.id)!.mean).toBeCloseTo(scale.mean, 9);
  });
});
