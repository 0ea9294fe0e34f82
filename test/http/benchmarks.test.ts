/**
 * The benchmarks page and CSV over HTTP: consultants see their assigned organizations, admins all,
 * analysts a 404; an organization below its threshold shows "fewer than K responses" in every cell,
 * has no bar in the chart data and no figure in the CSV, and does not move the medians; the GET
 * filters narrow the page and the CSV alike; every CSV row is the same figure as its table cell.
 */
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figureText } from '../../server/routes/staff/benchmarks.js';
import type { FigureKind } from '../../server/services/benchmarks.js';
import { arrangeBenchmarkOrgs, type BenchmarkOrgs } from '../helpers/benchmark-orgs.js';
import { testDatabases } from '../helpers/db.js';
import { createStaffTestApp, signIn, type StaffTestApp } from './staff-app.js';

type CsvRow = Record<
  | 'organization'
  | 'industry'
  | 'size_band'
  | 'survey'
  | 'figure_key'
  | 'figure'
  | 'value'
  | 'ci_lower'
  | 'ci_upper'
  | 'benchmark_median'
  | 'difference',
  string
>;

const SLUG: Readonly<Record<string, string>> = {
  'Alpha Assurance': 'alpha',
  'Beta Mutual': 'beta',
  'Gamma Retail': 'gamma',
  'Tiny Brokers': 'tiny',
  'Empty Estates': 'empty',
};
const kindOf = (key: string): FigureKind =>
  key === 'responses' ? 'count' : key === 'r2' || key.endsWith(':mean') ? 'coefficient' : 'share';
const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** The text of every table cell marked data-cell="<slug>|<figure key>", tags stripped. */
function tableCells(html: string): Map<string, string> {
  const cells = new Map<string, string>();
  for (const m of html.matchAll(/data-cell="([^"]+)">([\s\S]*?)<\/td>/g))
    cells.set(
      m[1],
      m[2]
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  return cells;
}

/** One unit of the page's last digit, in the CSV's units (shares as proportions). */
const UNIT: Readonly<Record<FigureKind, number>> = { count: 0, coefficient: 0.01, share: 0.01 };

/**
 * The numbers of a shown cell ("19% interval 12% to 27% +3.0 pts vs median"), in the CSV's units:
 * value, interval bounds and difference (NaN where the cell has none).
 */
function cellNumbers(cell: string, kind: FigureKind): [number, number, number, number] {
  const m = /^(-?[\d.]+)%? (?:interval (-?[\d.]+)%? to (-?[\d.]+)%? )?(?:([+−±])([\d.]+)(?: pts)? vs median)?$/.exec(
    cell,
  );
  if (!m) throw new Error(`unexpected cell text: ${cell}`);
  const scale = kind === 'share' ? 100 : 1;
  const n = (s: string | undefined) => (s === undefined ? NaN : Number(s) / scale);
  return [n(m[1]), n(m[2]), n(m[3]), m[4] === '−' ? -n(m[5]) : n(m[5])];
}

/** The organization names of the chart's bars, from its JSON data block. */
function chartLabels(html: string): string[] {
  const m = /<script type="application\/json" id="org-share-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no chart data on the page');
  return (JSON.parse(m[1]) as { labels: string[] }).labels;
}

describe.each(testDatabases())('benchmarks page on $name', ({ create }) => {
  let t: StaffTestApp;
  let orgs: BenchmarkOrgs;

  beforeAll(async () => {
    t = await createStaffTestApp(undefined, create);
    orgs = await arrangeBenchmarkOrgs(t.db);
    await t.createUser('admin@example.com', 'admin');
    const consultant = await t.createUser('consultant@example.com', 'consultant');
    for (const id of [orgs.ids.alpha, orgs.ids.gamma, orgs.ids.tiny])
      await t.db('user_organizations').insert({ user_id: consultant.id, organization_id: id });
    await t.createUser('analyst@example.com', 'analyst', orgs.ids.alpha);
  });
  afterAll(async () => {
    await t.destroy();
  });

  it('sends a signed-out visitor to sign in, and answers an analyst with 404 and no link', async () => {
    await request(t.app)
      .get('/benchmarks?industry=Retail')
      .expect(303)
      .expect('Location', '/signin?next=%2Fbenchmarks%3Findustry%3DRetail');
    await request(t.app).get('/benchmarks.csv').expect(303).expect('Location', '/signin?next=%2Fbenchmarks.csv');
    const { agent } = await signIn(t.app, 'analyst@example.com');
    await agent.get('/benchmarks').expect(404);
    await agent.get('/benchmarks.csv').expect(404);
    await agent.get('/benchmarks?industry=Insurance').expect(404);
    expect((await agent.get('/orgs').expect(200)).text).not.toContain('href="/benchmarks"');
  });

  it('shows a consultant only the assigned organizations, with the benchmark link in the navigation', async () => {
    const { agent } = await signIn(t.app, 'consultant@example.com');
    expect((await agent.get('/orgs').expect(200)).text).toContain('href="/benchmarks"');
    const html = (await agent.get('/benchmarks').expect(200)).text;
    for (const name of ['Alpha Assurance', 'Gamma Retail', 'Tiny Brokers']) expect(html).toContain(name);
    for (const name of ['Beta Mutual', 'Empty Estates']) expect(html).not.toContain(name);
    const csv = parse((await agent.get('/benchmarks.csv').expect(200)).text, { columns: true, bom: true }) as CsvRow[];
    expect([...new Set(csv.map((r) => r.organization))]).toEqual(['Alpha Assurance', 'Gamma Retail', 'Tiny Brokers']);
    expect(chartLabels(html)).toEqual(['Alpha Assurance', 'Gamma Retail']);
  });

  it('shows an admin every organization, with a captioned table, the chart, its table and the CSV link', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    const html = (await agent.get('/benchmarks').expect(200)).text;
    for (const name of Object.keys(SLUG)) expect(html).toContain(name);
    expect(html).toMatch(/<caption>Benchmark figures/);
    expect(html).toContain('<th scope="row">Benchmark (median)</th>');
    expect(html).toContain('data-chart="org-share-data"');
    expect(html).toContain('<summary>Table of this chart</summary>');
    expect(html).toContain('href="/benchmarks.csv"');
    expect(html).toContain('/public/js/report-charts.js');
    expect(chartLabels(html)).toEqual(['Alpha Assurance', 'Beta Mutual', 'Gamma Retail']);
    const res = await agent.get('/benchmarks.csv').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="benchmarks.csv"');
  });

  it('shows no figure of an organization below its threshold (page, chart data, CSV) and keeps it out of the medians', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    const html = (await agent.get('/benchmarks').expect(200)).text;
    const cells = tableCells(html);
    const tinyCells = [...cells].filter(([k]) => k.startsWith('tiny|'));
    expect(tinyCells.length).toBeGreaterThan(5);
    for (const [key, text] of tinyCells) expect(text, key).toBe('fewer than 5 responses');
    expect(chartLabels(html)).not.toContain('Tiny Brokers');
    // Its older, reportable survey is not used either.
    expect(html).not.toContain(`/surveys/${orgs.tinyOlderSurvey}/`);

    const csv = parse((await agent.get('/benchmarks.csv').expect(200)).text, { columns: true, bom: true }) as CsvRow[];
    const tinyRows = csv.filter((r) => r.organization === 'Tiny Brokers');
    expect(tinyRows.length).toBe(tinyCells.length);
    for (const r of tinyRows)
      expect([r.value, r.ci_lower, r.ci_upper, r.difference], r.figure_key).toEqual(
        Array(4).fill('suppressed (fewer than 5)'),
      );

    // Each median is the median of the three organizations with figures, to the CSV's 4 decimals.
    for (const key of new Set(csv.map((r) => r.figure_key))) {
      const shown = csv
        .filter(
          (r) => r.figure_key === key && ['Alpha Assurance', 'Beta Mutual', 'Gamma Retail'].includes(r.organization),
        )
        .map((r) => Number(r.value));
      expect(shown.length, key).toBe(3);
      expect(Number(csv.find((r) => r.figure_key === key)!.benchmark_median), key).toBeCloseTo(median(shown), 3);
    }
  });

  it('writes every CSV row as the same figure as its table cell (value, interval, difference, median)', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    const cells = tableCells((await agent.get('/benchmarks').expect(200)).text);
    const csv = parse((await agent.get('/benchmarks.csv').expect(200)).text, { columns: true, bom: true }) as CsvRow[];
    const orgCells = [...cells.keys()].filter((k) => !k.startsWith('median|'));
    expect(csv.map((r) => `${SLUG[r.organization]}|${r.figure_key}`).sort()).toEqual(orgCells.sort());
    for (const r of csv) {
      const kind = kindOf(r.figure_key);
      const cell = cells.get(`${SLUG[r.organization]}|${r.figure_key}`)!;
      expect(cells.get(`median|${r.figure_key}`), r.figure_key).toBe(
        r.benchmark_median === '' ? '—' : figureText(kind, Number(r.benchmark_median)),
      );
      if (r.value === '' || r.value.startsWith('suppressed') || r.value === 'no survey with responses') continue;
      // The page rounds the exact value and the CSV keeps 4 decimals: they agree to the page's last digit.
      const [value, lower, upper, difference] = cellNumbers(cell, kind);
      expect(Math.abs(value - Number(r.value)), `${r.organization} ${r.figure_key}: ${cell}`).toBeLessThanOrEqual(
        UNIT[kind],
      );
      if (r.ci_lower !== '') {
        expect(Math.abs(lower - Number(r.ci_lower)), cell).toBeLessThanOrEqual(UNIT[kind]);
        expect(Math.abs(upper - Number(r.ci_upper)), cell).toBeLessThanOrEqual(UNIT[kind]);
      }
      if (r.difference !== '')
        expect(Math.abs(difference - Number(r.difference)), cell).toBeLessThanOrEqual(
          kind === 'share' ? 0.001 : UNIT[kind],
        );
    }
  });

  it('narrows the page, the chart and the CSV by industry and size band (plain GET form), and rejects an unknown size band', async () => {
    const { agent } = await signIn(t.app, 'admin@example.com');
    const page = (await agent.get('/benchmarks').expect(200)).text;
    expect(page).toMatch(/<form method="get" action="\/benchmarks"/);
    expect(page).toContain('<label for="f-industry">Industry</label>');
    expect(page).toContain('<option value="Retail">Retail</option>');

    const insurance = (await agent.get('/benchmarks?industry=Insurance').expect(200)).text;
    expect(insurance).not.toContain('Gamma Retail');
    expect(insurance).toContain('<option value="Insurance" selected>');
    expect(insurance).toContain('href="/benchmarks.csv?industry=Insurance"');
    expect(chartLabels(insurance)).toEqual(['Alpha Assurance', 'Beta Mutual']);
    const csv = parse((await agent.get('/benchmarks.csv?industry=Insurance').expect(200)).text, {
      bom: true,
      columns: true,
    }) as CsvRow[];
    expect([...new Set(csv.map((r) => r.organization))]).toEqual(['Alpha Assurance', 'Beta Mutual', 'Tiny Brokers']);
    const r2 = csv
      .filter((r) => r.figure_key === 'r2' && r.organization !== 'Tiny Brokers')
      .map((r) => Number(r.value));
    expect(Number(csv.find((r) => r.figure_key === 'r2')!.benchmark_median)).toBeCloseTo(median(r2), 3);

    const both = (await agent.get('/benchmarks?industry=Insurance&size=250-999').expect(200)).text;
    expect(chartLabels(both)).toEqual(['Alpha Assurance']);
    expect(both).not.toContain('Beta Mutual');
    const none = (await agent.get('/benchmarks?industry=Mining').expect(200)).text;
    expect(none).toContain('No organization you can see matches these filters.');
    await agent.get('/benchmarks?size=huge').expect(400);
  });
});
