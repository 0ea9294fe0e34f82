/**
 * Staff sessions: express-session with the connect-session-knex store on the app's own database, so
 * several app servers can share them. The `sessions` table comes from a migration (the store never
 * creates tables). Cookie `readiness.sid`: httpOnly, SameSite=Lax, Secure when BASE_URL is https.
 * The store is a database adapter that writes its own queries, so it is handed the knex instance; every
 * other query on the sessions table lives in server/data/sessions.ts.
 */
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { RequestHandler } from 'express';
import session from 'express-session';
import type { Knex } from 'knex';
import { loggableError } from '../log-safe-error.js';
import type { Logger } from '../logger.js';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in staff member (users.id). */
    userId?: number;
  }
}

export const SESSION_COOKIE = 'readiness.sid';
/** A staff session lasts 8 hours from its last request (rolling). */
export const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;

export type SessionStore = ConnectSessionKnexStore;

/** The session store on the app's database (built once per app by createServices); `logger` receives its cleanup errors. */
export function createSessionStore(db: Knex, logger: Logger): SessionStore {
  const store = new ConnectSessionKnexStore({
    knex: db,
    tableName: 'sessions',
    createTable: false,
    // Expired rows are deleted every 15 minutes by whichever process runs the store (the timer is unref'd).
    cleanupInterval: 15 * 60 * 1000,
    onDbCleanupError: (err) => logger.error({ err: loggableError(err) }, 'could not delete expired sessions'),
  });
  // `ready` rejects when the table is missing (migrations not run); every request then fails with that
  // error, so mark the promise handled here instead of crashing the process with an unhandled rejection.
  store.ready.catch(() => undefined);
  return store;
}

export function createSessionMiddleware({
  store,
  secret,
  baseUrl,
}: {
  store: SessionStore;
  secret: string;
  baseUrl: string;
}): RequestHandler {
  const secure = baseUrl.startsWith('https://');
  return session({
    name: SESSION_COOKIE,
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    // Behind a TLS-terminating proxy, trust X-Forwarded-Proto so Secure cookies are still sent.
    proxy: secure ? true : undefined,
    cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_MAX_AGE_MS, path: '/' },
  });
}
