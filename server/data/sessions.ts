/**
 * Queries on the sessions table beyond what the session store (connect-session-knex, set up in
 * server/auth/session.ts) does itself. Dialect note: `sess` is text on SQLite and json on PostgreSQL,
 * so it is parsed here in JavaScript, which reads both the same way.
 */
import type { Knex } from 'knex';

/** The userId stored in a session's data, or undefined when the data is unreadable or has none. */
function sessionUserId(sess: unknown): unknown {
  try {
    const data = typeof sess === 'string' ? (JSON.parse(sess) as { userId?: unknown }) : (sess as { userId?: unknown });
    return data?.userId;
  } catch {
    return undefined;
  }
}

/** Deletes every stored session of the user except `keepSid`; resolves to how many were deleted. */
export async function deleteOtherSessionsOfUser(db: Knex, userId: number, keepSid: string): Promise<number> {
  const rows: { sid: string; sess: unknown }[] = await db('sessions').select('sid', 'sess');
  const doomed = rows.filter((row) => row.sid !== keepSid && sessionUserId(row.sess) === userId).map((row) => row.sid);
  if (doomed.length > 0) await db('sessions').whereIn('sid', doomed).del();
  return doomed.length;
}
