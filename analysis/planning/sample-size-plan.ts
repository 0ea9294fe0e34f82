/**
 * The sample-size planner: before a survey opens, what a number of invitations at an expected
 * response rate will allow. The breakdown's minimum is the report's own (`decompositionNeeds`), the
 * workflow minimum the recommendation's own (`MIN_N_PER_PREDICTOR` × p), the anonymity threshold the
 * survey's; the interval on the organizational share is the delta-method approximation of
 * ./org-share-variance.ts for the population ./planning-population.ts assumes.
 */
import { decompositionNeeds, instrumentModel } from '../report/report-decomposition.js';
import { MIN_N_PER_PREDICTOR } from '../report/report-workflows.js';
import type { DecompositionNeeds, Interval } from '../report/report.js';
import type { Instrument } from '../scales/instrument.js';
import { expectedOrgShareInterval, orgShareAsymptoticVariance } from './org-share-variance.js';
import { DEFAULT_ASSUMPTIONS, planningPopulation, type PlanningAssumptions } from './planning-population.js';

/** The precision a plan aims the organizational share at: ±10 percentage points. */
export const TARGET_HALF_WIDTH = 0.1;

export interface PlanInput {
  readonly invitations: number;
  /** Expected share of invitations answered, in (0, 1]. */
  readonly response_rate: number;
  /** Workflows respondents choose from; 0 or absent = no workflow question. */
  readonly workflows?: number;
  /** The survey's anonymity threshold K (default 5). */
  readonly threshold?: number;
  readonly assumptions?: Partial<PlanningAssumptions>;
}

export interface SurveyPlan {
  readonly invitations: number;
  readonly response_rate: number;
  /** invitations × response rate, rounded; every response assumed complete and usable. */
  readonly expected_responses: number;
  readonly threshold: number;
  readonly assumptions: PlanningAssumptions;
  readonly predictors: { readonly organizational: number; readonly individual: number };
  readonly breakdown: {
    /** Complete responses the breakdown needs at the least: p + 2. */
    readonly minimum: number;
    /** What is missing at the expected responses (the report's own sentence), or null. */
    readonly needs: DecompositionNeeds | null;
    /** The expected 95% interval on the organizational share, if the true share is the assumed one; null without a breakdown or a split. */
    readonly org_share_interval: Interval | null;
    readonly half_width: number | null;
  };
  /** Responses (and invitations at this rate) for a half-width of TARGET_HALF_WIDTH; null without a split. */
  readonly for_target: {
    readonly half_width: number;
    readonly responses: number;
    readonly invitations: number;
  } | null;
  /** Responses a workflow needs for its own breakdown (and so for a recommendation): MIN_N_PER_PREDICTOR × p. */
  readonly workflow_minimum: number;
  /** null when the survey asks no workflow. */
  readonly workflows: {
    readonly count: number;
    /** Expected responses per workflow if they split evenly. */
    readonly per_workflow: number;
    readonly recommendation_possible: boolean;
    /** Responses (and invitations) for every workflow to reach the minimum if they split evenly. */
    readonly responses_needed: number;
    readonly invitations_needed: number;
    /** Expected half-width of a workflow's organizational share, when it reaches the minimum. */
    readonly half_width: number | null;
  } | null;
  /** Invitations a team needs for its expected responses to reach the threshold. */
  readonly team_invitations: number;
}

function wholeNumber(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min)
    throw new RangeError(`${name} must be a whole number of at least ${min} (got ${v})`);
}

/** The smallest n whose expected half-width is at most `target` (half-widths fall as n grows). */
function responsesFor(target: number, width: (n: number) => number): number {
  let lo = 1,
    hi = 2;
  while (width(hi) > target) hi *= 2;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (width(mid) > target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The plan for `instrument` (its organizational and individual scales are the breakdown's
 * predictors). Throws a RangeError naming the input when invitations, rate, workflows or threshold
 * are out of range, or when the assumptions are (see `planningPopulation`).
 */
export function planSurvey(instrument: Instrument, input: PlanInput): SurveyPlan {
  const { invitations, response_rate } = input;
  const workflows = input.workflows ?? 0;
  const threshold = input.threshold ?? 5;
  wholeNumber('the number of invitations', invitations, 1);
  if (!(response_rate > 0 && response_rate <= 1))
    throw new RangeError(`the response rate must be above 0 and at most 1 (got ${response_rate})`);
  wholeNumber('the number of workflows', workflows, 0);
  wholeNumber('the anonymity threshold', threshold, 1);
  const assumptions = { ...DEFAULT_ASSUMPTIONS, ...input.assumptions };

  const model = instrumentModel(instrument);
  const p = model.predictors.length;
  const predictors = {
    organizational: model.groups?.organizational?.length ?? 0,
    individual: model.groups?.individual?.length ?? 0,
  };
  const expected = Math.round(invitations * response_rate);
  const invitationsFor = (responses: number) => Math.ceil(responses / response_rate);
  const needs = decompositionNeeds(p, expected);
  // No split to estimate without both groups; the population check throws on bad assumptions either way.
  const split = predictors.organizational > 0 && predictors.individual > 0;
  const v = split
    ? orgShareAsymptoticVariance(planningPopulation(predictors.organizational, predictors.individual, assumptions))
    : null;
  const at = (n: number) => expectedOrgShareInterval(v!, n, assumptions.org_share);
  const shown = v !== null && !needs ? at(expected) : null;
  const minimum = MIN_N_PER_PREDICTOR * p;
  const perWorkflow = workflows > 0 ? Math.floor(expected / workflows) : 0;
  const forTarget = v === null ? null : responsesFor(TARGET_HALF_WIDTH, (n) => at(n).half_width);
  return {
    invitations,
    response_rate,
    expected_responses: expected,
    threshold,
    assumptions,
    predictors,
    breakdown: {
      minimum: p + 2,
      needs,
      org_share_interval: shown?.interval ?? null,
      half_width: shown?.half_width ?? null,
    },
    for_target:
      forTarget === null
        ? null
        : { half_width: TARGET_HALF_WIDTH, responses: forTarget, invitations: invitationsFor(forTarget) },
    workflow_minimum: minimum,
    workflows:
      workflows === 0
        ? null
        : {
            count: workflows,
            per_workflow: perWorkflow,
            recommendation_possible: perWorkflow >= Math.max(minimum, threshold),
            responses_needed: Math.max(minimum, threshold) * workflows,
            invitations_needed: invitationsFor(Math.max(minimum, threshold) * workflows),
            half_width: v !== null && perWorkflow >= minimum ? at(perWorkflow).half_width : null,
          },
    team_invitations: invitationsFor(threshold),
  };
}
