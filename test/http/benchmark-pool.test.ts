/**
 * The benchmark pool over HTTP on SQLite and PostgreSQL: an admin gives and withdraws an
 * organization's consent on its page (recorded with who and when), others see the status only and
 * get a 404 for the forms' targets; a consultant places an assigned client among 6 pool members and
 * sees percentile ranks, the chart data and the method, without a single pool member named; with
 * fewer than 5 members nothing is placed and the page says why; another consultant's client is a 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBenchmarkPoolService } from '../../server/services/benchmark-pool.js';
import { createReportService } from '../../server/services/reports.js';
import type { StaffUser } from '../../server/services/users.js';
import { arrangeClientOrg, arrangePoolMembers, type ClientOrg } from '../helpers/benchmark-pool.js';
import { testDatabases } from '../helpers/db.js';
import { createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe.each(testDatabases())('benchmark pool pages on $name', ({ create }) => {
  let t: StaffTestApp;
  let admin: StaffUser;
  let client: ClientOrg;
  let rival: ClientOrg;
  let members: ClientOrg[];
  const join = (id: number) =>
    createBenchmarkPoolService({ db: t.db, reports: createReportService({ db: t.db }) }).join(admin, id);

  beforeAll(async () => {
    t = await createStaffTestApp(undefined, create);
    admin = await t.createUser('admin@example.com', 'admin');
    client = await arrangeClientOrg(t.db, { slug: 'client', name: 'Northwind Client', responses: 60, seed: 7 });
    rival = await arrangeClientOrg(t.db, { slug: 'rival', name: 'Rival Client', responses: 60, seed: 8 });
    members = await arrangePoolMembers(t.db, join, 4);
    const mine = await t.createUser('mine@example.com', 'consultant');
    await t.db('user_organizations').insert({ user_id: mine.id, organization_id: client.organizationId });
    const other = await t.createUser('other@example.com', 'consultant');
    await t.db('user_organizations').insert({ user_id: other.id, organization_id: rival.organizationId });
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('lets an admin give and withdraw consent on the organization’s page, recorded with who and when', async () => {
    const { agent, csrf } = await signIn(t.app, 'admin@example.com');
    expect((await agent.get('/orgs/rival').expect(200)).text).toContain('href="/orgs/rival/benchmark-pool"');
    const before = (await agent.get('/orgs/rival/benchmark-pool').expect(200)).text;
    expect(text(before)).toContain('Rival Client is not in the benchmark pool.');
    expect(before).toContain('action="/orgs/rival/benchmark-pool/join"');
    await agent.post('/orgs/rival/benchmark-pool/join').type('form').send({ _csrf: csrf }).expect(303);
    const today = new Date().toISOString().slice(0, 10);
    const joined = text((await agent.get('/orgs/rival/benchmark-pool').expect(200)).text);
    expect(joined).toContain(`Rival Client is in the benchmark pool : consent given by admin@example.com on ${today}.`);
    await agent.post('/orgs/rival/benchmark-pool/withdraw').type('form').send({ _csrf: csrf }).expect(303);
    const after = (await agent.get('/orgs/rival/benchmark-pool').expect(200)).text;
    expect(text(after)).toContain('Rival Client is not in the benchmark pool.');
    expect(after.match(/data-testid="consent-row"/g)).toHaveLength(1);
    expect(text(after)).toContain(`${today} admin@example.com ${today} admin@example.com`);
  });

  it('shows a consultant the status without the forms, and answers their POST with 404', async () => {
    const { agent, csrf } = await signIn(t.app, 'other@example.com');
    const page = (await agent.get('/orgs/rival/benchmark-pool').expect(200)).text;
    expect(page).not.toContain('/benchmark-pool/join"');
    expect(page).toContain('Only an admin can give or withdraw the consent.');
    await agent.post('/orgs/rival/benchmark-pool/join').type('form').send({ _csrf: csrf }).expect(404);
    await agent.get('/orgs/client/benchmark-pool').expect(404);
    expect(
      await t.db('benchmark_pool_members').where({ organization_id: rival.organizationId }).whereNull('withdrawn_at'),
    ).toEqual([]);
  });

  it('places nothing among 4 pool members, and says why', async () => {
    const { agent } = await signIn(t.app, 'mine@example.com');
    const page = text((await agent.get('/benchmarks/client').expect(200)).text);
    expect(page).toContain('Nothing is compared: only 4 pool organizations on');
    expect(page).toContain('needs at least 5');
    expect(page).not.toContain('Percentile ranks among');
  });

  it('places a client among 6 pool members with ranks, chart and method, naming no member; another consultant’s client is a 404', async () => {
    members.push(...(await arrangePoolMembers(t.db, join, 0)));
    for (const slug of ['pool-5', 'pool-6']) {
      const m = await arrangeClientOrg(t.db, {
        slug,
        name: `Pool member ${slug.at(-1)}`,
        responses: 50,
        seed: 300 + Number(slug.at(-1)),
      });
      await join(m.organizationId);
      members.push(m);
    }
    const { agent } = await signIn(t.app, 'mine@example.com');
    const html = (await agent.get('/benchmarks/client').expect(200)).text;
    expect(text(html)).toContain('Percentile ranks among 6 pool organizations');
    // Another consultant's client joins the pool: it counts, and stays unnamed.
    await join(rival.organizationId);
    const withRival = (await agent.get('/benchmarks/client').expect(200)).text;
    expect(text(withRival)).toContain('Percentile ranks among 7 pool organizations');
    expect(withRival).not.toContain('Rival Client');
    expect(withRival).not.toContain('/rival');
    expect(text(html)).toContain('the latest wave with released figures (the default)');
    expect(html).toContain('data-testid="difference-method"');
    const ranks = [...html.matchAll(/data-testid="rank-([^"]+)">(\d+)</g)].map((m) => Number(m[2]));
    expect(ranks.length).toBeGreaterThan(5);
    for (const r of ranks) expect(r >= 0 && r <= 100).toBe(true);
    const chart = JSON.parse(/id="pool-position-data">([\s\S]*?)<\/script>/.exec(html)![1]) as {
      labels: string[];
      datasets: { data: number[] }[];
    };
    expect(chart.labels.length).toBe(ranks.length);
    for (const m of members) {
      expect(html).not.toContain(m.slug);
      expect(html).not.toMatch(new RegExp(`Pool member ${m.slug.slice(5)}\\b`));
    }
    expect(html).not.toContain('Rival Client');
    // The consultant's table lists their own client only: no pool member, no other consultant's client.
    const table = (await agent.get('/benchmarks').expect(200)).text;
    expect(table).toContain('Northwind Client');
    expect(table).not.toContain('Rival Client');
    expect(table).not.toContain('Pool member');
    await agent.get('/benchmarks/rival').expect(404);
    await agent.get('/benchmarks/pool-1').expect(404);
    await agent.get('/benchmarks/client?survey=abc').expect(400);
  });

  it('keeps analysts out of the pool comparison', async () => {
    await t.createUser('analyst@example.com', 'analyst', client.organizationId);
    const { agent } = await signIn(t.app, 'analyst@example.com');
    await agent.get('/benchmarks/client').expect(404);
  });
});
