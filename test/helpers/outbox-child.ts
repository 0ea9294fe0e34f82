/**
 * An outbox worker alone in a process, for the kill test (test/mail/outbox-kill.test.ts): it sends the
 * outbox of DATABASE_URL to SMTP_URL until it is killed, and says "ready" on stdout once started.
 * Run with `node --import tsx test/helpers/outbox-child.ts`.
 */
import { systemClock } from '../../server/clock.js';
import { createDb } from '../../server/db.js';
import { silentLogger } from '../../server/logger.js';
import { createSmtpTransport } from '../../server/mail/transport.js';
import { createOutboxWorker } from '../../server/services/outbox-worker.js';
import { MAIL_FROM } from './outbox-fixture.js';

const db = createDb(process.env.DATABASE_URL!);
const worker = createOutboxWorker({
  db,
  transport: createSmtpTransport(process.env.SMTP_URL!),
  from: MAIL_FROM,
  clock: systemClock,
  logger: silentLogger,
  workerId: `child-${process.pid}`,
  pollMs: 20,
});
worker.start();
process.stdout.write('ready\n');
