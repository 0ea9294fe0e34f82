/**
 * Single-use invitation links. A token is 32 random bytes in base64url; only its sha256 (hex) is stored
 * (server/data/invitations.ts), so the links exist only in the one response that hands them out.
 *
 * Extra links are how a small team is padded past the anonymity threshold (answer them yourself and the
 * team's figures show the one real respondent), so generation is limited: once a survey has opened only
 * admins and consultants may generate links (an analyst works inside the client organization), a unit
 * with a headcount never gets more links per survey than it has people, and every generation is written
 * to the audit log.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { insertAuditEvent } from '../data/audit-events.js';
import { countInvitationsForUnits, hashInvitationToken, insertInvitations } from '../data/invitations.js';
import { findSurveyForUpdate, type Survey } from '../data/surveys.js';
import { listUnits } from '../data/units.js';
import { ConflictError, FieldError, ForbiddenError } from '../errors.js';
import type { StaffUser } from './users.js';

/** Most links one request may generate per unit, and in total (keeps one request's work bounded). */
export const MAX_PER_UNIT = 1000;
export const MAX_PER_REQUEST = 20_000;

export const whoMayGenerateAfterOpening =
  'Once a survey is open, only an admin or a consultant assigned to this organization can generate invitation links. Ask one of them to generate the links you need.';

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

/** Whether `viewer` (who can see the survey's organization) may generate links for it now: anyone while it
 * is a draft; once opened (or closed), admins and consultants only. A closed survey takes no new links at all
 * (see `acceptsInvitations`). */
export function mayGenerateInvitations(viewer: Pick<StaffUser, 'role'>, survey: Pick<Survey, 'status'>): boolean {
  return survey.status === 'draft' || viewer.role === 'admin' || viewer.role === 'consultant';
}

/**
 * What `requests` (new links per unit) would exceed of the units' headcounts, given the links the
 * survey already has: one sentence per unit over its cap, none when every unit fits. Read inside the
 * caller's transaction, which holds the survey row lock.
 */
export async function headcountOverruns(
  trx: Knex,
  survey: Pick<Survey, 'id' | 'organizationId'>,
  requests: readonly { id: number; path: string; count: number }[],
): Promise<string[]> {
  const headcounts = new Map((await listUnits(trx, survey.organizationId)).map((u) => [u.id, u.headcount]));
  const existing = await countInvitationsForUnits(
    trx,
    survey.id,
    requests.map((u) => u.id),
  );
  return requests.flatMap((unit) => {
    const headcount = headcounts.get(unit.id) ?? null;
    if (headcount === null) return [];
    const left = Math.max(0, headcount - (existing.get(unit.id) ?? 0));
    return left >= unit.count
      ? []
      : [
          `${unit.path} has a headcount of ${headcount}: ${left === 0 ? 'no more links can' : `at most ${left} more link${left === 1 ? '' : 's'} can`} be generated for this survey.`,
        ];
  });
}

/** Whether the survey can take new invitation links: not once it is closed (reopen it first). */
export function acceptsInvitations(survey: Pick<Survey, 'status'>): boolean {
  return survey.status !== 'closed';
}

export const closedSurveyTakesNoLinks =
  'This survey is closed, so it takes no new invitation links. Reopen it first if more people should answer.';

export function createInvitationService({ db, baseUrl, clock }: { db: Knex; baseUrl: string; clock: Clock }) {
  /**
   * Creates `perUnit` invitations for each unit in one transaction, records the generation in the audit
   * log, and returns the links. The caller has checked that the survey and the units belong to the
   * viewer's organization. Throws ForbiddenError when `actor` may not generate links for the survey now
   * (see mayGenerateInvitations), FieldError('perUnit') when a unit's headcount leaves fewer links
   * than asked (nothing is generated), and RangeError for a count outside 1..MAX_PER_UNIT or more than
   * MAX_PER_REQUEST links.
   */
  async function generate(
    actor: StaffUser,
    survey: Survey,
    units: readonly { id: number; path: string }[],
    perUnit: number,
  ): Promise<InvitationLink[]> {
    if (!Number.isInteger(perUnit) || perUnit < 1 || perUnit > MAX_PER_UNIT)
      throw new RangeError(`Invitations per unit must be a whole number from 1 to ${MAX_PER_UNIT}.`);
    if (units.length * perUnit > MAX_PER_REQUEST)
      throw new RangeError(`At most ${MAX_PER_REQUEST} invitations per request: choose fewer units or fewer per unit.`);
    return db.transaction(async (trx) => {
      // The survey row lock makes two generations for one survey (and a generation racing the opening) run
      // one after the other, so the status and the counts below hold until this transaction commits.
      const current = await findSurveyForUpdate(trx, survey.id);
      if (!current) throw new RangeError(`Survey ${survey.id} does not exist.`);
      if (!mayGenerateInvitations(actor, current)) throw new ForbiddenError(whoMayGenerateAfterOpening);
      if (!acceptsInvitations(current)) throw new ConflictError(closedSurveyTakesNoLinks, 'Survey closed');

      const orgUnits = await listUnits(trx, current.organizationId);
      const archived = units.filter((unit) => orgUnits.find((u) => u.id === unit.id)?.archivedAt);
      if (archived.length > 0)
        throw new FieldError(
          'unitIds',
          `${archived.map((u) => u.path).join(', ')} ${archived.length === 1 ? 'is' : 'are'} archived and can get no new links. Nothing was generated.`,
        );
      const over = await headcountOverruns(
        trx,
        current,
        units.map((unit) => ({ ...unit, count: perUnit })),
      );
      if (over.length > 0) throw new FieldError('perUnit', `${over.join(' ')} Nothing was generated.`);

      const links: InvitationLink[] = [];
      const rows: { surveyId: number; unitId: number; tokenHash: string }[] = [];
      for (const unit of units) {
        for (let i = 0; i < perUnit; i++) {
          const token = newInvitationToken();
          rows.push({ surveyId: current.id, unitId: unit.id, tokenHash: hashInvitationToken(token) });
          links.push({ unitPath: unit.path, link: invitationLink(baseUrl, current.code, token) });
        }
      }
      const now = clock();
      await insertInvitations(trx, rows, now);
      const detail = {
        status: current.status,
        units: units.map((u) => ({ unitId: u.id, unit: u.path, count: perUnit })),
        total: rows.length,
      };
      await insertAuditEvent(trx, {
        organizationId: current.organizationId,
        userId: actor.id,
        surveyId: current.id,
        action: 'invitations.generate',
        detail,
        at: now,
      });
      return links;
    });
  }

  return { generate };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
