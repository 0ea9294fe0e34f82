/**
 * "Did it work?" for a redesign plan: when a later closed wave of the same series exists (same
 * organization and instrument, created after the plan's wave; the latest such wave), the
 * difference-in-differences of the plan's workflow against the other workflows between the two
 * waves (analysis/action/difference-in-differences.ts), on released, unflagged responses only, with
 * the stricter of the two waves' anonymity thresholds. Results are kept per data version of both
 * waves, so a page view recomputes only after a new release.
 */
import type { Knex } from 'knex';
import { differenceInDifferences, type DidResult } from '../../analysis/action/difference-in-differences.js';
import type { Lever } from '../../analysis/action/priorities.js';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { systemClock, type Clock } from '../clock.js';
import { findInstrumentById } from '../data/instruments.js';
import { laterClosedSurveyId, type Plan } from '../data/redesign-plans.js';
import { loadReportData, responseRows, surveyDataVersion } from '../data/report-rows.js';
import { findSurveyById, type Survey } from '../data/surveys.js';
import { instrumentItemIds } from '../instruments/load.js';
import { createReportCache } from './report-cache.js';
import { createReleaseService } from './report-releases.js';

export type PlanEffect =
  | { readonly status: 'no_later_wave' }
  | { readonly status: 'measured'; readonly from: Survey; readonly to: Survey; readonly result: DidResult };

export interface PlanEffectOptions {
  readonly db: Knex;
  readonly clock?: Clock;
  readonly bootstrap?: { readonly B: number; readonly seed: number; readonly level: number };
}

export function createPlanEffectService({
  db,
  clock = systemClock,
  bootstrap = { B: 1000, seed: 1, level: 0.95 },
}: PlanEffectOptions) {
  const releases = createReleaseService({ db, clock });
  const cache = createReportCache<PlanEffect>(16);

  async function responses(survey: Survey, instrument: Instrument) {
    const itemIds = instrumentItemIds(instrument);
    const data = await loadReportData(db, survey.id, itemIds);
    return responseRows(data).map((row, r) => ({
      workflow: row.workflow === '' ? null : row.workflow,
      answers: Object.fromEntries(
        itemIds.map((id) => {
          const v = data.answers[id][r];
          return [id, Number.isNaN(v) ? null : v];
        }),
      ),
    }));
  }

  /** The plan's measured effect, or that no later closed wave exists yet. */
  async function forPlan(plan: Plan): Promise<PlanEffect> {
    const from = await findSurveyById(db, plan.surveyId);
    if (!from) return { status: 'no_later_wave' };
    const laterId = await laterClosedSurveyId(db, from);
    const to = laterId === null ? undefined : await findSurveyById(db, laterId);
    if (!to) return { status: 'no_later_wave' };
    const stored = await findInstrumentById(db, from.instrumentId);
    if (!stored) throw new Error(`Survey ${from.id} names instrument ${from.instrumentId}, which is not stored.`);
    await releases.refresh(from);
    await releases.refresh(to);
    const versions = [(await surveyDataVersion(db, from.id)).releaseId, (await surveyDataVersion(db, to.id)).releaseId];
    const key = JSON.stringify([to.id, plan.workflow, plan.levers, ...versions]);
    return cache.get(plan.id, key, async () => ({
      status: 'measured',
      from,
      to,
      result: differenceInDifferences(
        await responses(from, stored.instrument),
        await responses(to, stored.instrument),
        {
          instrument: stored.instrument,
          workflow: plan.workflow,
          levers: plan.levers as Lever[],
          threshold: Math.max(from.anonymityThreshold, to.anonymityThreshold),
          ...bootstrap,
        },
      ),
    }));
  }

  return { forPlan };
}

export type PlanEffectService = ReturnType<typeof createPlanEffectService>;
