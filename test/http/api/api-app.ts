/**
 * Shared arrangement for the API tests: the real app on a fresh database (SQLite, or PostgreSQL with a
 * `create` from testDatabases()), two organizations with released responses (test/helpers/report-survey.ts:
 * "acme" and "beta"), staff of every kind, and an API token for each made through the token service.
 */
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { createServices, type Services } from '../../../server/services/index.js';
import type { Role, StaffUser } from '../../../server/services/users.js';
import type { TestDb } from '../../helpers/db.js';
import { arrangeReportSurvey, type ReportSurvey } from '../../helpers/report-survey.js';

export const BASE_URL = 'http://readiness.test';
export const PASSWORD = 'correct horse battery';

export interface ApiTestApp extends TestDb {
  readonly app: Express;
  readonly services: Services;
  readonly acme: ReportSurvey;
  readonly beta: ReportSurvey;
  /** Tokens by who holds them: admin, analyst of acme, consultant of acme, consultant of beta. */
  readonly tokens: Record<'admin' | 'analystA' | 'consultantA' | 'consultantB', string>;
  readonly users: Record<'admin' | 'analystA' | 'consultantA' | 'consultantB', StaffUser>;
  /** A supertest call with `token` as bearer. */
  call(method: 'get' | 'post', path: string, token: string): request.Test;
  now: Date;
}

export async function createApiTestApp(
  create: () => Promise<TestDb>,
  options: { apiRateLimit?: number } = {},
): Promise<ApiTestApp> {
  const { db, destroy } = await create();
  const config = loadConfig({
    SESSION_SECRET: 'test-secret-test-secret-test-secret',
    BASE_URL,
    API_RATE_LIMIT: String(options.apiRateLimit ?? 0),
  });
  const t = { now: new Date('2026-12-02T10:00:00Z') } as { now: Date };
  const clock = () => t.now;
  const services = createServices({ db, config, clock, reports: { bootstrap: { B: 20, seed: 1, level: 0.95 } } });
  const app = createApp({ services, config });
  const acme = await arrangeReportSurvey(db, { slug: 'acme' });
  const beta = await arrangeReportSurvey(db, { slug: 'beta', seed: 5 });
  const make = (email: string, role: Role, organizationId: number | null = null) =>
    services.users.create({ email, password: PASSWORD, role, organizationId });
  const users = {
    admin: await make('admin@example.com', 'admin'),
    analystA: await make('analyst@acme.example', 'analyst', acme.organizationId),
    consultantA: await make('consultant-a@example.com', 'consultant'),
    consultantB: await make('consultant-b@example.com', 'consultant'),
  };
  await services.users.assignOrganization(users.consultantA.id, acme.organizationId);
  await services.users.assignOrganization(users.consultantB.id, beta.organizationId);
  const tokens = {} as ApiTestApp['tokens'];
  for (const [key, user] of Object.entries(users))
    tokens[key as keyof typeof users] = (
      await services.apiTokens.create(user, { name: key, expiresInDays: 30 })
    ).secret;
  return Object.assign(t, {
    db,
    destroy,
    app,
    services,
    acme,
    beta,
    users,
    tokens,
    call: (method: 'get' | 'post', path: string, token: string) =>
      request(app)[method](path).set('Authorization', `Bearer ${token}`),
  });
}
