/**
 * Three defects of the benchmarks, each reproduced as a new user met it:
 * (a) the page said "Medians over N organizations" while R² and the shares came from fewer: each
 *     median now says how many organizations it is over, and is taken over those that have the figure;
 * (b) a 7-response client sat beside a 240-response one with no warning: small samples are flagged,
 *     and a client below its threshold shows no figure;
 * (c) "Give access" offered organizations the consultant already had.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrangeClientOrg } from '../helpers/benchmark-pool.js';
import { testDatabases } from '../helpers/db.js';
import { arrangeReportSurvey } from '../helpers/report-survey.js';
import { createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

/** The text of the element carrying data-testid="id", tags stripped. */
function byTestId(html: string, id: string): string {
  const m = new RegExp(`data-testid="${id}"[^>]*>([\\s\\S]*?)</(?:td|th|span|p)>`).exec(html);
  if (!m) throw new Error(`no element with data-testid="${id}"`);
  return m[1]
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe.each(testDatabases())('benchmark defects on $name', ({ create }) => {
  let t: StaffTestApp;
  let alphaId: number;
  let gammaId: number;

  beforeAll(async () => {
    t = await createStaffTestApp(undefined, create);
    const alpha = await arrangeReportSurvey(t.db, { slug: 'alpha', perTeam: 120, seed: 11 });
    const gamma = await arrangeReportSurvey(t.db, { slug: 'gamma', perTeam: 35, seed: 13 });
    alphaId = alpha.organizationId;
    gammaId = gamma.organizationId;
    await arrangeClientOrg(t.db, { slug: 'seven', name: 'Seven Co', responses: 7, seed: 5 });
    await arrangeClientOrg(t.db, { slug: 'three', name: 'Three Co', responses: 3, seed: 6 });
    await t.createUser('admin@example.com', 'admin');
    const consultant = await t.createUser('consultant@example.com', 'consultant');
    await t.db('user_organizations').insert({ user_id: consultant.id, organization_id: alphaId });
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('(a) states per figure how many organizations its median is over, counting only those with the figure', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    const html = (await agent.get('/benchmarks').expect(200)).text;
    expect(html).not.toMatch(/Medians over \d+ organizations? with figures/);
    // Three clients have figures (alpha, gamma, seven); seven's 7 responses are too few for R² and the split.
    expect(byTestId(html, 'median-count-responses')).toBe('median of 3 organizations');
    expect(byTestId(html, 'median-count-r2')).toBe('median of 2 organizations');
    expect(byTestId(html, 'median-count-org_share')).toBe('median of 2 organizations');
  });

  it('(b) flags the 7-response client as a small sample and shows no figure of the 3-response one', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    const html = (await agent.get('/benchmarks').expect(200)).text;
    expect(byTestId(html, 'sample-seven')).toMatch(/^Small sample: 7 responses/);
    expect(byTestId(html, 'sample-three')).toMatch(
      /^Below its anonymity threshold: fewer than 5 responses, no figures shown/,
    );
    expect(html).not.toContain('data-testid="sample-alpha"');
    // Nothing of Three Co's figures: every cell of its row says only that it is below the threshold.
    const cells = [...html.matchAll(/data-cell="three\|[^"]+">([\s\S]*?)<\/td>/g)].map((m) =>
      m[1]
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    expect(cells.length).toBeGreaterThan(3);
    for (const c of cells) expect(c).toBe('fewer than 5 responses');
    // The CSV carries the same flags.
    const csv = (await agent.get('/benchmarks.csv').expect(200)).text;
    expect(csv).toMatch(/Seven Co,,,Wave 1 of seven,[\d-]*,small \(fewer than 30 responses\),responses/);
    expect(csv).toMatch(/Three Co,,,Wave 1 of three,,below the anonymity threshold,responses/);
  });

  it('(c) offers a consultant only the organizations not yet assigned, and says so when there are none', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    const html = (await agent.get('/users').expect(200)).text;
    const form = /<form method="post" action="\/users\/\d+\/organizations"[\s\S]*?<\/form>/.exec(html);
    expect(form).not.toBeNull();
    const offered = [...form![0].matchAll(/<option value="(\d+)">/g)].map((m) => Number(m[1]));
    expect(offered).not.toContain(alphaId);
    expect(offered).toContain(gammaId);
    expect(offered.length).toBe(3);
  });

  it('(c) hides the form once a consultant has every organization', async () => {
    const ids: number[] = (await t.db('organizations').pluck('id')).map(Number);
    const user = await t.createUser('everything@example.com', 'consultant');
    for (const id of ids) await t.db('user_organizations').insert({ user_id: user.id, organization_id: id });
    const { agent } = await signIn(t.app, 'admin@example.com');
    const html = (await agent.get('/users').expect(200)).text;
    expect(html).not.toContain(`action="/users/${user.id}/organizations"`);
    expect(html).toContain('has every organization');
  });
});

describe('benchmark defects, signed out', () => {
  it('keeps /benchmarks behind the sign-in', async () => {
    const t = await createStaffTestApp();
    await request(t.app).get('/benchmarks').expect(303);
    await t.destroy();
  });
});
