/**
 * Probes for a process manager or load balancer, in JSON, never cached, without session or CSRF:
 * GET /healthz answers 200 while the process runs (it touches no database); GET /readyz answers 200
 * when the database answers and its migrations are current, else 503 with a short reason.
 */
import { Router, type Response } from 'express';
import type { Services } from '../services/index.js';

function noStore(res: Response): Response {
  return res.set('Cache-Control', 'no-store');
}

export function createHealthRouter(services: Pick<Services, 'health'>): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    noStore(res).json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const readiness = await services.health.readiness();
    if (readiness.ready) noStore(res).json({ status: 'ready' });
    else noStore(res).status(503).json({ status: 'unavailable', reason: readiness.reason });
  });

  return router;
}
