/** The glossary page: reachable without signing in, every term the report pages link to, and linked from them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewsDir } from '../../server/paths.js';
import { createStaffTestApp, type StaffTestApp } from './staff-app.js';

describe('the glossary', () => {
  let t: StaffTestApp;
  beforeAll(async () => {
    t = await createStaffTestApp();
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('answers 200 without a session and explains R², the shares, intervals, LMG, dominance, ICC, rwg, alpha and the reference', async () => {
    const res = await request(t.app).get('/glossary').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    for (const id of ['explained', 'share', 'interval', 'lmg', 'dominance', 'icc', 'rwg', 'alpha', 'work-trend-index'])
      expect(res.text).toContain(`<dt id="${id}">`);
    expect(res.text).toContain('<h1 id="page-title">Glossary</h1>');
  });

  it('has every term a report template links to (#anchor), and the report navigation links to it', () => {
    const dir = join(viewsDir, 'report');
    const templates = readdirSync(dir)
      .filter((f) => f.endsWith('.ejs'))
      .map((f) => readFileSync(join(dir, f), 'utf8'));
    const glossary = readFileSync(join(viewsDir, 'glossary.ejs'), 'utf8');
    const anchors = templates.flatMap((t) => [...t.matchAll(/href="\/glossary#([a-z-]+)"/g)].map((m) => m[1]));
    expect(anchors.length).toBeGreaterThan(0);
    for (const a of anchors) expect(glossary, `#${a}`).toContain(`id="${a}"`);
    expect(templates.some((t) => t.includes('<li><a href="/glossary">Glossary</a></li>'))).toBe(true);
  });
});
