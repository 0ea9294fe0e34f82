/**
 * The benchmark pool's consent page of an organization (GET /orgs/:slug/benchmark-pool): whether it
 * is in the pool, who gave and who withdrew each consent and when; admins get the form to give or
 * withdraw it (POST …/join, …/withdraw; anyone else a 404 for those). Every URL resolves the
 * organization for the signed-in user first.
 */
import { Router } from 'express';
import { MIN_POOL } from '../../../analysis/benchmarks/pool-position.js';
import { currentUser, requireRole } from '../../auth/require-user.js';
import type { BenchmarkPoolService } from '../../services/benchmark-pool.js';
import type { OrganizationService } from '../../services/organizations.js';
import { visibleOrganization } from './organizations.js';

export function createBenchmarkPoolRouter({
  organizations,
  benchmarkPool,
}: {
  organizations: OrganizationService;
  benchmarkPool: BenchmarkPoolService;
}): Router {
  const router = Router();

  router.get('/orgs/:slug/benchmark-pool', async (req, res) => {
    const org = await visibleOrganization(organizations, res, String(req.params.slug));
    const { standing, history } = await benchmarkPool.consentOf(org.id);
    res.render('staff/benchmark-pool', {
      title: `Benchmark pool: ${org.name}`,
      org,
      standing,
      history,
      minPool: MIN_POOL,
      isAdmin: currentUser(res).role === 'admin',
    });
  });

  router.post('/orgs/:slug/benchmark-pool/join', requireRole('admin'), async (req, res) => {
    const org = await visibleOrganization(organizations, res, String(req.params.slug));
    await benchmarkPool.join(currentUser(res), org.id);
    res.redirect(303, `/orgs/${org.slug}/benchmark-pool`);
  });

  router.post('/orgs/:slug/benchmark-pool/withdraw', requireRole('admin'), async (req, res) => {
    const org = await visibleOrganization(organizations, res, String(req.params.slug));
    await benchmarkPool.withdraw(currentUser(res), org.id);
    res.redirect(303, `/orgs/${org.slug}/benchmark-pool`);
  });

  return router;
}
