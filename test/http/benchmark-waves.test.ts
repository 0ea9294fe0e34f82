/**
 * Benchmarks say which wave they use: per organization the page names the survey, whether it is the
 * latest of several waves, and the day its figures are as of; the CSV carries that day too.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrangeBenchmarkOrgs } from '../helpers/benchmark-orgs.js';
import { testDatabases } from '../helpers/db.js';
import { createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

const NOW = new Date('2026-12-01T10:00:00Z');

/** The "Wave used" cell per organization slug, tags stripped. */
function waveCells(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/data-wave="([^"]+)">([\s\S]*?)<\/td>/g))
    out[m[1]] = m[2]
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return out;
}

describe.each(testDatabases())('benchmark waves on $name', ({ create }) => {
  let t: StaffTestApp;
  beforeAll(async () => {
    t = await createStaffTestApp(() => NOW, create);
    await arrangeBenchmarkOrgs(t.db);
    await t.createUser('admin@example.com', 'admin');
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('names the wave each organization’s figures come from, and the day they are as of', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    const html = (await agent.get('/benchmarks').expect(200)).text;
    expect(html).toContain('<th scope="col">Wave used</th>');
    const cells = waveCells(html);
    expect(cells.alpha).toBe('Survey of alpha the only wave, figures as of 2026-12-01');
    // Tiny's newer wave has too few responses for a release: it is still the one used, and says so.
    expect(cells.tiny).toBe('Tiny pulse latest of 2 waves');
    expect(cells.empty).toBe('none with responses');
    const csv = parse((await agent.get('/benchmarks.csv').expect(200)).text, { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    expect(csv.find((r) => r.organization === 'Alpha Assurance')!.survey_figures_as_of).toBe('2026-12-01');
    expect(csv.find((r) => r.organization === 'Tiny Brokers')!.survey_figures_as_of).toBe('');
  });
});
