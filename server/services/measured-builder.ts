/**
 * A report builder that counts its builds and times the successful ones (server/metrics.ts): the composition root wraps
 * whichever builder the report service gets (the pool's, in-process, or a test's) in it.
 */
import type { Metrics } from '../metrics.js';
import type { ReportBuilder } from './report-build.js';

export function measuredBuilder(build: ReportBuilder, metrics: Metrics): ReportBuilder {
  return async (input, method) => {
    const stop = metrics.reportBuildDuration.startTimer({ method });
    let report;
    try {
      report = await build(input, method);
    } catch (error) {
      metrics.reportBuilds.inc({ method, outcome: 'error' });
      throw error;
    }
    stop(); // successful builds only: a failure's time says little about build times
    metrics.reportBuilds.inc({ method, outcome: 'ok' });
    return report;
  };
}
