/**
 * The pool's worker-thread entry (services/report-pool.ts loads it into each worker with piscina): decodes
 * the input (services/report-transfer.ts) and builds the report there (services/report-build.ts). A build
 * that throws (bad data, bad options) answers with the error's name and message, so the pool tells it
 * apart from a worker that failed; `{ warmUp: true }` only proves the builder has loaded.
 */
import type { Report } from '../../analysis/report/report.js';
import { buildSurveyReport, type BootstrapMethod } from './report-build.js';
import { decodeReportInput, type EncodedReportInput } from './report-transfer.js';

export type ReportTask =
  { readonly input: EncodedReportInput; readonly method: BootstrapMethod } | { readonly warmUp: true };

export type ReportTaskResult =
  | { readonly report: Report }
  | { readonly failure: { readonly name: string; readonly message: string } }
  | { readonly warm: true };

export default function runReportTask(task: ReportTask): ReportTaskResult {
  if ('warmUp' in task) return { warm: true };
  try {
    return { report: buildSurveyReport(decodeReportInput(task.input), task.method) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { failure: { name: e.name, message: e.message } };
  }
}
