/**
 * GET /metrics: the app's Prometheus metrics (server/metrics.ts) in the text exposition format, for a
 * scraper that presents METRICS_TOKEN as a bearer token. Without METRICS_TOKEN there is no /metrics
 * (404, as any unknown path); a missing or wrong token is a 401.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Metrics } from '../metrics.js';

/** Compares digests, so neither the length nor the content of the token leaks through timing. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function createMetricsRouter(metrics: Pick<Metrics, 'registry'>, token: string | undefined): Router {
  const router = Router();
  if (token === undefined) return router;
  router.get('/metrics', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (given === undefined || !sameToken(given, token)) {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').type('text/plain').send('Unauthorized\n');
      return;
    }
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
