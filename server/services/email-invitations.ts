/**
 * Invitations and reminders by email. Inviting gives each person of the organization (all, or those in
 * a unit and below) who is not yet on the survey's address list a single-use invitation (only its hash
 * is stored, as for downloaded links), puts them on the list (survey_recipients) and queues the email,
 * all in one transaction. People filed in an archived unit are skipped (counted in the audit event). A reminder goes to the people on the list whose invitation is unused (the
 * used flag is all it reads), with a fresh token for the same invitation, since the first token was
 * never stored: the invitation's earlier link stops working.
 */
import type { Knex } from 'knex';
import { insertAuditEvent } from '../data/audit-events.js';
import {
  hashInvitationToken,
  insertInvitations,
  invitationIdsByHash,
  replaceInvitationToken,
} from '../data/invitations.js';
import { findOrganizationById } from '../data/organizations.js';
import { listPeopleNotInvited } from '../data/people.js';
import { insertSurveyRecipients, listRecipientsWithUnusedInvitations } from '../data/survey-recipients.js';
import { findSurveyForUpdate, type Survey } from '../data/surveys.js';
import { listUnits } from '../data/units.js';
import { FieldError, ForbiddenError, NotFoundError } from '../errors.js';
import { mailTime } from '../mail/templates.js';
import {
  headcountOverruns,
  invitationLink,
  mayGenerateInvitations,
  newInvitationToken,
  whoMayGenerateAfterOpening,
} from './invitations.js';
import type { MailingDeps, MailToQueue } from './outbox.js';
import { buildUnitTree, flattenUnitTree } from './units.js';
import type { StaffUser } from './users.js';

export const needsInvitationAccess =
  'Invitations by email need an invitation-only survey: a personal link is how a reminder knows who has not answered yet.';

export function createEmailInvitations({ db, clock, baseUrl, outbox }: MailingDeps) {
  async function mailLocals(trx: Knex, survey: Survey) {
    const org = await findOrganizationById(trx, survey.organizationId);
    return {
      orgName: org?.name ?? '',
      surveyTitle: survey.title,
      closesAt: survey.closesAt ? mailTime(survey.closesAt) : null,
    };
  }

  /**
   * Invites, inside `trx` (which holds the survey row), the people not yet invited: everyone, or those
   * of `unitId` and the units below it. Resolves to how many were invited. Throws FieldError('unitId')
   * for a survey that is not invitation-only, a unit of another organization, or headcounts that leave
   * too few links (nothing is sent); ForbiddenError when `actor` (null: the schedule) may not.
   */
  async function inviteInTransaction(
    trx: Knex,
    actor: StaffUser | null,
    survey: Survey,
    unitId: number | null,
  ): Promise<number> {
    if (survey.access !== 'invitation') throw new FieldError('unitId', needsInvitationAccess);
    if (actor && !mayGenerateInvitations(actor, survey)) throw new ForbiddenError(whoMayGenerateAfterOpening);
    const units = await listUnits(trx, survey.organizationId);
    const nodes = flattenUnitTree(buildUnitTree(units));
    const chosen = unitId === null ? null : nodes.find((n) => n.id === unitId);
    if (chosen === undefined) throw new FieldError('unitId', 'Choose a unit of this organization.');
    // An archived unit is offered to no one: its people get no new invitation, as it gets no new links.
    const archived = new Set(units.filter((u) => u.archivedAt).map((u) => u.id));
    if (chosen !== null && archived.has(chosen.id))
      throw new FieldError(
        'unitId',
        `${chosen.path} is archived and can get no new invitations. No invitation was sent.`,
      );
    const unitIds = chosen === null ? null : flattenUnitTree([chosen]).map((n) => n.id);
    const candidates = await listPeopleNotInvited(trx, survey.organizationId, survey.id, unitIds);
    const people = candidates.filter((p) => p.unitId === null || !archived.has(p.unitId));
    const skippedArchived = candidates.length - people.length;
    if (people.length === 0) return 0;

    const perUnit = new Map<number, number>();
    for (const p of people) if (p.unitId !== null) perUnit.set(p.unitId, (perUnit.get(p.unitId) ?? 0) + 1);
    const paths = new Map(nodes.map((n) => [n.id, n.path]));
    const over = await headcountOverruns(
      trx,
      survey,
      [...perUnit].map(([id, count]) => ({ id, path: paths.get(id) ?? `#${id}`, count })),
    );
    if (over.length > 0) throw new FieldError('unitId', `${over.join(' ')} No invitation was sent.`);

    const now = clock();
    const tokens = people.map(() => newInvitationToken());
    const hashes = tokens.map(hashInvitationToken);
    await insertInvitations(
      trx,
      people.map((p, i) => ({ surveyId: survey.id, unitId: p.unitId, tokenHash: hashes[i] })),
      now,
    );
    const ids = await invitationIdsByHash(trx, hashes);
    await insertSurveyRecipients(
      trx,
      people.map((p, i) => ({ surveyId: survey.id, personId: p.id, invitationId: ids.get(hashes[i])! })),
      now,
    );
    const locals = await mailLocals(trx, survey);
    await outbox.queue(
      trx,
      people.map((p, i): MailToQueue => ({
        kind: 'invitation',
        organizationId: survey.organizationId,
        surveyId: survey.id,
        to: p.email,
        language: p.language,
        locals: { ...locals, link: invitationLink(baseUrl, survey.code, tokens[i]) },
      })),
    );
    await insertAuditEvent(trx, {
      organizationId: survey.organizationId,
      userId: actor?.id ?? null,
      surveyId: survey.id,
      action: 'invitations.email',
      detail: { total: people.length, unit: chosen?.path ?? null, schedule: actor === null, skippedArchived },
      at: now,
    });
    return people.length;
  }

  /** Emails invitations now for an open survey of the organization; resolves to how many were sent. */
  async function invite(
    actor: StaffUser,
    organizationId: number,
    surveyId: number,
    unitId: number | null,
  ): Promise<number> {
    return db.transaction(async (trx) => {
      const survey = await findSurveyForUpdate(trx, surveyId);
      if (!survey || survey.organizationId !== organizationId)
        throw new NotFoundError('There is no page at this address.');
      const now = clock();
      const accepting =
        survey.status === 'open' &&
        !(survey.closesAt && survey.closesAt <= now) &&
        !(survey.opensAt && survey.opensAt > now);
      if (!accepting)
        throw new FieldError(
          'unitId',
          'Invitations are emailed while the survey is open. To send them as it opens, choose that in the schedule.',
        );
      return inviteInTransaction(trx, actor, survey, unitId);
    });
  }

  /** Queues, inside `trx`, the reminder `daysBefore` closing to everyone on the list with an unused invitation; resolves to how many. */
  async function remindInTransaction(trx: Knex, survey: Survey, daysBefore: number): Promise<number> {
    const recipients = await listRecipientsWithUnusedInvitations(trx, survey.id);
    const locals = { ...(await mailLocals(trx, survey)), daysBefore };
    const mails: MailToQueue[] = [];
    for (const r of recipients) {
      const token = newInvitationToken();
      if (!(await replaceInvitationToken(trx, r.invitationId, hashInvitationToken(token)))) continue;
      mails.push({
        kind: 'reminder',
        organizationId: survey.organizationId,
        surveyId: survey.id,
        to: r.email,
        language: r.language,
        locals: { ...locals, link: invitationLink(baseUrl, survey.code, token) },
      });
    }
    await outbox.queue(trx, mails);
    return mails.length;
  }

  return { invite, inviteInTransaction, remindInTransaction };
}

export type EmailInvitations = ReturnType<typeof createEmailInvitations>;
