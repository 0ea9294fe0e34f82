/**
 * Redesign plans: one workflow of a survey, its levers, an owner among the organization's staff, a
 * target day, the answers to the three redesign questions, a status with dated notes, and one
 * business metric kept beside the survey figures (never mixed into them). Every function takes
 * the organization id; every change goes to the audit log in the same transaction.
 */
import type { Knex } from 'knex';
import type { Lever } from '../../analysis/action/priorities.js';
import { systemClock, type Clock } from '../clock.js';
import { insertAuditEvent } from '../data/audit-events.js';
import {
  deleteMetricValue,
  findPlan,
  insertPlan,
  insertPlanNote,
  listMetricValues,
  listOrganizationStaff,
  listPlanNotes,
  listPlans,
  updatePlan,
  updatePlanStatus,
  upsertMetricValue,
  type MetricValue,
  type Plan,
  type PlanFields,
  type PlanStatus,
} from '../data/redesign-plans.js';
import type { Survey } from '../data/surveys.js';
import { FieldError } from '../errors.js';
import { toCsv } from './csv.js';
import type { StaffUser } from './users.js';

export type { MetricValue, Plan, PlanNote, PlanStatus } from '../data/redesign-plans.js';

export const PLAN_STATUSES: readonly PlanStatus[] = ['planned', 'in_progress', 'done'];
export const PLAN_LEVERS: readonly Lever[] = ['decisionRights', 'dataAccess', 'measurement'];
export const STATUS_LABEL: Readonly<Record<PlanStatus, string>> = {
  planned: 'planned',
  in_progress: 'in progress',
  done: 'done',
};

/** A plan's fields as a form gives them (shape already checked by the route). */
export interface PlanInput extends Omit<PlanFields, 'levers'> {
  readonly levers: readonly string[];
}

/** Periods are labels such as 2026-11, 2026-Q4 or 2026-W48, so that they sort in time order. */
const PERIOD = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-W(0[1-9]|[1-4]\d|5[0-3]))?$/;

export function createRedesignPlanService({ db, clock = systemClock }: { db: Knex; clock?: Clock }) {
  /** The rules a plan must keep; throws FieldError naming the field to correct. */
  async function checked(organizationId: number, survey: Survey, input: PlanInput): Promise<PlanFields> {
    if (!survey.workflows.includes(input.workflow))
      throw new FieldError('workflow', 'Choose one of the survey’s workflows.');
    const levers = PLAN_LEVERS.filter((l) => input.levers.includes(l));
    if (levers.length === 0 || levers.length !== input.levers.length)
      throw new FieldError('levers', 'Choose at least one lever.');
    if (input.ownerId !== null && !(await owners(organizationId)).some((o) => o.id === input.ownerId))
      throw new FieldError('ownerId', 'Choose a staff member of this organization.');
    if (input.targetDate !== null && Number.isNaN(Date.parse(`${input.targetDate}T00:00:00Z`)))
      throw new FieldError('targetDate', 'Enter a day as YYYY-MM-DD.');
    const metric = [input.metricName, input.metricDirection];
    if (metric.some((v) => v !== null) && metric.some((v) => v === null))
      throw new FieldError(
        'metricName',
        'Give the metric a name and say which direction is better, or leave both empty.',
      );
    return { ...input, levers };
  }

  function owners(organizationId: number) {
    return listOrganizationStaff(db, organizationId);
  }

  async function audit(
    trx: Knex,
    actor: StaffUser,
    plan: Pick<Plan, 'organizationId' | 'surveyId' | 'workflow'>,
    detail: Record<string, unknown>,
    action: 'plan.create' | 'plan.update',
  ) {
    await insertAuditEvent(trx, {
      organizationId: plan.organizationId,
      userId: actor.id,
      surveyId: plan.surveyId,
      action,
      detail: { workflow: plan.workflow, ...detail },
      at: clock(),
    });
  }

  async function create(actor: StaffUser, survey: Survey, input: PlanInput): Promise<Plan> {
    const fields = await checked(survey.organizationId, survey, input);
    const id = await db.transaction(async (trx) => {
      const planId = await insertPlan(trx, {
        ...fields,
        organizationId: survey.organizationId,
        surveyId: survey.id,
        at: clock(),
      });
      await audit(
        trx,
        actor,
        { organizationId: survey.organizationId, surveyId: survey.id, workflow: fields.workflow },
        {},
        'plan.create',
      );
      return planId;
    });
    return (await findPlan(db, survey.organizationId, id))!;
  }

  async function update(actor: StaffUser, plan: Plan, survey: Survey, input: PlanInput): Promise<void> {
    const fields = await checked(plan.organizationId, survey, input);
    await db.transaction(async (trx) => {
      await updatePlan(trx, plan.organizationId, plan.id, fields, clock());
      await audit(trx, actor, plan, { change: 'edited' }, 'plan.update');
    });
  }

  /** Sets the status and keeps a dated note of it (the note's text may be empty only when the status changes). */
  async function note(actor: StaffUser, plan: Plan, status: PlanStatus, body: string): Promise<void> {
    if (status === plan.status && body.trim() === '')
      throw new FieldError('body', 'Write a note or change the status.');
    const text = body.trim() || `Status set to ${STATUS_LABEL[status]}.`;
    await db.transaction(async (trx) => {
      const at = clock();
      if (status !== plan.status) await updatePlanStatus(trx, plan.organizationId, plan.id, status, at);
      await insertPlanNote(trx, { planId: plan.id, userId: actor.id, status, body: text, at });
      await audit(
        trx,
        actor,
        plan,
        status !== plan.status ? { change: 'status', from: plan.status, to: status } : { change: 'note' },
        'plan.update',
      );
    });
  }

  /** Stores the metric's values (a period given again replaces its value); `value` null deletes the period. */
  async function setMetricValues(
    actor: StaffUser,
    plan: Plan,
    values: readonly { period: string; value: number | null }[],
  ) {
    if (plan.metricName === null) throw new FieldError('period', 'Define the business metric first.');
    for (const v of values) {
      if (!PERIOD.test(v.period))
        throw new FieldError('period', `“${v.period}” is not a period such as 2026-11, 2026-Q4 or 2026-W48.`);
      if (v.value !== null && !Number.isFinite(v.value)) throw new FieldError('value', 'Enter a number.');
    }
    await db.transaction(async (trx) => {
      for (const v of values)
        if (v.value === null) await deleteMetricValue(trx, plan.id, v.period);
        else await upsertMetricValue(trx, plan.id, { period: v.period, value: v.value });
      await audit(trx, actor, plan, { change: 'metric', periods: values.length }, 'plan.update');
    });
  }

  /** The plan of the organization, or null. */
  async function find(organizationId: number, id: number): Promise<Plan | null> {
    if (!Number.isSafeInteger(id)) return null;
    return (await findPlan(db, organizationId, id)) ?? null;
  }

  async function details(plan: Plan) {
    const [notes, values] = await Promise.all([listPlanNotes(db, plan.id), listMetricValues(db, plan.id)]);
    return { notes, values };
  }

  function list(organizationId: number): Promise<Plan[]> {
    return listPlans(db, organizationId);
  }

  /** The organization's plans as CSV, one row per plan, the metric's values as period=value pairs. */
  async function csv(organizationId: number, surveyTitles: ReadonlyMap<number, string>): Promise<string> {
    const plans = await list(organizationId);
    const rows = await Promise.all(
      plans.map(async (p) => {
        const values: MetricValue[] = await listMetricValues(db, p.id);
        return [
          p.id,
          p.workflow,
          p.levers.join(' '),
          surveyTitles.get(p.surveyId) ?? '',
          p.ownerEmail ?? '',
          p.targetDate ?? '',
          STATUS_LABEL[p.status],
          p.decisionRights,
          p.dataAccess,
          p.measurement,
          p.metricName ?? '',
          p.metricUnit ?? '',
          p.metricDirection ?? '',
          p.metricBaseline ?? '',
          values.map((v) => `${v.period}=${v.value}`).join(' '),
        ];
      }),
    );
    return toCsv(
      [
        'id',
        'workflow',
        'levers',
        'wave',
        'owner',
        'target_date',
        'status',
        'decision_rights',
        'data_access',
        'measurement',
        'metric_name',
        'metric_unit',
        'metric_direction',
        'metric_baseline',
        'metric_values',
      ],
      rows,
    );
  }

  return { owners, create, update, note, setMetricValues, find, details, list, csv };
}

export type RedesignPlanService = ReturnType<typeof createRedesignPlanService>;
