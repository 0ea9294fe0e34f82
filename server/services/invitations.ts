/**
 * Single-use invitation links. A token is 32 random bytes in base64url; only its sha256 (hex) is stored
 * (server/data/invitations.ts), so the links exist only in the one response that hands them out.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { hashInvitationToken, insertInvitations } from '../data/invitations.js';

/** Most links one request may generate per unit, and in total (keeps one request's work bounded). */
export const MAX_PER_UNIT = 1000;
export const MAX_PER_REQUEST = 20_000;

export interface InvitationLink {
  readonly unitPath: string;
  readonly link: string;
}

export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The respondent link for a token: `${baseUrl}/s/${code}?t=${token}`. */
export function invitationLink(baseUrl: string, surveyCode: string, token: string): string {
  return `${baseUrl}/s/${encodeURIComponent(surveyCode)}?t=${token}`;
}

export function createInvitationService({ db, baseUrl }: { db: Knex; baseUrl: string }) {
  /**
   * Creates `perUnit` invitations for each unit in one transaction and returns their links.
   * The caller has checked that the survey and the units belong to the viewer's organization.
   * Throws RangeError for a count outside 1..MAX_PER_UNIT or more than MAX_PER_REQUEST links.
   */
  async function generate(survey: { id: number; code: string }, units: readonly { id: number; path: string }[], perUnit: number): Promise<InvitationLink[]> {
    if (!Number.isInteger(perUnit) || perUnit < 1 || perUnit > MAX_PER_UNIT) throw new RangeError(`Invitations per unit must be a whole number from 1 to ${MAX_PER_UNIT}.`);
    if (units.length * perUnit > MAX_PER_REQUEST) throw new RangeError(`At most ${MAX_PER_REQUEST} invitations per request: choose fewer units or fewer per unit.`);
    const links: InvitationLink[] = [];
    const rows: { surveyId: number; unitId: number; tokenHash: string }[] = [];
    for (const unit of units) {
      for (let i = 0; i < perUnit; i++) {
        const token = newInvitationToken();
        rows.push({ surveyId: survey.id, unitId: unit.id, tokenHash: hashInvitationToken(token) });
        links.push({ unitPath: unit.path, link: invitationLink(baseUrl, survey.code, token) });
      }
    }
    await db.transaction((trx) => insertInvitations(trx, rows));
    return links;
  }

  return { generate };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
