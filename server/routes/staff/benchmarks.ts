/**
 * The benchmarks page (GET /benchmarks) and its CSV (GET /benchmarks.csv), for consultants and admins
 * (analysts get a 404 like any page they may not see). Both read the same Benchmark from
 * services/benchmarks.ts, filtered by the GET query (?industry=…&size=…), so the page, the chart data
 * and the CSV can never disagree. An organization below its threshold appears only as "fewer than K
 * responses" (page) or "suppressed (fewer than K)" (CSV); one under SMALL_SAMPLE responses is flagged
 * as a small sample on both. The page's table has one row per organization, sorted on the server by
 * ?sort=KEY&dir=asc|desc (benchmark-table.ts); each median states how many organizations it is over.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { SMALL_SAMPLE } from '../../../analysis/benchmarks/sample-size.js';
import { currentUser, requireRole, requireUser } from '../../auth/require-user.js';
import { ValidationError } from '../../errors.js';
import type { Benchmark, BenchmarkService, FigureKind } from '../../services/benchmarks.js';
import { toCsv } from '../../services/csv.js';
import { SIZE_BANDS } from '../../services/organizations.js';
import { ariaSort, sortEntries, sortHref, sortOf } from './benchmark-table.js';
import { sendCsv } from './csv-download.js';
import { COLOURS, type BarChart } from './report-charts.js';
import { percentPoints } from './report-format.js';
import * as fmt from './report-format.js';

const filterSchema = z.object({
  industry: z.string().trim().max(80, 'Use an industry of at most 80 characters.').optional().default(''),
  size: z
    .enum(['', ...SIZE_BANDS], `Choose a size band: ${SIZE_BANDS.join(', ')}, or none.`)
    .optional()
    .default(''),
});

/** The filters of the query string; a 400 naming the problem for anything else. */
function filtersOf(req: Request): { industry: string; sizeBand: string } {
  const parsed = filterSchema.safeParse(req.query);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => i.message).join(' '));
  return { industry: parsed.data.industry, sizeBand: parsed.data.size };
}

/** The query string that repeats the filters (for the CSV link), '' without any. */
export function filterQuery(filters: Benchmark['filters']): string {
  const params = new URLSearchParams();
  if (filters.industry) params.set('industry', filters.industry);
  if (filters.sizeBand) params.set('size', filters.sizeBand);
  const q = params.toString();
  return q ? `?${q}` : '';
}

/** A figure's value as the page writes it: counts whole, coefficients with two decimals, shares in %. */
export function figureText(kind: FigureKind, v: number): string {
  if (kind === 'count') return String(Math.round(v));
  return kind === 'share' ? fmt.pct(v) : fmt.num(v);
}

/** A difference from the median, signed (U+2212 for minus); shares in percentage points. */
export function differenceText(kind: FigureKind, d: number): string {
  const magnitude =
    kind === 'count'
      ? String(Math.round(Math.abs(d)))
      : kind === 'share'
        ? `${(Math.abs(d) * 100).toFixed(1)} pts`
        : Math.abs(d).toFixed(2);
  if (/^0(\.0+)?( pts)?$/.test(magnitude)) return `±${magnitude}`;
  return `${d < 0 ? '−' : '+'}${magnitude}`;
}

/** Organizational share of explained variance per organization with a shown value, CI as whiskers. */
export function orgShareChart(benchmark: Benchmark): BarChart | null {
  const bars = benchmark.entries.flatMap((e) => {
    const v = e.result.status === 'ok' ? e.result.figures.org_share : undefined;
    return v?.status === 'shown' ? [{ label: e.organization.name, value: v.value, ci: v.ci }] : [];
  });
  if (bars.length === 0) return null;
  return {
    kind: 'bar',
    horizontal: true,
    stacked: false,
    labels: bars.map((b) => b.label),
    datasets: [
      {
        label: 'Organizational share of explained variance (%)',
        data: bars.map((b) => percentPoints(b.value)),
        colors: COLOURS.organizational,
        whiskers: bars.map((b) => (b.ci ? [percentPoints(b.ci[0]), percentPoints(b.ci[1])] : null)),
      },
    ],
    valueAxis: { title: 'Organizational share of the explained variance in AI performance (%)', min: 0, max: 100 },
  };
}

const round = (v: number): number => Number(v.toFixed(4));

/** One row per organization and figure, the same cells as the page's table; proportions for shares. */
export function benchmarkCsv(benchmark: Benchmark): string {
  const header = [
    'organization',
    'industry',
    'size_band',
    'survey',
    'survey_figures_as_of',
    'sample',
    'figure_key',
    'figure',
    'value',
    'ci_lower',
    'ci_upper',
    'benchmark_median',
    'difference',
  ];
  const rows: (string | number)[][] = [];
  for (const e of benchmark.entries) {
    const lead = [
      e.organization.name,
      e.organization.industry ?? '',
      e.organization.sizeBand ?? '',
      e.survey?.title ?? '',
      e.survey?.releasedOn ?? '',
      e.result.status === 'suppressed'
        ? 'below the anonymity threshold'
        : e.result.status === 'ok' && e.result.sample === 'small'
          ? `small (fewer than ${SMALL_SAMPLE} responses)`
          : '',
    ];
    for (const f of benchmark.figures) {
      const m = benchmark.medians[f.key];
      const median = m ? round(m.value) : '';
      const r = e.result;
      if (r.status === 'no-responses') {
        rows.push([...lead, f.key, f.label, 'no survey with responses', '', '', median, '']);
        continue;
      }
      const v =
        r.status === 'suppressed'
          ? { status: 'suppressed' as const, n_below: r.n_below }
          : (r.figures[f.key] ?? { status: 'missing' as const });
      if (v.status === 'suppressed') {
        const note = fmt.suppressedCsv(v.n_below);
        rows.push([...lead, f.key, f.label, note, note, note, median, note]);
      } else if (v.status === 'missing') {
        rows.push([...lead, f.key, f.label, '', '', '', median, '']);
      } else {
        rows.push([
          ...lead,
          f.key,
          f.label,
          round(v.value),
          v.ci ? round(v.ci[0]) : '',
          v.ci ? round(v.ci[1]) : '',
          median,
          v.difference === null ? '' : round(v.difference),
        ]);
      }
    }
  }
  return toCsv(header, rows);
}

export function createBenchmarkRouter({ benchmarks }: { benchmarks: BenchmarkService }): Router {
  const router = Router();
  const guard = [requireUser, requireRole('admin', 'consultant')];

  router.get('/benchmarks', ...guard, async (req, res) => {
    const benchmark = await benchmarks.forViewer(currentUser(res), filtersOf(req));
    const sort = sortOf(req.query, benchmark);
    res.render('benchmarks/index', {
      title: 'Benchmarks',
      benchmark,
      rows: sortEntries(benchmark.entries, sort),
      sort,
      sortHref,
      ariaSort,
      smallSample: SMALL_SAMPLE,
      chart: orgShareChart(benchmark),
      sizeBands: SIZE_BANDS,
      csvHref: `/benchmarks.csv${filterQuery(benchmark.filters)}`,
      fmt,
      figureText,
      differenceText,
    });
  });

  router.get('/benchmarks.csv', ...guard, async (req, res) => {
    const benchmark = await benchmarks.forViewer(currentUser(res), filtersOf(req));
    sendCsv(res, 'benchmarks.csv', benchmarkCsv(benchmark));
  });

  return router;
}
