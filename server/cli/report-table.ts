/**
 * The readable form of a Report for `readiness report`: headline first, then scales, the split,
 * factors, multilevel figures, units, segments, priorities, workflows, the recommendation and the
 * warnings. Suppressed cells print as "fewer than K"; nothing is computed here.
 */
import type { FullReport, Interval, Report } from '../../analysis/report/report.js';
import { WORK_TREND_INDEX_2026, WORK_TREND_INDEX_CAVEAT } from '../references/work-trend-index.js';
import { decisionText } from './report-decision.js';
import { cellText, table } from './text-table.js';

export { cellText, table };

const f2 = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(2));
const pct = (x: number | null | undefined) =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : `${Math.round(x * 100)}%`;
const range = (i: Interval | null, fmt: (x: number) => string) => (i ? `${fmt(i[0])}–${fmt(i[1])}` : '');

/** Raw alpha with its caution; below 0 (outside its range) the reason instead of the number. */
function alphaText(a: FullReport['scales'][number]['alpha']): string {
  if (!a) return '–';
  if (a.below_0) return 'below 0 (items negatively related: check reverse keying)';
  return `${a.raw.toFixed(3)}${a.below_07 ? ' (< 0.7)' : ''}`;
}

/** Which intervals the CI columns hold, e.g. "Intervals: 95% bootstrap, 1000 resamples (seed 1); BCa … for R² and LMG, percentile for the shares." */
function intervalsNote(boot: FullReport['meta']['bootstrap']): string {
  if (!boot) return '';
  const name = (m: string) => (m === 'bca' ? 'BCa (bias-corrected and accelerated)' : 'percentile');
  return `Intervals: ${Math.round(boot.level * 100)}% bootstrap, ${boot.B} resamples (seed ${boot.seed}); ${name(boot.method)} for R² and LMG, ${name(boot.share_method)} for the shares.\n`;
}

/** The published split beside the survey's (not part of the Report), with what the comparison means. */
function referenceText(split: boolean): string {
  if (!split) return '';
  const { name, shares } = WORK_TREND_INDEX_2026;
  return `Reference, ${name}: organizational ${pct(shares.organizational)}, individual ${pct(shares.individual)}. ${WORK_TREND_INDEX_CAVEAT}\n`;
}

function section(title: string, body: string): string {
  return `\n${title}\n${body}`;
}

function fullText(r: FullReport, afterHeadline: string): string {
  const out: string[] = [];
  const d = r.decomposition;
  const titleOf = new Map(r.scales.map((s) => [s.id, s.title]));
  out.push(
    d
      ? `${d.headline}\n`
      : `${r.decomposition_needs?.sentence ?? 'No decomposition could be computed (see warnings).'}\n`,
  );
  if (r.recommendation?.workflow) out.push(`\n${r.recommendation.sentence}\n`);
  out.push(afterHeadline);

  out.push(
    section(
      'Scales',
      table(
        ['scale', 'group', 'n', 'mean', 'sd', 'favourable', 'alpha'],
        r.scales.map((s) => [
          s.title,
          s.group,
          String(s.n),
          f2(s.mean),
          f2(s.sd),
          pct(s.favourable),
          alphaText(s.alpha),
        ]),
      ),
    ),
  );

  if (d) {
    const ci = r.meta.bootstrap ? [`${Math.round(r.meta.bootstrap.level * 100)}% CI`] : [];
    out.push(
      section(
        `What explains ${titleOf.get(d.outcome) ?? d.outcome}: R² = ${f2(d.r2)}${d.r2_ci ? ` (${range(d.r2_ci, f2)})` : ''}, adjusted ${f2(d.adj_r2)}${d.cv_r2 === null ? '' : `, cross-validated ${f2(d.cv_r2)}`}, n = ${d.n}${d.n_dropped ? ` (${d.n_dropped} dropped for missing scores)` : ''}`,
        table(
          ['group', 'LMG', 'share of R²', ...ci],
          d.groups.map((g) => [g.group, f2(g.lmg), pct(g.share), ...(ci.length ? [range(g.share_ci, pct)] : [])]),
        ) +
          intervalsNote(r.meta.bootstrap) +
          referenceText(d.groups.length > 0),
      ),
    );
    out.push(
      section(
        'Factors',
        table(
          ['factor', 'group', 'beta', 'LMG', 'share of R²', ...(ci.length ? ['LMG CI'] : []), 'rel. weight'],
          d.factors.map((f) => [
            f.title,
            f.group,
            f2(f.beta),
            f.lmg.toFixed(3),
            pct(f.share),
            ...(ci.length ? [range(f.ci, (x) => x.toFixed(3))] : []),
            f.relative_weight.toFixed(3),
          ]),
        ),
      ),
    );
  }

  if (r.multilevel) {
    const verdict = r.unit_comparison_withheld === null;
    out.push(
      section(
        'Between teams (ICC and REML variance components)',
        (verdict ? '' : `${r.unit_comparison_withheld}\n`) +
          table(
            ['scale', 'units', 'ICC(1)', 'ICC(2)', 'between', 'within', ...(verdict ? ['team means'] : [])],
            Object.entries(r.multilevel).map(([id, m]) => [
              titleOf.get(id) ?? id,
              String(m.units),
              m.below_zero ? 'below 0' : f2(m.icc1),
              m.below_zero ? 'below 0' : f2(m.icc2),
              m.between.toFixed(3),
              m.within.toFixed(3),
              ...(verdict
                ? [m.below_zero ? 'no differences beyond chance' : m.reliable_means ? 'comparable' : 'not reliable']
                : []),
            ]),
          ),
      ),
    );
  }

  if (r.units.length > 0) {
    const ids = r.scales.map((s) => s.id);
    const depth = (id: string | null): number =>
      id === null ? 0 : 1 + depth(r.units.find((u) => u.id === id)?.parent ?? null);
    out.push(
      section(
        'Units (mean score per scale)',
        table(
          ['unit', 'n', ...ids],
          r.units.map((u) => [
            `${'  '.repeat(depth(u.parent))}${u.name}`,
            cellText(u.scores, (_, n) => String(n)),
            ...ids.map((id) => (u.scores.suppressed ? '' : f2(u.scores.value[id]))),
          ]),
        ),
      ),
    );
  }

  const seg = r.segments;
  const segRow = (name: string, s: FullReport['segments']['overall']) => [
    name,
    cellText(s.misaligned, (v, n) => (n === 0 ? 'no responses' : `${pct(v)} of ${n}`)),
    cellText(s.high_performer, (v, n) => (n === 0 ? 'no responses' : `${pct(v)} of ${n}`)),
  ];
  out.push(
    section(
      'Segments',
      table(
        ['', 'misaligned', 'high performers'],
        [segRow('overall', seg.overall), ...seg.units.map((u) => segRow(u.unit, u.shares))],
      ),
    ),
  );

  if (r.priorities.length > 0) {
    out.push(
      section(
        'Organizational factors across the organization, by priority (importance × distance to the top)',
        table(
          ['factor', 'lever', 'importance', 'mean', 'favourable', 'priority'],
          r.priorities.map((p) => [
            titleOf.get(p.scale) ?? p.scale,
            p.lever ? 'yes' : 'no',
            pct(p.importance),
            f2(p.mean),
            pct(p.favourable),
            p.priority.toFixed(3),
          ]),
        ),
      ),
    );
  }

  if (r.workflows.length > 0) {
    out.push(
      section(
        'Workflows',
        table(
          ['workflow', 'n', 'R²', 'organizational share', 'CI'],
          r.workflows.map((w) => [
            w.workflow,
            cellText(w.n, (v) => String(v)),
            cellText(w.r2, (v) => f2(v)),
            cellText(w.org_share, (v) => pct(v)),
            w.org_share_ci.suppressed ? '' : range(w.org_share_ci.value, pct),
          ]),
        ),
      ),
    );
  }
  if (r.recommendation) out.push(section('Recommendation', decisionText(r)));
  out.push(
    section(
      'Comments',
      r.comments.suppressed
        ? `fewer than ${r.comments.n_below}: not shown\n`
        : r.comments.value.map((c) => `  - ${c}\n`).join('') || '  none\n',
    ),
  );
  if (r.warnings.length > 0) out.push(section('Warnings', r.warnings.map((w) => `  - ${w}\n`).join('')));
  return out.join('');
}

/**
 * The whole report as text for a terminal. `afterHeadline` (e.g. the change since the previous
 * wave) is placed after the headline and the recommendation sentence, before the scales.
 */
export function reportText(r: Report, afterHeadline = ''): string {
  if (r.status === 'suppressed')
    return `Fewer than ${r.n_below} responses in total: nothing is reported, to protect anonymity.\n`;
  return fullText(r, afterHeadline);
}
