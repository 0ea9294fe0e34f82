/**
 * Prometheus metrics (prom-client), one Registry per app (never prom-client's global one, so several apps
 * in one process keep their own counts). `GET /metrics` (routes/metrics.ts) serves it. What is counted:
 * - readiness_http_request_duration_seconds{method,route,status}: by route pattern (`/s/:code`), never the raw URL;
 * - readiness_submissions_total{outcome}: survey submissions, accepted (stored) or rejected (anything else);
 * - readiness_report_builds_total{method,outcome} and readiness_report_build_duration_seconds{method}:
 *   report builds (queue wait and transfer to the worker included), rows or blocks bootstrap, ok or error;
 * - readiness_outbox_depth: only once a service hands `observeOutboxDepth` a reader (the outbox is not built yet);
 * - with `processMetrics`, prom-client's process and Node.js metrics (CPU, memory, event-loop lag, GC).
 * No figure carries a survey, an organization or anything a respondent sent.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly submissions: Counter<'outcome'>;
  readonly reportBuilds: Counter<'method' | 'outcome'>;
  readonly reportBuildDuration: Histogram<'method'>;
  /** Reports the outbox depth on every scrape from `read` (a gauge registered on the first call). */
  observeOutboxDepth(read: () => number | Promise<number>): void;
}

export function createMetrics({ processMetrics = false }: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requestDuration: new Histogram({
      name: 'readiness_http_request_duration_seconds',
      help: 'HTTP request latency by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    submissions: new Counter({
      name: 'readiness_submissions_total',
      help: 'Survey submissions (POST /s/:code): accepted (stored) or rejected',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    reportBuilds: new Counter({
      name: 'readiness_report_builds_total',
      help: 'Report builds by bootstrap method and outcome',
      labelNames: ['method', 'outcome'],
      registers: [registry],
    }),
    reportBuildDuration: new Histogram({
      name: 'readiness_report_build_duration_seconds',
      help: 'Report build time, queue wait and transfer to the worker included',
      labelNames: ['method'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
      registers: [registry],
    }),
    observeOutboxDepth(read) {
      registry.removeSingleMetric('readiness_outbox_depth');
      new Gauge({
        name: 'readiness_outbox_depth',
        help: 'Messages waiting in the outbox',
        registers: [registry],
        async collect() {
          this.set(await read());
        },
      });
    },
  };
}
