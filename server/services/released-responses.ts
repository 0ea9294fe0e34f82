/**
 * The released, unflagged responses of a survey as item columns, read beside its report view for the
 * surfaces that need the rows themselves (the export, the trend): the same rows the report was built
 * from, checked by their count, so the figures and the rows always belong to one release.
 */
import type { Knex } from 'knex';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { findInstrumentById } from '../data/instruments.js';
import { loadReportData, type ReportData } from '../data/report-rows.js';
import type { Survey } from '../data/surveys.js';
import { ConflictError } from '../errors.js';
import { instrumentItemIds } from '../instruments/load.js';
import type { ReportView } from './reports.js';

export interface ReleasedResponses {
  readonly instrument: Instrument;
  /** The instrument's item ids in order. */
  readonly itemIds: readonly string[];
  readonly data: ReportData;
}

/**
 * The rows of `view`'s release; ConflictError when a newer release was cut in between (the caller may
 * try again). N/A answers are NaN (missing) unless `keepNotApplicable`, which keeps them as 0 (the export).
 */
export async function releasedResponses(
  db: Knex,
  survey: Survey,
  view: ReportView,
  { keepNotApplicable = false }: { keepNotApplicable?: boolean } = {},
): Promise<ReleasedResponses> {
  const stored = await findInstrumentById(db, survey.instrumentId);
  if (!stored) throw new Error(`Survey ${survey.id} names instrument ${survey.instrumentId}, which is not stored.`);
  const itemIds = instrumentItemIds(stored.instrument);
  const data = await loadReportData(db, survey.id, itemIds, { notApplicable: keepNotApplicable ? 0 : NaN });
  if (data.n !== view.report.meta.responses)
    throw new ConflictError('New responses were released while this was read. Please try again.', 'Try again');
  return { instrument: stored.instrument, itemIds, data };
}

/** Row `r`'s answers as ticked (null = not answered), keyed by item id. */
export function answersOf(data: ReportData, itemIds: readonly string[], r: number): Record<string, number | null> {
  return Object.fromEntries(
    itemIds.map((id) => {
      const v = data.answers[id][r];
      return [id, Number.isNaN(v) ? null : v];
    }),
  );
}
