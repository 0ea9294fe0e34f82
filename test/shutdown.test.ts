/**
 * The graceful shutdown (server/shutdown.ts) with a real worker pool and HTTP server: a request whose
 * report build is in flight gets its report, a build in flight outside any request finishes too, and only
 * then is the pool closed (no thread left) and the database destroyed; new connections are refused once
 * it starts; a request that never ends is cut at the timeout, and the pool's threads are ended and the
 * database destroyed all the same.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '../analysis/report/report.js';
import { silentLogger } from '../server/logger.js';
import { createReportPool, type ReportPool } from '../server/services/report-pool.js';
import { shutDown } from '../server/shutdown.js';
import { syntheticReportInput } from './helpers/report-input.js';

/** A build long enough to be caught in flight: 2,000 responses, 400 bootstrap replicates. */
const slowInput = () => syntheticReportInput({ n: 2000, bootstrap: 400 });

let pool: ReportPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The pool and database as shutDown sees them, writing down when each closes. */
function recorded(p: ReportPool, events: string[]) {
  return {
    pool: {
      inFlight: () => p.inFlight(),
      close: async () => {
        await p.close();
        events.push('pool closed');
      },
      destroy: async () => {
        await p.destroy();
        events.push('pool destroyed');
      },
    },
    db: { destroy: async () => void events.push('database destroyed') },
  };
}

describe('graceful shutdown', () => {
  it('lets a request’s report build and a build outside any request finish, then closes the pool and the database', async () => {
    pool = createReportPool({ threads: 2 });
    expect(await pool.ready).toBe(true);
    const events: string[] = [];
    const server = createServer((_req, res) => {
      res.once('finish', () => events.push('response sent'));
      void pool!.build(slowInput(), 'rows').then((report) => res.end(JSON.stringify({ status: report.status })));
    });
    const url = await listening(server);
    const answer = fetch(url).then(async (r) => ({ status: r.status, body: (await r.json()) as { status: string } }));
    const background: Promise<Report> = pool.build(slowInput(), 'rows').then((report) => {
      events.push('background build done');
      return report;
    });
    await vi.waitFor(() => expect(pool!.inFlight()).toBe(2));

    const outcome = shutDown({ server, ...recorded(pool, events), logger: silentLogger, timeoutMs: 25_000 }, 'test');
    await expect(fetch(url)).rejects.toThrow(); // no new connections once closing

    expect(await outcome).toBe('drained');
    expect(await answer).toEqual({ status: 200, body: { status: 'ok' } });
    expect((await background).status).toBe('ok');
    expect(events.slice(-2)).toEqual(['pool closed', 'database destroyed']);
    expect(events.slice(0, -2).sort()).toEqual(['background build done', 'response sent']);
    expect(pool.liveThreads()).toBe(0);
  });

  it('cuts a request that does not finish in time, and still closes the pool and the database', async () => {
    pool = createReportPool({ threads: 1 });
    expect(await pool.ready).toBe(true);
    const events: string[] = [];
    const server = createServer(() => events.push('request hangs'));
    const url = await listening(server);
    const hanging = fetch(url).catch(() => 'cut');
    await vi.waitFor(() => expect(events).toEqual(['request hangs']));

    const outcome = await shutDown({ server, ...recorded(pool, events), logger: silentLogger, timeoutMs: 200 }, 'test');

    expect(outcome).toBe('timed out');
    expect(await hanging).toBe('cut');
    expect(events).toEqual(['request hangs', 'pool destroyed', 'database destroyed']);
    expect(pool.liveThreads()).toBe(0);
  });
});
