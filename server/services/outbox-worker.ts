/**
 * Sends the outbox over SMTP. Each round claims up to `batchSize` due rows (data/outbox.ts: one
 * conditional UPDATE with a lease, so two workers, in one process or on two servers, never hold the
 * same row), sends them `concurrency` at a time, and marks each row sent as soon as the SMTP server has
 * accepted it. A failure is retried with exponential backoff (1 min, 2, 4 … up to 1 h, `maxAttempts` in
 * all); a 5xx refusal fails the row at once.
 *
 * What a crash costs: a row claimed by a process that dies is claimed again once its lease has passed,
 * so nothing is lost. A message is sent twice only when the process dies (or stalls past the lease)
 * between the SMTP server's acceptance and the row's update; a row kept past its lease is never started
 * (a row whose lease is nearly over is given back unsent instead).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { claimOutboxMessages, markOutboxSent, releaseOutboxMessage, type OutboxMessage } from '../data/outbox.js';
import { loggableError } from '../log-safe-error.js';
import type { Logger } from '../logger.js';
import { isPermanentMailError, mailErrorCode, mailErrorSummary, type MailTransport } from '../mail/transport.js';

export interface OutboxWorkerOptions {
  readonly db: Knex;
  readonly transport: MailTransport;
  readonly from: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Names this worker in `claimed_by` (default: host, pid and a random suffix). */
  readonly workerId?: string;
  readonly batchSize?: number;
  readonly concurrency?: number;
  /** How long a claim lasts; longer than the transport's timeouts (default 5 min). */
  readonly leaseMs?: number;
  /** A claimed row is sent only while at least this much of its lease is left (default 1 min). */
  readonly minLeaseLeftMs?: number;
  /** Pause between rounds that found nothing to send (default 2 s). */
  readonly pollMs?: number;
  readonly maxAttempts?: number;
}

export interface RoundResult {
  readonly claimed: number;
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
  /** Sent, but the claim had passed to another worker before the row could be marked: possibly sent twice. */
  readonly lost: number;
}

/** The wait before attempt `attempts + 1`: 1 min × 2^(attempts − 1), at most 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export function createOutboxWorker(options: OutboxWorkerOptions) {
  const { db, transport, from, clock, logger } = options;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const batchSize = options.batchSize ?? 20;
  const concurrency = options.concurrency ?? 5;
  const leaseMs = options.leaseMs ?? 300_000;
  const minLeaseLeftMs = options.minLeaseLeftMs ?? 60_000;
  const pollMs = options.pollMs ?? 2_000;
  const maxAttempts = options.maxAttempts ?? 8;

  let stopping = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  async function deliver(message: OutboxMessage): Promise<keyof Omit<RoundResult, 'claimed'> | 'skipped'> {
    if (message.claimedUntil!.getTime() - clock().getTime() < minLeaseLeftMs) {
      await releaseOutboxMessage(db, message.id, workerId, { retryAt: clock(), error: message.lastError ?? '' });
      return 'skipped';
    }
    try {
      await transport.send({
        from,
        to: message.recipient,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
      });
    } catch (err) {
      const permanent = isPermanentMailError(err) || message.attempts >= maxAttempts;
      const retryAt = permanent ? null : new Date(clock().getTime() + retryDelayMs(message.attempts));
      await releaseOutboxMessage(db, message.id, workerId, { retryAt, error: mailErrorSummary(err) });
      logger.warn(
        { outboxId: message.id, attempts: message.attempts, error: mailErrorCode(err) },
        permanent ? 'email failed for good' : 'email failed; will retry',
      );
      return permanent ? 'failed' : 'retried';
    }
    // The window in which a crash sends the message twice: accepted by the SMTP server, row not yet updated.
    if (await markOutboxSent(db, message.id, workerId, clock(), message.kind === 'reminder')) return 'sent';
    logger.warn(
      { outboxId: message.id },
      'email sent after its claim had passed to another worker: it may arrive twice',
    );
    return 'lost';
  }

  /** One round: claim, send, mark. Resolves to what happened to the rows claimed. */
  async function runOnce(): Promise<RoundResult> {
    const now = clock();
    const claimed = await claimOutboxMessages(db, {
      claimedBy: workerId,
      now,
      until: new Date(now.getTime() + leaseMs),
      limit: batchSize,
    });
    const result = { claimed: claimed.length, sent: 0, retried: 0, failed: 0, lost: 0 };
    let next = 0;
    const lane = async () => {
      while (next < claimed.length) {
        const outcome = await deliver(claimed[next++]);
        if (outcome !== 'skipped') result[outcome]++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, lane));
    return result;
  }

  /** Rounds until one claims nothing (tests, the benchmark); resolves to the totals. */
  async function drain(): Promise<RoundResult> {
    const total = { claimed: 0, sent: 0, retried: 0, failed: 0, lost: 0 };
    for (;;) {
      const round = await runOnce();
      if (round.claimed === 0) return total;
      for (const key of Object.keys(total) as (keyof RoundResult)[]) total[key] += round[key];
    }
  }

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  /** Runs rounds until `stop`, pausing `pollMs` when a round found nothing; errors are logged, never thrown. */
  function start(): void {
    if (loop) return;
    stopping = false;
    loop = (async () => {
      while (!stopping) {
        let claimed = 0;
        try {
          claimed = (await runOnce()).claimed;
        } catch (err) {
          logger.error({ err: loggableError(err) }, 'the outbox worker could not claim or update rows');
        }
        if (claimed === 0 && !stopping) await pause(pollMs);
      }
    })();
  }

  /** Stops after the round in flight (its messages are sent and marked), then closes the transport. */
  async function stop(): Promise<void> {
    stopping = true;
    wake?.();
    await loop;
    loop = null;
    transport.close();
  }

  return { workerId, runOnce, drain, start, stop };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
