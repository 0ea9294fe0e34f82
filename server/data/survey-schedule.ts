/**
 * The scheduled side of the surveys table: which surveys are due to open or close, the conditional
 * UPDATEs that move one survey once (whichever server's UPDATE changes the row does the rest of the
 * work in the same transaction; the others change nothing), and setting the times. Times are ISO
 * strings, as insertSurvey stores them, so they compare alike on SQLite and PostgreSQL.
 */
import type { Knex } from 'knex';

/** Drafts whose opening time has come. */
export async function listSurveysDueToOpen(db: Knex, now: Date): Promise<number[]> {
  const ids: unknown[] = await db('surveys')
    .where('status', 'draft')
    .whereNotNull('opens_at')
    .where('opens_at', '<=', now.toISOString())
    .orderBy('id')
    .pluck('id');
  return ids.map(Number);
}

/** Open surveys whose closing time has come. */
export async function listSurveysDueToClose(db: Knex, now: Date): Promise<number[]> {
  const ids: unknown[] = await db('surveys')
    .where('status', 'open')
    .whereNotNull('closes_at')
    .where('closes_at', '<=', now.toISOString())
    .orderBy('id')
    .pluck('id');
  return ids.map(Number);
}

/** draft → open when its opening time has come; true for the one caller whose UPDATE changed the row. */
export async function claimScheduledOpening(db: Knex, surveyId: number, now: Date): Promise<boolean> {
  const changed = await db('surveys')
    .where({ id: surveyId, status: 'draft' })
    .whereNotNull('opens_at')
    .where('opens_at', '<=', now.toISOString())
    .update({ status: 'open' });
  return changed === 1;
}

/** open → closed when its closing time has come (closes_at stays the scheduled time); true for the one caller that changed it. */
export async function claimScheduledClosing(db: Knex, surveyId: number, now: Date): Promise<boolean> {
  const changed = await db('surveys')
    .where({ id: surveyId, status: 'open' })
    .whereNotNull('closes_at')
    .where('closes_at', '<=', now.toISOString())
    .update({ status: 'closed' });
  return changed === 1;
}

/** Sets when the organization's survey opens and closes (null: by hand). */
export async function updateSurveySchedule(
  db: Knex,
  organizationId: number,
  surveyId: number,
  times: { opensAt: Date | null; closesAt: Date | null },
): Promise<void> {
  await db('surveys')
    .where({ id: surveyId, organization_id: organizationId })
    .update({ opens_at: times.opensAt?.toISOString() ?? null, closes_at: times.closesAt?.toISOString() ?? null });
}
