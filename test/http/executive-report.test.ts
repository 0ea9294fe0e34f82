/**
 * The executive report over HTTP on SQLite and PostgreSQL: it names the organization and the wave,
 * carries the headline split, where to start, the benchmark position (or why there is none) and what
 * the figures do not show, is linked from the overview, shows no figure below the threshold, and is
 * a 404 for a consultant not assigned to the organization.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBenchmarkPoolService } from '../../server/services/benchmark-pool.js';
import { createReportService } from '../../server/services/reports.js';
import { arrangeClientOrg, arrangePoolMembers, type ClientOrg } from '../helpers/benchmark-pool.js';
import { testDatabases } from '../helpers/db.js';
import { createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe.each(testDatabases())('executive report on $name', ({ create }) => {
  let t: StaffTestApp;
  let client: ClientOrg;
  let tiny: ClientOrg;

  beforeAll(async () => {
    t = await createStaffTestApp(undefined, create);
    const admin = await t.createUser('admin@example.com', 'admin');
    client = await arrangeClientOrg(t.db, { slug: 'acme', name: 'Acme Logistics', responses: 80, seed: 21 });
    tiny = await arrangeClientOrg(t.db, { slug: 'tiny', name: 'Tiny Ltd', responses: 3, seed: 22 });
    const pool = createBenchmarkPoolService({ db: t.db, reports: createReportService({ db: t.db }) });
    await arrangePoolMembers(t.db, (id) => pool.join(admin, id), 3);
    await t.createUser('stranger@example.com', 'consultant');
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('names the organization and holds the headline, where to start, the pool position and the limits', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    const base = `/orgs/acme/surveys/${client.surveyId}/report`;
    expect((await agent.get(base).expect(200)).text).toContain(`href="${base}/executive"`);
    const html = (await agent.get(`${base}/executive`).expect(200)).text;
    const page = text(html);
    expect(page).toContain('Executive report Acme Logistics');
    expect(page).toContain('Wave 1 of acme · 80 responses');
    expect(html).toContain('data-testid="executive-lead"');
    expect(page).toMatch(/Organizational \(how work is organized\) \d+%/);
    expect(page).toContain('No comparison yet: 3 organizations in the pool use this questionnaire');
    expect(page).toContain('What these figures do not show');
    expect(page).toContain('Cause and effect');
    expect(html).toContain('/public/css/executive.css');
  });

  it('shows no figure of a survey below its threshold', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    const page = text((await agent.get(`/orgs/tiny/surveys/${tiny.surveyId}/report/executive`).expect(200)).text);
    expect(page).toContain('fewer than 5 responses');
    expect(page).toContain('No comparison: this survey shows no figures yet.');
    const figures = page.match(/.{40}\d+%.{20}/g) ?? [];
    expect(figures.filter((f) => !f.includes('above 70% of that pool'))).toEqual([]);
  });

  it('is a 404 for a consultant not assigned to the organization', async () => {
    const { agent } = await signIn(t.app, 'stranger@example.com');
    await agent.get(`/orgs/acme/surveys/${client.surveyId}/report/executive`).expect(404);
  });
});
