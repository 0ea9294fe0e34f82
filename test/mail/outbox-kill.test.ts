/**
 * kill -9 of the app (server/main.ts, with SMTP_URL set) while its outbox worker sends: nothing is lost,
 * and a message arrives twice only if the SMTP server had accepted it and the row was not yet marked
 * sent when the process died (the duplicate window), which this test counts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { killAppWhileSending } from '../helpers/kill-run.js';
import { sharedTestDatabases, type SharedDb } from '../helpers/shared-db.js';

const QUEUED = 120;
const KILL_AT = 40;
/** The worker's default: at most this many messages are between acceptance and update at once. */
const CONCURRENCY = 5;

describe.each(sharedTestDatabases())('the app killed with SIGKILL while sending, on $name', ({ create }) => {
  let shared: SharedDb;
  beforeEach(async () => {
    shared = await create();
  });
  afterEach(async () => {
    await shared.destroy();
  });

  it('loses no message, and sends twice exactly the messages in the window between acceptance and update', async () => {
    const run = await killAppWhileSending({
      url: shared.url,
      db: shared.first,
      recoveryDb: shared.second,
      queued: QUEUED,
      killAt: KILL_AT,
    });

    expect(run.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(run.sentBeforeKill).toBeLessThan(QUEUED);
    // Killed the moment the SMTP server accepted a message: at least that one is in the window.
    expect(run.window.length).toBeGreaterThanOrEqual(1);
    expect(run.window.length).toBeLessThanOrEqual(CONCURRENCY);

    expect(run.copies.size).toBe(QUEUED); // nothing lost
    expect(run.duplicates).toBe(run.window.length); // the only duplicates are the window's
    expect(run.window.every((r) => run.copies.get(r.message_id) === 2)).toBe(true);
    expect(run.rowsAfter.every((r) => r.status === 'sent')).toBe(true);
    console.info(
      `[outbox-kill] killed after ${KILL_AT} accepted: ${run.sentBeforeKill} marked sent, ${run.window.length} in the duplicate window, ${run.duplicates} duplicate(s) after recovery, 0 lost`,
    );
  });
});
