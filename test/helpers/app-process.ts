/**
 * The app itself in a child process, as `npm start` runs it (server/main.ts: migrations, the scheduler's
 * tick, and with SMTP_URL the outbox worker), on a free port and logging nothing: what the kill -9 test
 * and the mail benchmark kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { MAIL_FROM } from './outbox-fixture.js';

export function startApp(databaseUrl: string, smtpUrl: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtpUrl,
      MAIL_FROM,
      PORT: '0',
      // Set here: vitest puts its own BASE_URL ('/') into the environment.
      BASE_URL: 'http://readiness.test',
      LOG_LEVEL: 'silent',
      SESSION_SECRET: 'app-process-session-secret-0123456789',
    },
    stdio: 'ignore',
  });
}
