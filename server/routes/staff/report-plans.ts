/**
 * The "Redesign plans" section of a report's overview (the printed executive page): the
 * organization's plans started from this survey or an earlier wave of its series (same
 * organization and instrument), with status, latest note, the business metric's values and the
 * measured effect. Plans are the organization's own records, not survey statistics, so this reads
 * the plan services' output (routes/staff/plans.ts looks them up) and leaves the Report untouched;
 * the effect's suppression is the effect service's, never recomputed here.
 */
import type { PlanEffect } from '../../services/plan-effect.js';
import { STATUS_LABEL, type MetricValue, type Plan, type PlanNote } from '../../services/redesign-plans.js';
import type { Survey } from '../../services/surveys.js';
import * as fmt from './report-format.js';

const minus = (t: string): string => t.replace(/^-/, '−');
const signed = (v: number, f: (v: number) => string): string => (v > 0 ? '+' : v < 0 ? '−' : '±') + f(Math.abs(v));

/**
 * The effect's one-sentence reading (the plan page's "Did it work?" and the report's plans section):
 * the first figure's difference in differences with its interval, the withheld notice when the
 * effect service suppressed it, or null when no later closed wave exists yet.
 */
export function effectHeadline(effect: PlanEffect, workflow: string): string | null {
  if (effect.status === 'no_later_wave') return null;
  const r = effect.result;
  if (r.suppressed)
    return `Not shown: “${workflow}” or the other workflows have fewer than ${r.n_below} responses in “${effect.from.title}” or “${effect.to.title}”, to protect anonymity.`;
  const level = r.bootstrap ? Math.round(r.bootstrap.level * 100) : 95;
  const first = r.figures[0];
  const ci = first.ci;
  const reading =
    ci && ci[0] > 0
      ? `rose by ${signed(first.did, (v) => fmt.num(v)).slice(1)} points more than in the other workflows (${level}% interval ${fmt.num(ci[0])} to ${fmt.num(ci[1])}, above 0)`
      : ci && ci[1] < 0
        ? `fell by ${fmt.num(-first.did)} points more than in the other workflows (${level}% interval ${minus(fmt.num(ci[0]))} to ${minus(fmt.num(ci[1]))}, below 0)`
        : `changed by ${signed(first.did, (v) => fmt.num(v))} points against the other workflows, and the ${level}% interval (${ci ? `${minus(fmt.num(ci[0]))} to ${minus(fmt.num(ci[1]))}` : 'none'}) covers 0: no difference is shown`;
  return `From “${effect.from.title}” to “${effect.to.title}”: ${first.title} in “${workflow}” ${reading}.`;
}

/**
 * The plans whose wave is this survey or an earlier one of its series (same organization, instrument
 * versions scored alike: `seriesInstrumentIds`, which holds the survey's own instrument).
 */
export function plansOfSeries(
  plans: readonly Plan[],
  survey: Pick<Survey, 'id' | 'organizationId' | 'instrumentId'>,
  surveys: readonly Pick<Survey, 'id' | 'organizationId' | 'instrumentId'>[],
  seriesInstrumentIds: ReadonlySet<number> = new Set([survey.instrumentId]),
): Plan[] {
  const series = new Set(
    surveys
      .filter(
        (s) =>
          s.organizationId === survey.organizationId && seriesInstrumentIds.has(s.instrumentId) && s.id <= survey.id,
      )
      .map((s) => s.id),
  );
  return plans.filter((p) => p.organizationId === survey.organizationId && series.has(p.surveyId));
}

export interface ReportPlanInput {
  readonly plan: Plan;
  readonly notes: readonly PlanNote[];
  readonly values: readonly MetricValue[];
  readonly effect: PlanEffect;
}

export interface ReportPlanItem {
  readonly workflow: string;
  readonly url: string;
  readonly wave: string;
  readonly levers: string;
  readonly owner: string;
  readonly targetDate: string;
  readonly status: string;
  readonly latestNote: { readonly date: string; readonly body: string } | null;
  readonly metric: {
    readonly name: string;
    readonly better: string;
    readonly baseline: string;
    readonly rows: readonly { readonly period: string; readonly value: string; readonly change: string }[];
  } | null;
  /** The effect's headline sentence, or null: not measured yet. */
  readonly effect: string | null;
}

export interface ReportPlansSection {
  readonly plansUrl: string;
  readonly startUrl: string;
  readonly items: readonly ReportPlanItem[];
}

const round = (v: number): number => Math.abs(Number(v.toPrecision(6)));

function metricOf(plan: Plan, values: readonly MetricValue[]): ReportPlanItem['metric'] {
  if (plan.metricName === null) return null;
  const unit = plan.metricUnit ? ` ${plan.metricUnit}` : '';
  const better = plan.metricDirection === 'down' ? -1 : 1;
  const baseline = plan.metricBaseline;
  return {
    name: plan.metricName,
    better: plan.metricDirection ?? 'up',
    baseline: baseline === null ? 'not set' : `${baseline}${unit}`,
    rows: values.map((v) => {
      const d = baseline === null ? null : v.value - baseline;
      const reading = d === null ? '' : d * better > 0 ? ' (better)' : d * better < 0 ? ' (worse)' : '';
      return {
        period: v.period,
        value: `${v.value}${unit}`,
        change: d === null ? '–' : `${d > 0 ? '+' : d < 0 ? '−' : '±'}${round(d)}${unit}${reading}`,
      };
    }),
  };
}

/** The overview's plans section: one item per plan, in the order given (the services' newest first). */
export function reportPlansSection({
  orgSlug,
  surveyId,
  surveyTitles,
  entries,
}: {
  orgSlug: string;
  surveyId: number;
  surveyTitles: ReadonlyMap<number, string>;
  entries: readonly ReportPlanInput[];
}): ReportPlansSection {
  return {
    plansUrl: `/orgs/${orgSlug}/plans`,
    startUrl: `/orgs/${orgSlug}/surveys/${surveyId}/report/priorities`,
    items: entries.map(({ plan, notes, values, effect }) => {
      const last = notes.at(-1);
      return {
        workflow: plan.workflow,
        url: `/orgs/${orgSlug}/plans/${plan.id}`,
        wave: surveyTitles.get(plan.surveyId) ?? '',
        levers: plan.levers.map((l) => fmt.LEVER_LABEL[l] ?? l).join(', '),
        owner: plan.ownerEmail ?? 'not chosen yet',
        targetDate: plan.targetDate ?? 'not set',
        status: STATUS_LABEL[plan.status],
        latestNote: last ? { date: last.at.toISOString().slice(0, 10), body: last.body } : null,
        metric: metricOf(plan, values),
        effect: effectHeadline(effect, plan.workflow),
      };
    }),
  };
}
