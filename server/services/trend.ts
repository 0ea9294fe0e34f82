/**
 * The trend of a survey series: the change between two waves in each scale mean and in the
 * organizational share of explained variance, with bootstrap intervals (analysis/action/waves.ts
 * `compareWaves`, as `readiness report --compare` computes it), overall and per unit.
 *
 * A series is the surveys of one organization on one instrument (the same stored instrument version,
 * so the items and scales match), in the order they were created; drafts are not in it.
 *
 * Anonymity: each wave is read from its released report, under its own suppression decision. The
 * overall change is shown when neither report is suppressed; a unit's change only where both reports
 * show the unit, so the trend shows no group a report hides (a unit's two means are the heatmap's).
 */
import type { Knex } from 'knex';
import { compareWaves, type WaveComparison } from '../../analysis/action/waves.js';
import type { FullReport } from '../../analysis/report/report.js';
import { seriesInstrumentIds } from '../data/instruments.js';
import { listSurveys, type Survey } from '../data/surveys.js';
import { answersOf, releasedResponses, type ReleasedResponses } from './released-responses.js';
import { createReportCache } from './report-cache.js';
import type { ReportService, ReportView } from './reports.js';

export type TrendResult =
  | { readonly suppressed: false; readonly comparison: WaveComparison }
  | { readonly suppressed: true; readonly reason: string };

export interface TrendUnit {
  readonly unit: string;
  readonly path: string;
  readonly depth: number;
  readonly result: TrendResult;
}

export interface TrendWave {
  readonly survey: Survey;
  /** The day of the release the wave's figures come from; null before its first. */
  readonly releasedOn: string | null;
}

export interface Trend {
  readonly from: TrendWave;
  readonly to: TrendWave;
  readonly overall: TrendResult;
  readonly units: readonly TrendUnit[];
}

export interface TrendOptions {
  readonly db: Knex;
  readonly reports: Pick<ReportService, 'forSurvey'>;
  /** Bootstrap replicates, seed and interval level (default 1000, 1, 0.95; tests shrink B). */
  readonly bootstrap?: { readonly B: number; readonly seed: number; readonly level: number };
}

interface Wave {
  readonly survey: Survey;
  readonly report: FullReport | null;
  readonly rows: ReleasedResponses | null;
  readonly releasedOn: string | null;
  /** What the wave's figures depend on (its release and tree), for the cache key. */
  readonly version: string;
  /** The report view, while the rows are still to be read. */
  readonly view?: ReportView;
}

/** Unit id → the ids of it and every unit below it, in a report's tree. */
function subtrees(report: FullReport): Map<string, Set<string>> {
  const out = new Map(report.units.map((u) => [u.id, new Set([u.id])]));
  const byId = new Map(report.units.map((u) => [u.id, u]));
  for (const u of report.units)
    for (
      let p = u.parent, depth = 0;
      p !== null && depth <= report.units.length;
      p = byId.get(p)?.parent ?? null, depth++
    )
      out.get(p)?.add(u.id);
  return out;
}

export function createTrendService({ db, reports, bootstrap = { B: 1000, seed: 1, level: 0.95 } }: TrendOptions) {
  const cache = createReportCache<Trend>(16);

  /**
   * The series `survey` belongs to, oldest first: the organization's non-draft surveys on its
   * instrument or on a version of it scored alike (analysis/scales/instrument-series.ts).
   */
  async function series(survey: Survey): Promise<Survey[]> {
    const versions = new Set(await seriesInstrumentIds(db, survey.instrumentId));
    return (await listSurveys(db, survey.organizationId))
      .filter((s) => versions.has(s.instrumentId) && s.status !== 'draft')
      .reverse();
  }

  async function waveOf(survey: Survey): Promise<Wave> {
    const view = await reports.forSurvey(survey);
    const releasedOn = view.overview.release?.releasedOn ?? null;
    const tree = view.report.status === 'ok' ? view.report.units.map((u) => [u.id, u.name, u.parent]) : [];
    const version = JSON.stringify([survey.id, view.version.releaseId, survey.anonymityThreshold, tree]);
    if (view.report.status !== 'ok') return { survey, report: null, rows: null, releasedOn, version };
    return { survey, report: view.report, rows: null, releasedOn, version, view };
  }

  /** The wave with its released rows read (only when the trend is not cached). */
  async function withRows(w: Wave): Promise<Wave> {
    return w.view ? { ...w, rows: await releasedResponses(db, w.survey, w.view) } : w;
  }

  function compare(a: Wave, b: Wave, rowsOf: (w: Wave) => number[]): TrendResult {
    const answers = (w: Wave) => rowsOf(w).map((r) => ({ answers: answersOf(w.rows!.data, w.rows!.itemIds, r) }));
    const ra = answers(a),
      rb = answers(b);
    if (ra.length < 2 || rb.length < 2) return { suppressed: true, reason: 'too few responses to compare' };
    return {
      suppressed: false,
      comparison: compareWaves(ra, rb, { instrument: b.rows!.instrument, ...bootstrap }),
    };
  }

  function build(a: Wave, b: Wave): Trend {
    const waves = {
      from: { survey: a.survey, releasedOn: a.releasedOn },
      to: { survey: b.survey, releasedOn: b.releasedOn },
    };
    const small = [a, b].filter((w) => !w.report);
    if (small.length > 0) {
      const reason = small
        .map((w) => `“${w.survey.title}” has fewer than ${w.survey.anonymityThreshold} responses in its report`)
        .join(' and ');
      return { ...waves, overall: { suppressed: true, reason }, units: [] };
    }
    const all = (w: Wave) => Array.from({ length: w.rows!.data.n }, (_, r) => r);
    const overall = compare(a, b, all);
    const trees = new Map([a, b].map((w) => [w, subtrees(w.report!)]));
    const inUnit = (w: Wave, id: string) => {
      const ids = trees.get(w)!.get(id)!;
      return all(w).filter((r) => {
        const u = w.rows!.data.unitIds[r];
        return u >= 0 && ids.has(String(u));
      });
    };
    const seen = new Set<string>();
    const nodes = [...b.report!.units, ...a.report!.units].filter((u) => !seen.has(u.id) && !!seen.add(u.id));
    const depthOf = new Map<string, number>();
    const pathOf = new Map<string, string>();
    for (const u of nodes) {
      const parent = u.parent === null ? null : nodes.find((n) => n.id === u.parent);
      depthOf.set(u.id, parent ? depthOf.get(parent.id)! + 1 : 0);
      pathOf.set(u.id, parent ? `${pathOf.get(parent.id)} / ${u.name}` : u.name);
    }
    const units = nodes.map((u): TrendUnit => {
      const why = [a, b].flatMap((w) => {
        const row = w.report!.units.find((x) => x.id === u.id);
        if (!row || (!row.scores.suppressed && row.scores.n === 0)) return [`no responses in “${w.survey.title}”`];
        return row.scores.suppressed ? [`hidden in “${w.survey.title}” to protect anonymity`] : [];
      });
      const result =
        why.length > 0
          ? ({ suppressed: true, reason: why.join('; ') } as const)
          : compare(a, b, (w) => inUnit(w, u.id));
      return { unit: u.id, path: pathOf.get(u.id)!, depth: depthOf.get(u.id)!, result };
    });
    return { ...waves, overall, units };
  }

  /** The change from wave `from` to wave `to` (two surveys of one series; the caller checks that). */
  async function trend(from: Survey, to: Survey): Promise<Trend> {
    const [a, b] = [await waveOf(from), await waveOf(to)];
    return cache.get(to.id, JSON.stringify([a.version, b.version]), async () =>
      build(await withRows(a), await withRows(b)),
    );
  }

  return { series, trend };
}

export type TrendService = ReturnType<typeof createTrendService>;
