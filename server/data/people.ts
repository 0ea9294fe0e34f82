/**
 * Queries on the people table: an organization's address list (personal data, never joined to
 * responses). Emails are stored lower-cased, unique per organization. Times are ISO strings.
 */
import type { Knex } from 'knex';

export interface PersonFields {
  readonly email: string;
  readonly unitId: number | null;
  readonly managerEmail: string | null;
  readonly location: string | null;
  readonly roleLevel: string | null;
  readonly language: string | null;
}

export interface Person extends PersonFields {
  readonly id: number;
  readonly organizationId: number;
}

interface Row {
  id: number;
  organization_id: number;
  email: string;
  unit_id: number | null;
  manager_email: string | null;
  location: string | null;
  role_level: string | null;
  language: string | null;
}

function fromRow(row: Row): Person {
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    unitId: row.unit_id ?? null,
    managerEmail: row.manager_email ?? null,
    location: row.location ?? null,
    roleLevel: row.role_level ?? null,
    language: row.language ?? null,
  };
}

function toColumns(person: PersonFields) {
  return {
    email: person.email,
    unit_id: person.unitId,
    manager_email: person.managerEmail,
    location: person.location,
    role_level: person.roleLevel,
    language: person.language,
  };
}

/** Rows per INSERT: 9 columns × 100 rows stays below SQLite's bound-parameter limit. */
const BATCH = 100;

/** Every person of the organization, by email. */
export async function listPeople(db: Knex, organizationId: number): Promise<Person[]> {
  const rows = await db<Row>('people').where({ organization_id: organizationId }).orderBy('email');
  return rows.map(fromRow);
}

/** Up to `limit` people of the organization with an id above `afterId`, in id order (a page of the API's list). */
export async function listPeopleAfter(db: Knex, organizationId: number, afterId: number, limit: number): Promise<Person[]> {
  const rows = await db<Row>('people')
    .where({ organization_id: organizationId })
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit);
  return rows.map(fromRow);
}

export async function countPeople(db: Knex, organizationId: number): Promise<number> {
  const row = await db('people').where({ organization_id: organizationId }).count<{ n: number | string }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function insertPeople(db: Knex, organizationId: number, people: readonly PersonFields[], at: Date): Promise<void> {
  const stamp = at.toISOString();
  const rows = people.map((p) => ({ organization_id: organizationId, ...toColumns(p), created_at: stamp, updated_at: stamp }));
  for (let i = 0; i < rows.length; i += BATCH) await db('people').insert(rows.slice(i, i + BATCH));
}

export async function updatePerson(db: Knex, organizationId: number, id: number, person: PersonFields, at: Date): Promise<void> {
  await db('people')
    .where({ id, organization_id: organizationId })
    .update({ ...toColumns(person), updated_at: at.toISOString() });
}

export async function deletePeople(db: Knex, organizationId: number, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db('people')
      .where({ organization_id: organizationId })
      .whereIn('id', ids.slice(i, i + 500))
      .del();
  }
}

/**
 * The organization's people not yet on the survey's address list, by email; with `unitIds`, only those
 * whose unit is one of them (null: everyone, with or without a unit).
 */
export async function listPeopleNotInvited(
  db: Knex,
  organizationId: number,
  surveyId: number,
  unitIds: readonly number[] | null,
): Promise<Person[]> {
  const rows: Row[] = await db<Row>('people')
    .where({ organization_id: organizationId })
    .modify((q) => {
      if (unitIds !== null) q.whereIn('unit_id', [...unitIds]);
    })
    .whereNotExists(
      db('survey_recipients').where('survey_recipients.survey_id', surveyId).whereRaw('survey_recipients.person_id = people.id').select(db.raw('1')),
    )
    .orderBy('email')
    .select('people.*');
  return rows.map(fromRow);
}
