/**
 * The sample-size plan in plain words, one sentence per line, the same on the new-survey page and in
 * `readiness plan`: what the responses allow, what is missing, and what the figures assume.
 */
import type { SurveyPlan } from './sample-size-plan.js';

const count = (n: number) => n.toLocaleString('en');
const pct = (v: number) => `${Math.round(v * 100)}%`;
const points = (v: number) => `±${Math.round(v * 100)} percentage points`;

/** The plan's sentences: expected responses, breakdown, precision, workflows, anonymity, assumptions. */
export function planSentences(plan: SurveyPlan): string[] {
  const out: string[] = [];
  const rate = pct(plan.response_rate);
  out.push(
    `At a ${rate} response rate, ${count(plan.invitations)} invitations should bring about ${count(plan.expected_responses)} responses.`,
  );
  const { breakdown: b, for_target: target, assumptions: a } = plan;
  if (b.needs) out.push(b.needs.sentence);
  else if (b.half_width !== null && b.org_share_interval)
    out.push(
      `The organizational share of the explained differences would be known to about ${points(b.half_width)}: if it is ${pct(a.org_share)}, expect a 95% interval of about ${Math.round(b.org_share_interval[0] * 100)}–${pct(b.org_share_interval[1])}.`,
    );
  else
    out.push(
      'The instrument has no organizational and individual scales to compare, so there is no split to estimate.',
    );
  if (target && (b.half_width === null || b.half_width > target.half_width))
    out.push(
      `For ${points(target.half_width)}, plan for about ${count(target.responses)} responses (${count(target.invitations)} invitations at ${rate}).`,
    );
  const w = plan.workflows;
  if (!w)
    out.push(
      `No workflow question, so no recommendation of where to start: with workflows, each needs ${plan.workflow_minimum} responses for its own breakdown.`,
    );
  else if (w.recommendation_possible)
    out.push(
      `With ${w.count} ${w.count === 1 ? 'workflow' : 'workflows'}, about ${count(w.per_workflow)} responses each if they split evenly: enough for a recommendation (a workflow needs ${plan.workflow_minimum})${w.half_width === null ? '' : `; each workflow's organizational share would be known to about ${points(w.half_width)}`}.`,
    );
  else
    out.push(
      `With ${w.count} ${w.count === 1 ? 'workflow' : 'workflows'}, about ${count(w.per_workflow)} responses each if they split evenly: too few for a recommendation of where to start, since a workflow needs ${plan.workflow_minimum} for its own breakdown. Plan for ${count(w.responses_needed)} responses (${count(w.invitations_needed)} invitations at ${rate}), or ask fewer workflows.`,
    );
  out.push(
    `No figure is shown for a group of fewer than ${plan.threshold} responses: a team needs about ${count(plan.team_invitations)} invitations at ${rate} for its own figures.`,
  );
  const within =
    a.within_org === a.within_ind
      ? `${a.within_org} within a group`
      : `${a.within_org} among organizational and ${a.within_ind} among individual scales`;
  out.push(
    `Assumed: the scales explain ${pct(a.r2)} of the differences in AI performance (R² = ${a.r2}), ${pct(a.org_share)} of that is organizational, scales correlate ${within} and ${a.between} across groups, and every response is complete. The width is an approximation (delta method), checked by simulation.`,
  );
  return out;
}
