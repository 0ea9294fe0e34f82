/**
 * Queries on survey_recipients, a survey's address list: who was invited by email, with the invitation
 * sent to them. Reminders read only the invitation's `used` flag through it; responses carry no
 * invitation id, so nothing here reaches an answer.
 */
import type { Knex } from 'knex';

/** Rows per INSERT (4 columns). */
const BATCH = 200;

export async function insertSurveyRecipients(
  db: Knex,
  recipients: readonly { surveyId: number; personId: number; invitationId: number }[],
  at: Date,
): Promise<void> {
  const stamp = at.toISOString();
  const rows = recipients.map((r) => ({ survey_id: r.surveyId, person_id: r.personId, invitation_id: r.invitationId, invited_at: stamp }));
  for (let i = 0; i < rows.length; i += BATCH) await db('survey_recipients').insert(rows.slice(i, i + BATCH));
}

/** The people of the survey's address list whose invitation is still unused: their address and invitation. */
export async function listRecipientsWithUnusedInvitations(
  db: Knex,
  surveyId: number,
): Promise<{ email: string; language: string | null; invitationId: number; unitId: number | null }[]> {
  const rows: { email: string; language: string | null; invitation_id: number; unit_id: number | null }[] = await db(
    'survey_recipients as r',
  )
    .join('people as p', 'p.id', 'r.person_id')
    .join('invitations as i', 'i.id', 'r.invitation_id')
    .where('r.survey_id', surveyId)
    .andWhere('i.used', false)
    .orderBy('r.id')
    .select('p.email', 'p.language', 'r.invitation_id', 'i.unit_id');
  return rows.map((r) => ({
    email: r.email,
    language: r.language ?? null,
    invitationId: Number(r.invitation_id),
    unitId: r.unit_id ?? null,
  }));
}

export async function countSurveyRecipients(db: Knex, surveyId: number): Promise<number> {
  const row = await db('survey_recipients').where({ survey_id: surveyId }).count<{ n: number | string }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Erases the survey's address list; resolves to how many entries it held. */
export async function deleteSurveyRecipients(db: Knex, surveyId: number): Promise<number> {
  return db('survey_recipients').where({ survey_id: surveyId }).del();
}

/**
 * The language of the person an invitation was emailed to (people.language), null when it was not
 * emailed to a person or they have none. Read to pick the form's language; never stored with the answers' link.
 */
export async function invitedPersonLanguage(db: Knex, invitationId: number): Promise<string | null> {
  const row: { language: string | null } | undefined = await db('survey_recipients as r')
    .join('people as p', 'p.id', 'r.person_id')
    .where('r.invitation_id', invitationId)
    .first('p.language');
  return row?.language ?? null;
}
