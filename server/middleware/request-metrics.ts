/**
 * Times every request into the app's latency histogram (server/metrics.ts), labelled by the route
 * pattern that answered (`/orgs/:slug/surveys/:id/report`), never the raw URL: a path holds slugs, ids
 * and survey codes, and would grow the label set without bound. Static files count under their
 * folder; anything no route matched (404s) under `(unmatched)`.
 */
import type { Request, RequestHandler } from 'express';
import type { Metrics } from '../metrics.js';

const STATIC_PREFIXES = ['/public/', '/vendor/'] as const;

/** The route pattern of a finished request, or a fixed label for one no route matched. */
export function routeLabel(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return req.baseUrl + route.path;
  const path = req.originalUrl;
  const prefix = STATIC_PREFIXES.find((p) => path.startsWith(p));
  return prefix ? `${prefix}*` : '(unmatched)';
}

export function requestMetrics(metrics: Pick<Metrics, 'requestDuration'>): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.requestDuration.startTimer();
    res.once('finish', () => stop({ method: req.method, route: routeLabel(req), status: String(res.statusCode) }));
    next();
  };
}
