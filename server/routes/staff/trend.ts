/**
 * The Trend page of a survey series (services/trend.ts) and its CSV: the change between two chosen
 * waves of the series the survey `:id` belongs to (GET ?from=ID&to=ID; by default this wave against
 * the one before it), overall and per unit. Page and CSV read the same Trend, so they cannot disagree.
 */
import { Router, type Request, type Response } from 'express';
import type { WaveChange } from '../../../analysis/action/waves.js';
import { ValidationError } from '../../errors.js';
import { toCsv } from '../../services/csv.js';
import type { OrganizationService } from '../../services/organizations.js';
import type { SurveyService } from '../../services/surveys.js';
import type { Trend, TrendResult, TrendService } from '../../services/trend.js';
import { parseId } from '../ids.js';
import { sendCsv } from './csv-download.js';
import { visibleSurvey } from './organizations.js';

/** A change with its sign (U+2212 for minus, ± for none) and `digits` decimals; shares in points. */
export function signed(x: number, digits = 2): string {
  const m = Math.abs(x).toFixed(digits);
  return Number(m) === 0 ? `±${m}` : `${x < 0 ? '−' : '+'}${m}`;
}

/** "lower" / "higher" when the interval excludes 0, else "". */
export function direction(c: WaveChange): string {
  if (!c.ci) return '';
  return c.ci[1] < 0 ? 'lower' : c.ci[0] > 0 ? 'higher' : '';
}

const round = (v: number): number | string => (Number.isFinite(v) ? Number(v.toFixed(6)) : '');

/** One row per scope (overall, each unit) and figure (each scale, the organizational share). */
export function trendCsv(trend: Trend): string {
  const header = [
    'scope',
    'unit',
    'figure_key',
    'figure',
    'wave_a',
    'wave_b',
    'change',
    'ci_lower',
    'ci_upper',
    'n_a',
    'n_b',
    'note',
  ];
  const rows: (string | number)[][] = [];
  const add = (scope: string, unit: string, result: TrendResult) => {
    if (result.suppressed) {
      rows.push([scope, unit, '', '', '', '', '', '', '', '', '', `not shown: ${result.reason}`]);
      return;
    }
    const c = result.comparison;
    const line = (key: string, label: string, w: WaveChange | null) =>
      rows.push(
        w
          ? [
              scope,
              unit,
              key,
              label,
              round(w.a),
              round(w.b),
              round(w.change),
              w.ci ? round(w.ci[0]) : '',
              w.ci ? round(w.ci[1]) : '',
              c.n.a,
              c.n.b,
              '',
            ]
          : [scope, unit, key, label, '', '', '', '', '', c.n.a, c.n.b, 'the model could not be fitted in a wave'],
      );
    for (const s of c.scales) line(`scale:${s.id}:mean`, `${s.title}: mean`, s);
    line('org_share', 'Organizational share of explained variance', c.org_share);
  };
  add('overall', '', trend.overall);
  for (const u of trend.units) add('unit', u.path, u.result);
  return toCsv(header, rows);
}

export function createTrendRouter({
  organizations,
  surveys,
  trend,
}: {
  organizations: OrganizationService;
  surveys: SurveyService;
  trend: TrendService;
}): Router {
  const router = Router();

  /** The series and the two waves the query chooses (defaults: this wave, and the one before it). */
  async function chosen(req: Request, res: Response) {
    const { slug, id } = req.params as Record<string, string>;
    const { org, survey } = await visibleSurvey(organizations, surveys, res, slug, id);
    const series = await trend.series(survey);
    const pick = (name: 'from' | 'to') => {
      const raw = req.query[name];
      if (raw === undefined || raw === '') return null;
      const found = series.find((s) => s.id === parseId(raw));
      if (!found)
        throw new ValidationError(`Choose the ${name === 'from' ? 'first' : 'second'} wave from this series.`);
      return found;
    };
    const to = pick('to') ?? series.find((s) => s.id === survey.id) ?? series[series.length - 1] ?? null;
    const before = to ? series.slice(0, series.indexOf(to)) : [];
    const from = pick('from') ?? before[before.length - 1] ?? series.find((s) => s !== to) ?? null;
    if (from && to && from.id === to.id) throw new ValidationError('Choose two different waves to compare.');
    return { org, survey, series, from, to };
  }

  router.get('/orgs/:slug/surveys/:id/trend', async (req, res) => {
    const { org, survey, series, from, to } = await chosen(req, res);
    const result = from && to ? await trend.trend(from, to) : null;
    const query = from && to ? `?from=${from.id}&to=${to.id}` : '';
    res.render('staff/trend', {
      title: `Trend: ${survey.title}`,
      org,
      survey,
      series,
      from,
      to,
      trend: result,
      csvHref: `/orgs/${org.slug}/surveys/${survey.id}/trend.csv${query}`,
      signed,
      direction,
    });
  });

  router.get('/orgs/:slug/surveys/:id/trend.csv', async (req, res) => {
    const { org, from, to } = await chosen(req, res);
    if (!from || !to) throw new ValidationError('This series has only one wave: there is nothing to compare yet.');
    sendCsv(res, `${org.slug}-trend-${from.id}-to-${to.id}.csv`, trendCsv(await trend.trend(from, to)));
  });

  return router;
}
