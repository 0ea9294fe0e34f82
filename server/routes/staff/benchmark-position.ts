/**
 * A client placed in the benchmark pool (GET /benchmarks/:slug?survey=ID), for consultants (their own
 * clients) and admins: the wave compared (the latest with released figures unless one is chosen,
 * always named), the client's percentile rank per figure among the pool's organizations on the same
 * instrument version, the pool's quartiles, the client's 95% interval and whether it excludes the
 * pool median, with a chart and its table. The pool's members are never named.
 */
import { Router } from 'express';
import { z } from 'zod';
import { MIN_POOL, type FigurePosition } from '../../../analysis/benchmarks/pool-position.js';
import { requireRole, requireUser } from '../../auth/require-user.js';
import { ValidationError } from '../../errors.js';
import type { BenchmarkPoolService } from '../../services/benchmark-pool.js';
import type { OrganizationService } from '../../services/organizations.js';
import { parseId } from '../ids.js';
import { visibleOrganization } from './organizations.js';
import { COLOURS, horizontalBars, type BarChart } from './report-charts.js';
import * as fmt from './report-format.js';

const querySchema = z.object({
  survey: z.string().max(20, 'Choose a wave of this client.').optional().default(''),
});

/** One sentence on how the difference to the pool median is judged, shown on every surface. */
export const DIFFERENCE_METHOD =
  'A difference from the pool median is called clear when the client’s 95% interval lies wholly on one side of it: the bootstrap percentile interval of the report for the organizational and individual shares, mean ± 1.96 standard errors for a scale mean, and the Wilson interval for a segment share; the spread between pool organizations is not part of that test.';

/** A figure's value as written on the page: shares in %, means with two decimals. */
export function positionText(f: Pick<FigurePosition, 'kind'>, v: number): string {
  return f.kind === 'share' ? fmt.pct(v) : fmt.num(v);
}

/** The client's percentile rank per placed figure, whiskers at the ranks of its interval's ends. */
export function positionChart(figures: readonly FigurePosition[]): BarChart | null {
  const placed = figures.filter((f): f is Extract<FigurePosition, { status: 'placed' }> => f.status === 'placed');
  if (placed.length === 0) return null;
  return horizontalBars(
    placed.map((f) => f.label),
    {
      label: 'Percentile rank in the pool',
      data: placed.map((f) => Number(f.percentile.toFixed(1))),
      colors: COLOURS.organizational,
      whiskers: placed.map((f) =>
        f.intervalPercentiles
          ? [Number(f.intervalPercentiles[0].toFixed(1)), Number(f.intervalPercentiles[1].toFixed(1))]
          : null,
      ),
    },
    { title: 'Percentile rank among the pool organizations (50 = pool median)', min: 0, max: 100, unit: '' },
  );
}

export function createBenchmarkPositionRouter({
  organizations,
  benchmarkPool,
}: {
  organizations: OrganizationService;
  benchmarkPool: BenchmarkPoolService;
}): Router {
  const router = Router();

  router.get('/benchmarks/:slug', requireUser, requireRole('admin', 'consultant'), async (req, res) => {
    const parsed = querySchema.safeParse(req.query);
    if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => i.message).join(' '));
    const surveyId = parsed.data.survey === '' ? null : parseId(parsed.data.survey);
    if (parsed.data.survey !== '' && surveyId === null) throw new ValidationError('Choose a wave of this client.');
    const org = await visibleOrganization(organizations, res, String(req.params.slug));
    const position = await benchmarkPool.positionOf(org, surveyId);
    const figures = position.status === 'no-wave' ? [] : position.figures;
    res.render('benchmarks/position', {
      title: `${org.name} in the benchmark pool`,
      org,
      position,
      chart: positionChart(figures),
      minPool: MIN_POOL,
      method: DIFFERENCE_METHOD,
      positionText,
      fmt,
    });
  });

  return router;
}
