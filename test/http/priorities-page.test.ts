/**
 * The priorities page over HTTP, on the seeded demo (a clear winner) and on a 2,000-response survey
 * with a planted near tie (test/fixtures/near-tie.ts): the headline, the tables and the charts rank by
 * one rule stated on the page; the page says which factors are levers; every priority the headline
 * quotes is in a table; the tie, the bootstrap pick frequencies and the intervals are shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureInstrument } from '../../server/data/instruments.js';
import { insertOrganization } from '../../server/data/organizations.js';
import { insertSurvey } from '../../server/data/surveys.js';
import { seedDemo } from '../../server/demo/seed-demo.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';
import { NEAR_TIE_WORKFLOWS, nearTieRows, TIED_WORKFLOWS } from '../fixtures/near-tie.js';
import { testDatabases } from '../helpers/db.js';
import { insertResponses } from '../helpers/report-survey.js';
import { BASE_URL, createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

/** The text of an HTML fragment: tags dropped, the entities EJS writes decoded, spaces collapsed. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The element with this data-testid, as text (its first occurrence). */
function byTestId(html: string, id: string): string | null {
  const match = new RegExp(`<(\\w+)[^>]*data-testid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return match ? text(match[2]) : null;
}

/** The body rows of the table with this data-testid: one array of cell texts per row. */
function tableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table[^>]*data-testid="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!table) return [];
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table[1])![1];
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => text(cell[1])),
  );
}

const ciPattern = /\(\d+–\d+%\)/;

describe.each(testDatabases())('the priorities page on $name', ({ create }) => {
  let t: StaffTestApp;
  let demoPage: string;
  let tiePage: string;
  let tieCsv: (name: string) => Promise<string[][]>;

  beforeAll(async () => {
    t = await createStaffTestApp(undefined, create);
    const demo = await seedDemo(t.db, { baseUrl: BASE_URL });
    const organizationId = await insertOrganization(t.db, { name: 'Tie Company', slug: 'tie' });
    const surveyId = await insertSurvey(t.db, {
      organizationId,
      instrumentId: await ensureInstrument(t.db, loadDefaultInstrument()),
      title: 'Near-tie wave',
      status: 'open',
      anonymityThreshold: 5,
      workflows: NEAR_TIE_WORKFLOWS,
    });
    await insertResponses(t.db, surveyId, null, nearTieRows());
    await t.createUser('admin@example.com', 'admin');
    const { agent } = await signIn(t.app, 'admin@example.com');
    demoPage = (await agent.get(`/orgs/demo/surveys/${demo.surveyId}/report/priorities`).expect(200)).text;
    tiePage = (await agent.get(`/orgs/tie/surveys/${surveyId}/report/priorities`).expect(200)).text;
    tieCsv = async (name) =>
      (await agent.get(`/orgs/tie/surveys/${surveyId}/report/csv/${name}.csv`).expect(200)).text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .map((line) => line.split(','));
  }, 120_000);
  afterAll(async () => {
    await t.destroy();
  });

  describe('on the demo (a clear winner)', () => {
    it('states the one ranking rule, and says that only three factors are levers and which are not', () => {
      expect(byTestId(demoPage, 'ranking-rule')).toMatch(
        /^Workflows, levers and factors are all ranked by one rule, highest first: priority = share of the explained variance .* × distance of the mean from the top of the 1–5 scale/,
      );
      expect(byTestId(demoPage, 'levers-note')).toMatch(
        /^Only three organizational factors are levers, .*: decision rights, data access and measurement\. Leadership and goal clarity and Workflow orchestration matter too/,
      );
      // the organization-wide table marks which factors are levers: Leadership ranks first there but is not one
      const orgWide = /<caption>Organizational factors across the organization[\s\S]*?<\/table>/.exec(demoPage)![0];
      expect(text(orgWide)).toMatch(/1 Leadership and goal clarity no /);
    });

    it('ranks the headline’s workflow and lever first in the tables it comes from', () => {
      const headline = byTestId(demoPage, 'recommendation')!;
      expect(headline).toMatch(/^Start with "Financial reporting" and redesign data access there first\./);
      expect(tableRows(demoPage, 'workflow-ranking')[0].slice(0, 2)).toEqual(['1', 'Financial reporting']);
      expect(tableRows(demoPage, 'lever-ranking')[0].slice(0, 2)).toEqual(['1', 'Data access']);
      expect(byTestId(demoPage, 'tie')).toBeNull();
    });

    it('quotes only priorities that the tables show, beside the workflow or lever they belong to', () => {
      const headline = byTestId(demoPage, 'recommendation')!;
      const workflows = tableRows(demoPage, 'workflow-ranking');
      const quoted = [...headline.matchAll(/(?:"([^"]+)" has the highest priority, |next "([^"]+)", )(\d\.\d\d)/g)];
      expect(quoted).toHaveLength(2);
      for (const [, first, next, value] of quoted) {
        const row = workflows.find((r) => r[1] === (first ?? next))!;
        expect(row[5].startsWith(value), `${first ?? next}: ${value} in ${row[5]}`).toBe(true);
      }
      const lever = /data access has the highest priority, (\d\.\d\d)/.exec(headline)![1];
      expect(tableRows(demoPage, 'lever-ranking')[0][4].startsWith(lever)).toBe(true);
    });

    it('shows how often the bootstrap picks the workflow and the lever, and the intervals', () => {
      const headline = byTestId(demoPage, 'recommendation')!;
      const workflowFreq = /ranks first in ((?:more than )?\d+%) of 1,000 resamples/.exec(headline)![1];
      const leverFreq =
        /data access has the highest priority, \d\.\d\d, and ranks first in ((?:more than )?\d+%) of resamples/.exec(
          headline,
        )![1];
      const [first] = tableRows(demoPage, 'workflow-ranking');
      expect(first[6]).toBe(workflowFreq);
      expect(tableRows(demoPage, 'lever-ranking')[0][5]).toBe(leverFreq);
      expect(first[3]).toMatch(ciPattern); // organizational share with its interval
      expect(first[5]).toMatch(/^\d\.\d\d \(\d\.\d\d–\d\.\d\d\)$/); // priority with its interval
      expect(byTestId(demoPage, 'uncertainty')).toMatch(
        /^Intervals are 95% bootstrap percentile intervals from 1,000 resamples/,
      );
      // the charts of the workflow and lever rankings, each with its data, table and CSV
      for (const id of ['workflow-priority', 'lever-priority'])
        expect(demoPage).toContain(`<canvas id="${id}-canvas" data-chart="${id}-data"`);
    });
  });

  describe('on 2,000 responses with a planted near tie', () => {
    it('shows the tie, with both workflows named, in the headline and beside the tables', () => {
      const headline = byTestId(tiePage, 'recommendation')!;
      const rows = tableRows(tiePage, 'workflow-ranking');
      const [a, b] = rows.map((r) => r[1]);
      expect([a, b].sort()).toEqual([...TIED_WORKFLOWS].sort());
      expect(headline).toMatch(
        new RegExp(
          `^No single workflow stands out: "${a}" and "${b}" are tied \\(priorities \\d\\.\\d\\d and \\d\\.\\d\\d; first in \\d+% and \\d+% of 1,000 resamples\\), so start with either\\. In either, redesign data access first\\.`,
        ),
      );
      expect(byTestId(tiePage, 'tie')).toBe(
        `Near tie. The bootstrap cannot tell “${a}” and “${b}” apart: pick either on other grounds (cost, sponsor, timing).`,
      );
      expect(rows[1][0]).toBe('2 tied with 1');
      expect(tiePage).toContain(`First workflow: <strong>${a} or ${b} (tied)</strong>`);
    });

    it('shows the bootstrap frequencies and the intervals the tie rests on', () => {
      const headline = byTestId(tiePage, 'recommendation')!;
      const [, fa, fb] = /first in (\d+%) and (\d+%) of 1,000 resamples/.exec(headline)!;
      const rows = tableRows(tiePage, 'workflow-ranking');
      expect([rows[0][6], rows[1][6]]).toEqual([fa, fb]);
      for (const row of rows) {
        expect(row[3], row[1]).toMatch(ciPattern);
        expect(row[5], row[1]).toMatch(/^\d\.\d\d \(\d\.\d\d–\d\.\d\d\)$/);
      }
      expect(byTestId(tiePage, 'uncertainty')).toMatch(/resampled in 100 blocks of respondents/);
      // inside the first workflow the lever still stands out
      expect(tableRows(tiePage, 'lever-ranking')[0].slice(0, 2)).toEqual(['1', 'Data access']);
    });

    it('writes the same ranking, tie, intervals and frequencies into the CSV downloads', async () => {
      const rows = tableRows(tiePage, 'workflow-ranking');
      const [header, ...ranking] = await tieCsv('workflow-ranking');
      expect(header.slice(0, 4)).toEqual(['rank', 'workflow', 'n', 'tied_with_first']);
      expect(header.slice(-1)).toEqual(['first_in_share_of_resamples']);
      expect(ranking.map((r) => r.slice(0, 4))).toEqual(
        rows.map((r, i) => [String(i + 1), r[1], r[2], i === 0 ? 'first' : i === 1 ? 'yes' : '']),
      );
      for (const [i, r] of ranking.entries()) {
        expect(Number(r[5])).toBeLessThanOrEqual(Number(r[4]));
        expect(Number(r[6])).toBeGreaterThanOrEqual(Number(r[4]));
        expect(`${Math.round(Number(r[11]) * 100)}%`).toBe(rows[i][6]);
      }
      const [leverHeader, ...levers] = await tieCsv('levers');
      expect(leverHeader.slice(0, 3)).toEqual(['workflow', 'rank', 'lever']);
      expect(levers[0].slice(0, 3)).toEqual([rows[0][1], '1', 'data access']);
      const [workflowsHeader] = await tieCsv('workflows');
      expect(workflowsHeader).toEqual(expect.arrayContaining(['organizational_share_lower', 'data_access_mean_upper']));
    });
  });
});
