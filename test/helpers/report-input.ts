/**
 * A ReportInput from the demo generator (stated model, seeded), with answers scored into typed columns
 * as the report service passes them: for tests of the report builders, the pool and its transfer.
 */
import type { ReportInput } from '../../analysis/report/build-report.js';
import { scoreRows } from '../../analysis/scales/scoring.js';
import { generateResponses } from '../../server/demo/synthetic-responses.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';

export function syntheticReportInput({ n = 120, seed = 5, bootstrap = 40 } = {}): ReportInput {
  const instrument = loadDefaultInstrument();
  const rows = generateResponses(instrument, {
    n,
    units: ['Claims', 'Underwriting'],
    workflows: ['Claims triage', 'Renewals'],
    seed,
  });
  return {
    instrument,
    scored: scoreRows(
      instrument,
      rows.map((r) => r.answers),
    ),
    responses: rows.map((r, i) => ({
      unit: r.unit,
      unitParent: null,
      workflow: r.workflow,
      comment: i % 7 === 0 ? `comment ${i}` : null,
    })),
    bootstrap,
    seed,
  };
}
