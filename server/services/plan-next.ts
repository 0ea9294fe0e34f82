/**
 * The next workflow once a redesign plan is done: the highest-ranked workflow of this wave's
 * recommendation (analysis/action/recommendation.ts) that has no plan still planned or in progress, and
 * that is not one whose plan was started from this same wave and is done (it has no new evidence yet).
 * Nothing is proposed before some plan of the organization is done.
 */
import type { Plan } from '../data/redesign-plans.js';

export interface NextWorkflow {
  readonly workflow: string | null;
  /** The workflows with an open plan, left out. */
  readonly excluded: readonly string[];
}

export function nextWorkflow(
  /** The report's recommendation (analysis/report/report.ts `Recommendation`): its workflows, highest priority first. */
  recommendation: { readonly ranked: readonly { readonly workflow: string }[] },
  plans: readonly Pick<Plan, 'workflow' | 'status' | 'surveyId'>[],
  surveyId: number,
): NextWorkflow | null {
  if (!plans.some((p) => p.status === 'done')) return null;
  const open = new Set(plans.filter((p) => p.status !== 'done').map((p) => p.workflow));
  const doneHere = new Set(plans.filter((p) => p.status === 'done' && p.surveyId === surveyId).map((p) => p.workflow));
  const next = recommendation.ranked.find((r) => !open.has(r.workflow) && !doneHere.has(r.workflow));
  return { workflow: next?.workflow ?? null, excluded: [...open].sort() };
}
