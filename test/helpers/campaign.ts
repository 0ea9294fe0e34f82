/**
 * Arranges a survey campaign through the real services: an organization, an admin, people imported
 * from a CSV into a few teams, and an invitation-only draft survey; plus helpers to read the links out
 * of the queued mail and to answer with one. `clock` is read on every call, so a test moves time.
 */
import type { Knex } from 'knex';
import { loadConfig } from '../../server/config.js';
import type { Logger } from '../../server/logger.js';
import { createServices, type Services } from '../../server/services/index.js';
import type { Survey } from '../../server/services/surveys.js';
import { completeAnswers } from './answers.js';

export const CAMPAIGN_CONFIG = loadConfig({
  SESSION_SECRET: 'campaign-test-secret-0123456789',
  BASE_URL: 'http://readiness.test',
  MAIL_FROM: 'Readiness <readiness@readiness.test>',
});

/** `n` people spread over Sales/Team 1 … Sales/Team 3. */
export function peopleCsv(n: number): string {
  const lines = Array.from({ length: n }, (_, i) => `person-${i}@acme.test,Sales/Team ${(i % 3) + 1}`);
  return ['email,unit', ...lines].join('\n');
}

export async function arrangeCampaign(db: Knex, clock: () => Date, people = 6, logger?: Logger) {
  const services = createServices({ db, config: CAMPAIGN_CONFIG, clock, logger });
  const org = await services.organizations.create({ name: 'Acme' });
  const admin = await services.users.create({ email: 'admin@acme.test', password: 'correct horse', role: 'admin' });
  await services.people.apply(admin, org.id, peopleCsv(people), { removeMissing: false });
  const survey = await services.surveys.create(
    org.id,
    { title: 'Spring wave', workflows: [], access: 'invitation', anonymityThreshold: 3, closesAt: null },
    admin,
  );
  return { services, org, admin, survey };
}

export type Campaign = Awaited<ReturnType<typeof arrangeCampaign>>;

export interface QueuedMail {
  kind: string;
  recipient: string;
  subject: string;
  text_body: string;
  status: string;
}

export async function queuedMail(db: Knex, kind: string): Promise<QueuedMail[]> {
  return db('outbox').where({ kind }).orderBy('id').select('kind', 'recipient', 'subject', 'text_body', 'status');
}

/** The token of the survey link in a message's text. */
export function tokenIn(text: string): string {
  const match = /\/s\/[^?\s]+\?t=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error('No survey link in the message');
  return match[1];
}

/** Answers the survey with the link's token, through the real lookup and response services. */
export async function answerWith(services: Services, survey: Survey, token: string): Promise<void> {
  const context = await services.surveyLookup.open(survey.code, token);
  const result = await services.responses.submit(context, {
    ...completeAnswers(context.instrument),
    role_level: 'Manager',
  });
  if (!result.ok) throw new Error(`The answers were refused: ${JSON.stringify(result)}`);
}
