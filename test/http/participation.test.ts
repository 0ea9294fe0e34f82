/**
 * The participation page: responses per unit against headcount, from the released report under its
 * suppression decision. A small team (and the sibling the differencing guard hides with it) shows no
 * count; a department's headcount is the sum of its teams'; and the counts move only in steps of at
 * least K, so two looks never tell who has just answered.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { testDatabases } from '../helpers/db.js';
import { arrangeReportSurvey, insertResponses, SMALL_TEAM, type ReportSurvey } from '../helpers/report-survey.js';
import { signIn, staffAppForEachTest } from './staff-app.js';

const NOW = new Date('2026-12-01T10:00:00Z');

/** Row text per data-unit of the participation table, tags stripped. */
function rows(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<tr data-unit="([^"]+)">([\s\S]*?)<\/tr>/g))
    out[m[1]] = m[2]
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return out;
}

describe.each(testDatabases())('participation page on $name', ({ create }) => {
  const t = staffAppForEachTest(() => NOW, create);
  let s: ReportSurvey;
  beforeEach(async () => {
    s = await arrangeReportSurvey(t.db, { slug: 'acme' });
    for (const [name, headcount] of [
      ['Claims', 50],
      ['Underwriting', 60],
      [SMALL_TEAM, 10],
    ] as const)
      await t.db('units').where({ id: s.units[name] }).update({ headcount });
  });

  const page = async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    return (await agent.get(`/orgs/acme/surveys/${s.surveyId}/participation`).expect(200)).text;
  };

  it('shows released counts against headcount, and none for the small team or the sibling hidden with it', async () => {
    const html = await page();
    const r = rows(html);
    expect(r[String(s.units.Underwriting)]).toBe('Operations / Underwriting 40 60 67% 0');
    expect(r[String(s.units.Operations)]).toBe('Operations 83 120 69% 0');
    expect(r[String(s.units[SMALL_TEAM])]).toBe('Operations / Night shift fewer than 5 10 — —');
    // Claims is hidden too, or Night shift would be Operations minus the two others.
    expect(r[String(s.units.Claims)]).toBe('Operations / Claims fewer than 5 50 — —');
    expect(html).toContain('<strong>83</strong> responses from 120 people (69%)');
  });

  it('moves only in steps of at least K: 2 new answers in a team change nothing, 5 more do', async () => {
    const instrument = loadDefaultInstrument();
    const fresh = generateResponses(instrument, { n: 7, units: ['Underwriting'], workflows: ['Renewals'], seed: 99 });
    const uw = String(s.units.Underwriting);
    expect(rows(await page())[uw]).toMatch(/^Operations \/ Underwriting 40 /);
    await insertResponses(t.db, s.surveyId, s.units.Underwriting, fresh.slice(0, 2), '2026-12-01');
    const held = await page();
    expect(rows(held)[uw]).toMatch(/^Operations \/ Underwriting 40 /);
    expect(held).toContain('Newer responses join once every group they belong to has at least 5 of them');
    await insertResponses(t.db, s.surveyId, s.units.Underwriting, fresh.slice(2, 5), '2026-12-01');
    expect(rows(await page())[uw]).toMatch(/^Operations \/ Underwriting 45 60 75% /);
  });

  it('shows no count at all while the report has fewer than K responses', async () => {
    const small = await arrangeReportSurvey(t.db, { slug: 'tiny', perTeam: 1, small: 1 });
    const { agent } = await signIn(t.app, 'admin@example.com');
    const html = (await agent.get(`/orgs/tiny/surveys/${small.surveyId}/participation`).expect(200)).text;
    expect(html).toContain('data-testid="participation-none"');
    expect(html).not.toContain('data-testid="participation-table"');
  });
});
