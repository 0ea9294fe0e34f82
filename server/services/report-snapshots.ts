/**
 * Report views built once for every app server: `shared(surveyId, key, build)` returns the view of
 * that survey at that version (services/reports.ts computes the key) from the `report_snapshots`
 * table when some server has stored it; otherwise it claims the build (data/report-snapshots.ts: one
 * server wins the insert), builds, stores and returns it. A server that loses the claim reads the row
 * again after a pause that doubles up to `pollMs.max`, until the view is there; it takes the claim
 * over once the lease has expired (the builder died: a live builder renews its lease every third of
 * it), and gives up with a 503 after `waitMs`. A failed build drops its claim, so the next request
 * claims again. The in-process LRU (services/report-cache.ts) sits in front, so one server asks here
 * once per version.
 *
 * The view is stored as exact JSON (services/snapshot-json.ts). The version key also names the
 * running code (services/code-id.ts). After storing, snapshots of older versions are pruned: the
 * `keep` most recently built stay (the one before the current may still be read by a server that read
 * its version a moment before a release).
 */
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import {
  deleteSnapshot,
  dropClaim,
  findSnapshot,
  insertClaim,
  pruneSnapshots,
  renewClaim,
  storeSnapshot,
  takeOverClaim,
  type SnapshotRow,
} from '../data/report-snapshots.js';
import { ServiceUnavailableError } from '../errors.js';
import type { Logger } from '../logger.js';
import { runningCodeId } from './code-id.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot-json.js';

export interface ReportSnapshotOptions {
  /** How long a claim holds before another server may take it over (default 60 s); renewed every third of it during the build. */
  readonly leaseMs?: number;
  /** How long a request waits for another server's build before a 503 (default twice the lease). */
  readonly waitMs?: number;
  /** The first and the longest pause between reads while waiting (default 25 ms doubling up to 1 s). */
  readonly pollMs?: { readonly first: number; readonly max: number };
  /** Ready snapshots kept per survey (default 2). */
  readonly keep?: number;
  /** Names the code that builds views, part of every version key (default: services/code-id.ts). */
  readonly codeId?: () => Promise<string>;
}

export interface ReportSnapshotDeps extends ReportSnapshotOptions {
  readonly db: Knex;
  /** Lease times (shared between servers: keep their clocks in sync). */
  readonly clock: Clock;
  readonly logger: Logger;
}

interface Claim {
  readonly surveyId: number;
  readonly versionKey: string;
  readonly owner: string;
  leaseExpiresAt: number;
}

export function createReportSnapshots<T>({
  db,
  clock,
  logger,
  leaseMs = 60_000,
  waitMs = 2 * leaseMs,
  pollMs = { first: 25, max: 1000 },
  keep = 2,
  codeId = runningCodeId,
}: ReportSnapshotDeps) {
  // One owner name per service instance: two instances in one process are two servers to each other.
  const owner = randomUUID();
  const now = () => clock().getTime();

  /** The view of `surveyId` at `key`: stored, or built here once this server holds the claim. */
  async function shared(surveyId: number, key: string, build: () => Promise<T>): Promise<T> {
    const versionKey = createHash('sha256')
      .update(`${await codeId()}\n${key}`)
      .digest('hex');
    const giveUpAt = performance.now() + waitMs;
    for (let pause = pollMs.first; ; pause = Math.min(2 * pause, pollMs.max)) {
      const row = await findSnapshot(db, surveyId, versionKey);
      if (row?.state === 'ready') {
        const view = await readable(row, surveyId);
        if (view) return view.value;
        continue;
      }
      const claim: Claim = { surveyId, versionKey, owner, leaseExpiresAt: now() + leaseMs };
      if (row === null ? await insertClaim(db, claim) : await expiredAndTaken(row, claim))
        return buildAndStore(claim, build);
      if (performance.now() + pause > giveUpAt)
        throw new ServiceUnavailableError(
          'This report is being prepared by another server and is taking longer than usual. Try again in a minute.',
        );
      await sleep(pause);
    }
  }

  /** Takes the claim over when its lease expired (its builder died or stopped renewing). */
  async function expiredAndTaken(row: SnapshotRow, claim: Claim): Promise<boolean> {
    const at = now();
    if (row.leaseExpiresAt === null || row.leaseExpiresAt >= at) return false;
    const taken = await takeOverClaim(db, claim, at);
    if (taken) logger.warn({ surveyId: claim.surveyId }, 'report snapshot: took over a build whose lease had expired');
    return taken;
  }

  /** The stored view, or null after removing one that cannot be read (it is then built again). */
  async function readable(row: SnapshotRow, surveyId: number): Promise<{ value: T } | null> {
    try {
      return { value: decodeSnapshot<T>(row.view ?? '') };
    } catch (err) {
      logger.warn({ surveyId, err: (err as Error).message }, 'report snapshot: unreadable, building it again');
      await deleteSnapshot(db, surveyId, row.versionKey);
      return null;
    }
  }

  async function buildAndStore(claim: Claim, build: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const heartbeat = setInterval(() => renew(claim), Math.max(1, Math.floor(leaseMs / 3)));
    heartbeat.unref();
    let text: string;
    let view: T;
    try {
      view = await build();
      text = encodeSnapshot(view);
    } catch (err) {
      clearInterval(heartbeat);
      await dropClaim(db, claim.surveyId, claim.versionKey, owner).catch((dropErr: unknown) =>
        logger.warn({ err: (dropErr as Error).name }, 'report snapshot: could not drop a failed claim'),
      );
      throw err;
    }
    clearInterval(heartbeat);
    try {
      await storeSnapshot(db, { ...claim, view: text, builtAt: now(), buildMs: performance.now() - started });
      await pruneSnapshots(db, claim.surveyId, keep, now());
    } catch (err) {
      // This request has its view; the next one on any server finds no stored snapshot and builds it.
      logger.warn({ surveyId: claim.surveyId, err: (err as Error).name }, 'report snapshot: could not be stored');
    }
    return view;
  }

  function renew(claim: Claim): void {
    claim.leaseExpiresAt = now() + leaseMs;
    renewClaim(db, claim).then(
      (held) => {
        if (!held) logger.warn({ surveyId: claim.surveyId }, 'report snapshot: the build lost its claim');
      },
      (err: unknown) => logger.warn({ err: (err as Error).name }, 'report snapshot: could not renew the lease'),
    );
  }

  return { shared };
}

export type ReportSnapshots<T> = ReturnType<typeof createReportSnapshots<T>>;
