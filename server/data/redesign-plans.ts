/**
 * Queries on redesign_plans, plan_notes and plan_metric_values: an organization's workflow
 * redesigns, their dated notes and their business metric's values per period. Every read and
 * write of a plan names its organization, so one organization's id never reaches another's plan.
 */
import type { Knex } from 'knex';
import { seriesInstrumentIds } from './instruments.js';
import { insertedId, parseJsonColumn, toDate } from './values.js';

export type PlanStatus = 'planned' | 'in_progress' | 'done';
export type MetricDirection = 'up' | 'down';

export interface PlanFields {
  readonly workflow: string;
  readonly levers: readonly string[];
  readonly ownerId: number | null;
  /** YYYY-MM-DD */
  readonly targetDate: string | null;
  readonly decisionRights: string;
  readonly dataAccess: string;
  readonly measurement: string;
  readonly metricName: string | null;
  readonly metricUnit: string | null;
  readonly metricDirection: MetricDirection | null;
  readonly metricBaseline: number | null;
}

export interface Plan extends PlanFields {
  readonly id: number;
  readonly organizationId: number;
  readonly surveyId: number;
  readonly status: PlanStatus;
  readonly ownerEmail: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface PlanNote {
  readonly id: number;
  readonly status: PlanStatus;
  readonly body: string;
  readonly at: Date;
  readonly userEmail: string | null;
}

export interface MetricValue {
  readonly period: string;
  readonly value: number;
}

interface Row {
  id: number;
  organization_id: number;
  survey_id: number;
  workflow: string;
  levers: string;
  owner_id: number | null;
  target_date: string | null;
  decision_rights: string;
  data_access: string;
  measurement: string;
  status: PlanStatus;
  metric_name: string | null;
  metric_unit: string | null;
  metric_direction: MetricDirection | null;
  metric_baseline: number | string | null;
  created_at: unknown;
  updated_at: unknown;
  email: string | null;
}

function fromRow(row: Row): Plan {
  return {
    id: row.id,
    organizationId: row.organization_id,
    surveyId: row.survey_id,
    workflow: row.workflow,
    levers: parseJsonColumn<string[]>(row.levers, 'redesign_plans.levers'),
    ownerId: row.owner_id ?? null,
    ownerEmail: row.email ?? null,
    targetDate: row.target_date ?? null,
    decisionRights: row.decision_rights,
    dataAccess: row.data_access,
    measurement: row.measurement,
    status: row.status,
    metricName: row.metric_name ?? null,
    metricUnit: row.metric_unit ?? null,
    metricDirection: row.metric_direction ?? null,
    metricBaseline: row.metric_baseline === null ? null : Number(row.metric_baseline),
    createdAt: toDate(row.created_at)!,
    updatedAt: toDate(row.updated_at)!,
  };
}

function columns(fields: PlanFields) {
  return {
    workflow: fields.workflow,
    levers: JSON.stringify(fields.levers),
    owner_id: fields.ownerId,
    target_date: fields.targetDate,
    decision_rights: fields.decisionRights,
    data_access: fields.dataAccess,
    measurement: fields.measurement,
    metric_name: fields.metricName,
    metric_unit: fields.metricUnit,
    metric_direction: fields.metricDirection,
    metric_baseline: fields.metricBaseline,
  };
}

const selectPlans = (db: Knex) =>
  db('redesign_plans as p').leftJoin('users as u', 'u.id', 'p.owner_id').select('p.*', 'u.email');

export async function insertPlan(
  db: Knex,
  plan: PlanFields & { organizationId: number; surveyId: number; at: Date },
): Promise<number> {
  const at = plan.at.toISOString();
  const rows = await db('redesign_plans')
    .insert({
      ...columns(plan),
      organization_id: plan.organizationId,
      survey_id: plan.surveyId,
      status: 'planned',
      created_at: at,
      updated_at: at,
    })
    .returning('id');
  return insertedId(rows);
}

export async function updatePlan(
  db: Knex,
  organizationId: number,
  id: number,
  fields: PlanFields,
  at: Date,
): Promise<boolean> {
  const n = await db('redesign_plans')
    .where({ id, organization_id: organizationId })
    .update({ ...columns(fields), updated_at: at.toISOString() });
  return n > 0;
}

export async function updatePlanStatus(
  db: Knex,
  organizationId: number,
  id: number,
  status: PlanStatus,
  at: Date,
): Promise<void> {
  await db('redesign_plans')
    .where({ id, organization_id: organizationId })
    .update({ status, updated_at: at.toISOString() });
}

export async function findPlan(db: Knex, organizationId: number, id: number): Promise<Plan | undefined> {
  const row: Row | undefined = await selectPlans(db).where({ 'p.id': id, 'p.organization_id': organizationId }).first();
  return row ? fromRow(row) : undefined;
}

/** The organization's plans, newest first. */
export async function listPlans(db: Knex, organizationId: number): Promise<Plan[]> {
  const rows: Row[] = await selectPlans(db)
    .where('p.organization_id', organizationId)
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id', 'desc');
  return rows.map(fromRow);
}

export async function insertPlanNote(
  db: Knex,
  note: { planId: number; userId: number | null; status: PlanStatus; body: string; at: Date },
): Promise<void> {
  await db('plan_notes').insert({
    plan_id: note.planId,
    user_id: note.userId,
    status: note.status,
    body: note.body,
    created_at: note.at.toISOString(),
  });
}

/** The plan's notes, oldest first. */
export async function listPlanNotes(db: Knex, planId: number): Promise<PlanNote[]> {
  const rows: { id: number; status: PlanStatus; body: string; created_at: unknown; email: string | null }[] = await db(
    'plan_notes as n',
  )
    .leftJoin('users as u', 'u.id', 'n.user_id')
    .where('n.plan_id', planId)
    .orderBy('n.created_at')
    .orderBy('n.id')
    .select('n.id', 'n.status', 'n.body', 'n.created_at', 'u.email');
  return rows.map((r) => ({ id: r.id, status: r.status, body: r.body, at: toDate(r.created_at)!, userEmail: r.email }));
}

/** Stores the value of a period, replacing the one stored for it before. */
export async function upsertMetricValue(db: Knex, planId: number, value: MetricValue): Promise<void> {
  await db('plan_metric_values')
    .insert({ plan_id: planId, period: value.period, value: value.value })
    .onConflict(['plan_id', 'period'])
    .merge(['value']);
}

export async function deleteMetricValue(db: Knex, planId: number, period: string): Promise<void> {
  await db('plan_metric_values').where({ plan_id: planId, period }).delete();
}

/** The metric's values, by period label ascending. */
export async function listMetricValues(db: Knex, planId: number): Promise<MetricValue[]> {
  const rows: { period: string; value: number | string }[] = await db('plan_metric_values')
    .where({ plan_id: planId })
    .orderBy('period')
    .select('period', 'value');
  return rows.map((r) => ({ period: r.period, value: Number(r.value) }));
}

/**
 * The staff who can see the organization, as owner choices: admins, its analysts and the
 * consultants assigned to it, by email.
 */
export async function listOrganizationStaff(
  db: Knex,
  organizationId: number,
): Promise<{ id: number; email: string }[]> {
  return db('users')
    .where('role', 'admin')
    .orWhere((q) => q.where('role', 'analyst').andWhere('organization_id', organizationId))
    .orWhereIn('id', db('user_organizations').where('organization_id', organizationId).select('user_id'))
    .orderBy('email')
    .select('id', 'email');
}

/** The id of the latest closed survey of the same organization and series (instrument versions scored alike) created after `survey`, if any. */
export async function laterClosedSurveyId(
  db: Knex,
  survey: { id: number; organizationId: number; instrumentId: number },
): Promise<number | null> {
  const row: { id: number } | undefined = await db('surveys')
    .where({ organization_id: survey.organizationId, status: 'closed' })
    .whereIn('instrument_id', await seriesInstrumentIds(db, survey.instrumentId))
    .andWhere('id', '>', survey.id)
    .orderBy('id', 'desc')
    .first('id');
  return row ? Number(row.id) : null;
}
