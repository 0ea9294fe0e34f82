/**
 * The CSV downloads of a report, one per chart or table, built from the same Report fields the pages
 * render. A suppressed cell becomes "suppressed (fewer than K)" in every figure column of its row:
 * no n and no value. Shares are written as proportions (0–1), means on the Likert scale.
 */
import type { Cell } from '../../../analysis/anonymity/suppressed.js';
import type { FullReport } from '../../../analysis/report/report.js';
import { WORK_TREND_INDEX_2026 } from '../../references/work-trend-index.js';
import { DECISION_TABLES } from './decision-csv.js';
import { csvOptional, csvRound, GROUP_LABEL, LEVER_LABEL, suppressedCsv } from './report-format.js';

type Value = string | number;
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly Value[])[];
}

const round = csvRound;
const opt = csvOptional;

/** A row's figure columns: the values of a shown cell, or the suppression note in each of `width` columns. */
function figures<T>(c: Cell<T>, width: number, f: (value: T, n: number) => Value[]): Value[] {
  return c.suppressed ? Array.from({ length: width }, () => suppressedCsv(c.n_below)) : f(c.value, c.n);
}

const unitNames = (report: FullReport) => new Map(report.units.map((u) => [u.id, u.name]));

const TABLES = {
  'response-rates': (report: FullReport): CsvTable => ({
    header: ['unit', 'responses', 'invitations_sent', 'response_rate'],
    rows: report.participation.map((u) => [u.path, ...figures(u.figures, 3, (v, n) => [n, v.sent, opt(v.rate)])]),
  }),
  'variance-split': (report: FullReport): CsvTable => {
    const d = report.decomposition;
    const survey = 'this survey';
    const wti = WORK_TREND_INDEX_2026;
    const rows: Value[][] = d
      ? [
          ...d.groups.map((g) => [
            GROUP_LABEL[g.group] ?? g.group,
            survey,
            round(g.lmg),
            opt(g.ci?.[0]),
            opt(g.ci?.[1]),
            round(g.share),
            opt(g.share_ci?.[0]),
            opt(g.share_ci?.[1]),
          ]),
          [
            'Unexplained (1 - R²)',
            survey,
            round(1 - d.r2),
            opt(d.r2_ci ? 1 - d.r2_ci[1] : null),
            opt(d.r2_ci ? 1 - d.r2_ci[0] : null),
            '',
            '',
            '',
          ],
          // The published reference shown beside the split (not computed from this survey's data).
          ...d.groups
            .filter((g) => wti.shares[g.group] !== undefined)
            .map((g) => [
              GROUP_LABEL[g.group] ?? g.group,
              `${wti.name} (published reference: a different instrument and outcome; ${wti.url})`,
              '',
              '',
              '',
              wti.shares[g.group],
              '',
              '',
            ]),
        ]
      : [];
    return {
      header: [
        'part',
        'source',
        'share_of_outcome_variance',
        'ci_lower',
        'ci_upper',
        'share_of_explained_variance',
        'share_ci_lower',
        'share_ci_upper',
      ],
      rows,
    };
  },
  'factor-importance': (report: FullReport): CsvTable => ({
    header: [
      'factor',
      'group',
      'lmg_r2',
      'ci_lower',
      'ci_upper',
      'share_of_explained_variance',
      'standardized_beta',
      'relative_weight',
    ],
    rows: (report.decomposition?.factors ?? []).map((f) => [
      f.title,
      f.group,
      round(f.lmg),
      opt(f.ci?.[0]),
      opt(f.ci?.[1]),
      round(f.share),
      round(f.beta),
      round(f.relative_weight),
    ]),
  }),
  dominance: (report: FullReport): CsvTable => {
    const title = new Map((report.decomposition?.factors ?? []).map((f) => [f.id, f.title]));
    return {
      header: ['dominant', 'dominated'],
      rows: (report.decomposition?.complete_dominance ?? []).map((p) => [
        title.get(p.dominant) ?? p.dominant,
        title.get(p.dominated) ?? p.dominated,
      ]),
    };
  },
  scales: (report: FullReport): CsvTable => ({
    header: ['scale', 'group', 'n', 'mean', 'sd', 'favourable', 'alpha', 'alpha_below_0.7'],
    rows: report.scales.map((s) => [
      s.title,
      s.group,
      s.n,
      round(s.mean),
      round(s.sd),
      round(s.favourable),
      opt(s.alpha?.raw),
      s.alpha ? (s.alpha.below_07 ? 'yes' : 'no') : '',
    ]),
  }),
  'scale-distribution': (report: FullReport): CsvTable => ({
    header: ['scale', ...report.meta.likert.labels],
    rows: report.scales.map((s) => [s.title, ...s.distribution.map((v) => round(v))]),
  }),
  heatmap: (report: FullReport): CsvTable => {
    const names = unitNames(report);
    const scales = report.scales;
    return {
      header: ['unit', 'parent', 'n', ...scales.map((s) => s.title)],
      rows: report.units.map((u) => [
        u.name,
        u.parent ? (names.get(u.parent) ?? '') : '',
        ...figures(u.scores, scales.length + 1, (v, n) => [n, ...scales.map((s) => opt(v[s.id]))]),
      ]),
    };
  },
  segments: (report: FullReport): CsvTable => {
    const names = unitNames(report);
    const row = (label: string, s: FullReport['segments']['overall']): Value[] => [
      label,
      ...figures(s.misaligned, 2, (v, n) => [n, opt(v)]),
      ...figures(s.high_performer, 2, (v, n) => [n, opt(v)]),
    ];
    return {
      header: ['unit', 'misaligned_n', 'misaligned_share', 'high_performer_n', 'high_performer_share'],
      rows: [
        row('All respondents', report.segments.overall),
        ...report.segments.units.map((u) => row(names.get(u.unit) ?? u.unit, u.shares)),
      ],
    };
  },
  priorities: (report: FullReport): CsvTable => {
    const title = new Map(report.scales.map((s) => [s.id, s.title]));
    return {
      header: ['rank', 'scale', 'lever', 'importance_share', 'mean', 'favourable', 'priority'],
      rows: report.priorities.map((p, i) => [
        i + 1,
        title.get(p.scale) ?? p.scale,
        p.lever ? LEVER_LABEL[p.lever] : '',
        round(p.importance),
        round(p.mean),
        opt(p.favourable),
        round(p.priority),
      ]),
    };
  },
  workflows: (report: FullReport): CsvTable => {
    const levers = leverIds(report);
    return {
      header: [
        'workflow',
        'n',
        'organizational_share',
        'organizational_share_lower',
        'organizational_share_upper',
        'r2',
        ...levers.flatMap((l) => [`${l}_mean`, `${l}_mean_lower`, `${l}_mean_upper`]),
      ],
      rows: report.workflows.map((w) => [
        w.workflow,
        ...figures(w.n, 1, (v) => [v]),
        ...figures(w.org_share, 1, (v) => [opt(v)]),
        ...figures(w.org_share_ci, 2, (v) => [opt(v?.[0]), opt(v?.[1])]),
        ...figures(w.r2, 1, (v) => [opt(v)]),
        ...figures(w.lever_means, 3 * levers.length, (v) =>
          levers.flatMap((l) => {
            const ci = w.lever_means_ci.suppressed ? null : w.lever_means_ci.value?.[l];
            return [opt(v[l]), opt(ci?.[0]), opt(ci?.[1])];
          }),
        ),
      ]),
    };
  },
  ...DECISION_TABLES,
} satisfies Record<string, (report: FullReport) => CsvTable>;

/** The lever scale ids that appear in any shown workflow row, in first-seen order. */
function leverIds(report: FullReport): string[] {
  const ids = new Set<string>();
  for (const w of report.workflows)
    if (!w.lever_means.suppressed) for (const k of Object.keys(w.lever_means.value)) ids.add(k);
  return [...ids];
}

export type CsvName = keyof typeof TABLES;
export const CSV_NAMES = Object.keys(TABLES) as CsvName[];

export function isCsvName(name: string): name is CsvName {
  return Object.hasOwn(TABLES, name);
}

/** The named CSV table of a full report. */
export function reportCsvTable(name: CsvName, report: FullReport): CsvTable {
  return TABLES[name](report);
}
