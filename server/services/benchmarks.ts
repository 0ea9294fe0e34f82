/**
 * Benchmarks across organizations, for consultants (their assigned organizations) and admins (all):
 * for each visible organization its most recent open or closed survey that has responses (the page
 * and the CSV say which wave that is, and the day its figures are as of), a few
 * figures from that survey's cached Report (services/reports.ts), and the median of each figure
 * across the listed organizations with each organization's difference from it.
 *
 * Anonymity: an organization whose report is suppressed (fewer responses than its threshold) is
 * listed with that fact only. Its Report is never handed on (a SuppressedReport still carries the
 * true count in meta.responses), so no figure of it can reach a page, chart or CSV, and it adds
 * nothing to the medians.
 */
import type { Knex } from 'knex';
import type { Cell } from '../../analysis/anonymity/suppressed.js';
import { sampleSize } from '../../analysis/benchmarks/sample-size.js';
import { quantileSorted } from '../../analysis/linear/quantile.js';
import type { FullReport, Interval } from '../../analysis/report/report.js';
import { countSurveysWithResponses, latestSurveysWithResponses, type Survey } from '../data/surveys.js';
import type { Organization, OrganizationService } from './organizations.js';
import type { ReportService } from './reports.js';
import type { StaffUser } from './users.js';

/** How a figure is written: a count, a coefficient (R², a scale mean) or a share in [0, 1]. */
export type FigureKind = 'count' | 'coefficient' | 'share';

export interface BenchmarkFigure {
  /** Stable key, also the CSV's figure column ("r2", "org_share", "scale:data_access:mean" …). */
  readonly key: string;
  readonly label: string;
  readonly kind: FigureKind;
}

/** One organization's value of one figure. `difference` = value − median (null without a median). */
export type FigureValue =
  | {
      readonly status: 'shown';
      readonly value: number;
      readonly ci: Interval | null;
      readonly difference: number | null;
    }
  | { readonly status: 'suppressed'; readonly n_below: number }
  | { readonly status: 'missing' };

export type BenchmarkResult =
  | { readonly status: 'no-responses' }
  | { readonly status: 'suppressed'; readonly n_below: number }
  | {
      readonly status: 'ok';
      /** 'small' below SMALL_SAMPLE responses (analysis/benchmarks/sample-size.ts): flagged on every surface. */
      readonly sample: 'small' | 'adequate';
      readonly figures: Readonly<Record<string, FigureValue>>;
    };

export interface BenchmarkEntry {
  readonly organization: Organization;
  /**
   * The wave the figures come from (the latest open or closed survey with responses), the day of the
   * release they are as of (null before its first), and how many such waves the organization has;
   * null when no open or closed survey has responses.
   */
  readonly survey: (Pick<Survey, 'id' | 'title' | 'status'> & { releasedOn: string | null; waves: number }) | null;
  readonly result: BenchmarkResult;
}

export interface BenchmarkMedian {
  readonly value: number;
  /** Organizations the median is taken over. */
  readonly count: number;
}

export interface BenchmarkFilters {
  readonly industry?: string | null;
  readonly sizeBand?: string | null;
}

export interface Benchmark {
  readonly figures: readonly BenchmarkFigure[];
  readonly entries: readonly BenchmarkEntry[];
  /**
   * Median per figure key over the organizations that have that figure (each median says how many:
   * R² and the shares need more responses than the counts, so their medians can be over fewer).
   */
  readonly medians: Readonly<Record<string, BenchmarkMedian | null>>;
  /** Industries of the organizations the viewer may see (before filtering), for the filter form. */
  readonly industries: readonly string[];
  readonly filters: { readonly industry: string | null; readonly sizeBand: string | null };
}

const FIXED_FIGURES: readonly BenchmarkFigure[] = [
  { key: 'responses', label: 'Responses (n)', kind: 'count' },
  { key: 'r2', label: 'R² (AI performance explained)', kind: 'coefficient' },
  { key: 'org_share', label: 'Organizational share of explained variance', kind: 'share' },
  { key: 'misaligned', label: 'Misaligned respondents', kind: 'share' },
  { key: 'high_performer', label: 'High performers', kind: 'share' },
];

type Shown = Extract<FigureValue, { status: 'shown' }>;
const shown = (value: number, ci: Interval | null = null): Shown => ({ status: 'shown', value, ci, difference: null });
const missing: FigureValue = { status: 'missing' };
const fromCell = (c: Cell<number>): FigureValue =>
  c.suppressed ? { status: 'suppressed', n_below: c.n_below } : c.n === 0 ? missing : shown(c.value);

/** The figures of one full report, keyed like BenchmarkFigure.key (differences not yet set). */
function reportFigures(report: FullReport): Record<string, FigureValue> {
  const d = report.decomposition;
  const org = d?.groups.find((g) => g.group === 'organizational');
  const figures: Record<string, FigureValue> = {
    responses: shown(report.meta.responses),
    r2: d ? shown(d.r2, d.r2_ci) : missing,
    org_share: org ? shown(org.share, org.share_ci) : missing,
    misaligned: fromCell(report.segments.overall.misaligned),
    high_performer: fromCell(report.segments.overall.high_performer),
  };
  for (const s of report.scales) {
    if (s.group !== 'organizational') continue;
    figures[`scale:${s.id}:mean`] = s.n > 0 ? shown(s.mean) : missing;
    figures[`scale:${s.id}:favourable`] = s.n > 0 ? shown(s.favourable) : missing;
  }
  return figures;
}

/** Median (R's type-7 quantile at 0.5, i.e. the usual median) of the values; null for none. */
function median(values: number[]): BenchmarkMedian | null {
  if (values.length === 0) return null;
  return {
    value: quantileSorted(
      [...values].sort((a, b) => a - b),
      0.5,
    ),
    count: values.length,
  };
}

export interface BenchmarkServiceDeps {
  readonly db: Knex;
  readonly organizations: OrganizationService;
  readonly reports: Pick<ReportService, 'forSurvey'>;
}

export function createBenchmarkService({ db, organizations, reports }: BenchmarkServiceDeps) {
  /** The figures of the survey's report, and its organizational scales (for the figure list). */
  async function resultOf(survey: Survey | undefined): Promise<{
    result: BenchmarkResult;
    scales: readonly { id: string; title: string }[];
    releasedOn: string | null;
  }> {
    if (!survey) return { result: { status: 'no-responses' }, scales: [], releasedOn: null };
    const { report, overview } = await reports.forSurvey(survey);
    const releasedOn = overview.release?.releasedOn ?? null;
    // Only the threshold leaves a suppressed report: its meta (with the true count) stays here.
    if (report.status === 'suppressed')
      return { result: { status: 'suppressed', n_below: report.n_below }, scales: [], releasedOn };
    const scales = report.scales.filter((s) => s.group === 'organizational').map((s) => ({ id: s.id, title: s.title }));
    const sample = sampleSize(report.meta.responses, report.meta.threshold) === 'small' ? 'small' : 'adequate';
    return { result: { status: 'ok', sample, figures: reportFigures(report) }, scales, releasedOn };
  }

  /** The benchmark over the organizations `viewer` may see, narrowed by the filters (exact matches). */
  async function forViewer(viewer: StaffUser, filters: BenchmarkFilters = {}): Promise<Benchmark> {
    const visible = await organizations.listVisible(viewer);
    const industries = [...new Set(visible.map((o) => o.industry).filter((i): i is string => !!i))].sort((a, b) =>
      a.localeCompare(b),
    );
    const industry = filters.industry || null;
    const sizeBand = filters.sizeBand || null;
    const listed = visible.filter(
      (o) => (industry === null || o.industry === industry) && (sizeBand === null || o.sizeBand === sizeBand),
    );
    const ids = listed.map((o) => o.id);
    const [surveys, waves] = await Promise.all([
      latestSurveysWithResponses(db, ids),
      countSurveysWithResponses(db, ids),
    ]);

    // One report at a time: each build is CPU-bound, and sequential builds keep memory flat.
    const raw: {
      organization: Organization;
      survey: Survey | undefined;
      result: BenchmarkResult;
      releasedOn: string | null;
    }[] = [];
    const scaleFigures = new Map<string, BenchmarkFigure>();
    for (const organization of listed) {
      const survey = surveys.get(organization.id);
      const { result, scales, releasedOn } = await resultOf(survey);
      raw.push({ organization, survey, result, releasedOn });
      for (const s of scales) {
        if (scaleFigures.has(`scale:${s.id}:mean`)) continue;
        scaleFigures.set(`scale:${s.id}:mean`, {
          key: `scale:${s.id}:mean`,
          label: `${s.title}: mean`,
          kind: 'coefficient',
        });
        scaleFigures.set(`scale:${s.id}:favourable`, {
          key: `scale:${s.id}:favourable`,
          label: `${s.title}: % favourable`,
          kind: 'share',
        });
      }
    }
    const figures = [...FIXED_FIGURES, ...scaleFigures.values()];

    const medians: Record<string, BenchmarkMedian | null> = {};
    for (const f of figures) {
      const values: number[] = [];
      for (const { result } of raw) {
        const v = result.status === 'ok' ? result.figures[f.key] : undefined;
        if (v?.status === 'shown') values.push(v.value);
      }
      medians[f.key] = median(values);
    }

    const entries: BenchmarkEntry[] = raw.map(({ organization, survey, result, releasedOn }) => ({
      organization,
      survey: survey
        ? {
            id: survey.id,
            title: survey.title,
            status: survey.status,
            releasedOn,
            waves: waves.get(organization.id) ?? 1,
          }
        : null,
      result:
        result.status !== 'ok' ? result : { ...result, figures: withDifferences(figures, result.figures, medians) },
    }));
    return { figures, entries, medians, industries, filters: { industry, sizeBand } };
  }

  return { forViewer };
}

/** Every figure of the list (missing where the report has none), shown ones with value − median. */
function withDifferences(
  figures: readonly BenchmarkFigure[],
  values: Readonly<Record<string, FigureValue>>,
  medians: Readonly<Record<string, BenchmarkMedian | null>>,
): Record<string, FigureValue> {
  const out: Record<string, FigureValue> = {};
  for (const f of figures) {
    const v = values[f.key] ?? missing;
    const m = medians[f.key];
    out[f.key] = v.status === 'shown' && m ? { ...v, difference: v.value - m.value } : v;
  }
  return out;
}

export type BenchmarkService = ReturnType<typeof createBenchmarkService>;
