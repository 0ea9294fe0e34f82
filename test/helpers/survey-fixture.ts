/**
 * Arranges an organization with a department and two teams, the default instrument, and one survey,
 * through the real data layer. Returns the ids the tests need.
 */
import type { Knex } from 'knex';
import type { Instrument } from '../../analysis/scales/instrument.js';
import { ensureInstrument } from '../../server/data/instruments.js';
import { hashInvitationToken, insertInvitations } from '../../server/data/invitations.js';
import { insertOrganization } from '../../server/data/organizations.js';
import { insertSurvey, type NewSurvey } from '../../server/data/surveys.js';
import { insertUnit } from '../../server/data/units.js';
import { loadDefaultInstrument } from '../../server/instruments/load.js';

let sequence = 0;

/** `instrument`: the default one unless a test needs another (e.g. test/fixtures/shaped-instrument.ts). */
export async function seedSurvey(
  db: Knex,
  survey: Partial<NewSurvey> = {},
  instrument: Instrument = loadDefaultInstrument(),
) {
  sequence += 1;
  const organizationId = await insertOrganization(db, { name: `Org ${sequence}`, slug: `org-${sequence}` });
  const departmentId = await insertUnit(db, { organizationId, name: 'Operations', kind: 'department' });
  const teamA = await insertUnit(db, { organizationId, parentId: departmentId, name: 'Claims', kind: 'team' });
  const teamB = await insertUnit(db, { organizationId, parentId: departmentId, name: 'Billing', kind: 'team' });
  const instrumentId = await ensureInstrument(db, instrument);
  const code = survey.code ?? `wave${sequence}`;
  const surveyId = await insertSurvey(db, {
    organizationId,
    instrumentId,
    title: 'Spring wave',
    status: 'open',
    ...survey,
    code,
  });
  return { organizationId, departmentId, teamA, teamB, instrument, instrumentId, surveyId, code };
}

/** Stores invitations for the given tokens (only their hashes are stored). */
export async function seedInvitations(
  db: Knex,
  surveyId: number,
  unitId: number | null,
  tokens: string[],
): Promise<void> {
  await insertInvitations(
    db,
    tokens.map((token) => ({ surveyId, unitId, tokenHash: hashInvitationToken(token) })),
  );
}
