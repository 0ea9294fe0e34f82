/**
 * The consultant's benchmark table at 200 clients, on SQLite and PostgreSQL: every client gets its
 * row, the table sorts on the server by the query (name, responses, a scale mean; both directions)
 * with aria-sort on the sorted header and links that work without JavaScript, clients without the
 * sorted figure (below their threshold) come last, and an unknown column is a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrangeClientOrg } from '../helpers/benchmark-pool.js';
import { testDatabases } from '../helpers/db.js';
import { createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

const CLIENTS = 200;

/** The slugs of the table's rows, in order. */
const rowOrder = (html: string) => [...html.matchAll(/<tr data-row="([^"]+)">/g)].map((m) => m[1]);
/** The number shown first in each row's cell of `key`, by slug (null: no figure). */
function cellValues(html: string, key: string): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const m of html.matchAll(
    new RegExp(`data-cell="([^"|]+)\\|${key.replace(/[:]/g, '\\$&')}">([\\s\\S]*?)</td>`, 'g'),
  )) {
    if (m[1] === 'median') continue;
    const first = /^\s*(-?\d+(?:\.\d+)?)/.exec(m[2].replace(/<[^>]+>/g, ' '));
    out.set(m[1], first && !/fewer than/.test(m[2]) ? Number(first[1]) : null);
  }
  return out;
}

describe.each(testDatabases())('benchmark table of 200 clients on $name', ({ create }) => {
  let t: StaffTestApp;
  const below = new Set<string>();

  beforeAll(async () => {
    t = await createStaffTestApp(undefined, create);
    const consultant = await t.createUser('consultant@example.com', 'consultant');
    for (let i = 1; i <= CLIENTS; i++) {
      const slug = `client-${String(i).padStart(3, '0')}`;
      // 6–9 responses (no split, so no bootstrap: the page stays quick); every 25th is below its threshold.
      const responses = i % 25 === 0 ? 3 : 6 + (i % 4);
      if (responses === 3) below.add(slug);
      const org = await arrangeClientOrg(t.db, {
        slug,
        name: `Client ${String((i * 37) % 211).padStart(3, '0')} ${i}`,
        responses,
        seed: i,
      });
      await t.db('user_organizations').insert({ user_id: consultant.id, organization_id: org.organizationId });
    }
  }, 240_000);
  afterAll(async () => {
    await t.destroy();
  });

  it('renders all 200 clients, sorted by name by default, with aria-sort on the name column', async () => {
    const { agent } = await signIn(t.app, 'consultant@example.com');
    const html = (await agent.get('/benchmarks').expect(200)).text;
    const rows = rowOrder(html);
    expect(rows).toHaveLength(CLIENTS);
    expect(new Set(rows).size).toBe(CLIENTS);
    const names = [...html.matchAll(/<tr data-row="[^"]+">\s*<th scope="row"><a href="[^"]+">([^<]+)</g)].map(
      (m) => m[1],
    );
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(html).toMatch(
      /<th scope="col" aria-sort="ascending"><a class="sort-link" href="\/benchmarks\?sort=name&amp;dir=desc#figures-title">Organization/,
    );
    expect(html.match(/aria-sort=/g)).toHaveLength(1);
  }, 120_000);

  it('sorts by responses and by a scale mean in both directions, clients without the figure last', async () => {
    const { agent } = await signIn(t.app, 'consultant@example.com');
    const first = (await agent.get('/benchmarks').expect(200)).text;
    const scaleKey = /data-cell="median\|(scale:[^"]+:mean)"/.exec(first)![1];
    for (const key of ['responses', scaleKey])
      for (const dir of ['asc', 'desc'] as const) {
        const html = (await agent.get(`/benchmarks?sort=${encodeURIComponent(key)}&dir=${dir}`).expect(200)).text;
        expect(html).toContain(`aria-sort="${dir === 'asc' ? 'ascending' : 'descending'}"`);
        const rows = rowOrder(html);
        expect(rows).toHaveLength(CLIENTS);
        const values = cellValues(html, key);
        const shown = rows.filter((r) => values.get(r) !== null);
        const hidden = rows.slice(shown.length);
        expect(new Set(hidden)).toEqual(below);
        const seq = shown.map((r) => values.get(r)!);
        for (let i = 1; i < seq.length; i++)
          if (dir === 'asc') expect(seq[i]).toBeGreaterThanOrEqual(seq[i - 1]);
          else expect(seq[i]).toBeLessThanOrEqual(seq[i - 1]);
      }
  }, 120_000);

  it('answers an unknown column or direction with 400', async () => {
    const { agent } = await signIn(t.app, 'consultant@example.com');
    await agent.get('/benchmarks?sort=password&dir=asc').expect(400);
    await agent.get('/benchmarks?sort=name&dir=sideways').expect(400);
  }, 120_000);
});
