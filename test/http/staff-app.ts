/**
 * Shared arrangement for the staff HTTP tests: a fresh database through the real migrations (in-memory
 * SQLite unless a `create` from testDatabases() is passed; call `t.destroy()` afterwards), the real app,
 * users created through the users service, and helpers to sign in with a cookie-keeping supertest agent
 * and to read the CSRF token out of a rendered form.
 */
import type { Express } from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterEach, beforeEach, expect } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import type { Logger } from '../../server/logger.js';
import { createServices } from '../../server/services/index.js';
import { createUserService, type Role, type StaffUser } from '../../server/services/users.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

export const BASE_URL = 'http://readiness.test';
export const PASSWORD = 'correct horse battery';

export interface StaffTestApp {
  db: Knex;
  app: Express;
  config: Config;
  createUser(email: string, role: Role, organizationId?: number | null): Promise<StaffUser>;
  /** Closes the database (and drops its PostgreSQL schema). */
  destroy(): Promise<void>;
}

async function inMemorySqlite(): Promise<TestDb> {
  const db = await createTestDb();
  return { db, destroy: () => db.destroy() };
}

/** `logger` defaults to createApp's silent one; tests that read the log pass helpers/log-capture.ts's. */
export async function createStaffTestApp(
  now?: () => Date,
  create: () => Promise<TestDb> = inMemorySqlite,
  logger?: Logger,
): Promise<StaffTestApp> {
  const { db, destroy } = await create();
  const config = loadConfig({ SESSION_SECRET: 'test-secret-test-secret-test-secret', BASE_URL });
  const app = createApp({ services: createServices({ db, config, clock: now, logger }), config, logger });
  const users = createUserService({ db });
  return {
    db,
    app,
    config,
    destroy,
    createUser: (email, role, organizationId = null) =>
      users.create({ email, password: PASSWORD, role, organizationId }),
  };
}

/**
 * A fresh staff app (with the admin admin@example.com, password PASSWORD) for each test of the calling
 * describe block, destroyed after it. The returned object is refilled before every test.
 */
export function staffAppForEachTest(now: () => Date, create: () => Promise<TestDb>): StaffTestApp {
  const t = {} as StaffTestApp;
  beforeEach(async () => {
    Object.assign(t, await createStaffTestApp(now, create));
    await t.createUser('admin@example.com', 'admin');
  });
  afterEach(async () => {
    await t.destroy();
  });
  return t;
}

/** The value of the hidden `_csrf` field in a page (the first form's; they are all the session's token). */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token in the page');
  return match[1];
}

/** Signs in through the real form; returns the agent (cookie kept) and a fresh CSRF token. */
export async function signIn(app: Express, email: string, password = PASSWORD) {
  const agent = request.agent(app);
  const form = await agent.get('/signin').expect(200);
  await agent
    .post('/signin')
    .type('form')
    .send({ _csrf: csrfFrom(form.text), email, password })
    .expect(303);
  const page = await agent.get('/orgs').expect(200);
  return { agent, csrf: csrfFrom(page.text) };
}

/** Arranges an organization with a department and one team through the real staff pages. */
export async function createOrgThroughPages(agent: request.Agent, csrf: string, name: string) {
  const created = await agent
    .post('/orgs')
    .type('form')
    .send({ _csrf: csrf, name, industry: 'Insurance', sizeBand: '250-999' })
    .expect(303);
  const orgPath = created.headers.location as string;
  expect(orgPath).toMatch(/^\/orgs\/[a-z0-9-]+$/);
  return orgPath;
}
