/**
 * The HTTP server's timeouts, set deliberately rather than left to Node's defaults, so a slow or idle
 * client cannot hold a connection (and its memory) open for long:
 * - headersTimeout 20 s: the request line and headers must arrive within 20 s (slowloris).
 * - requestTimeout 30 s: the whole request, body included, within 30 s (Node's default is 300 s).
 * - keepAliveTimeout 5 s: an idle kept-alive connection is closed after 5 s. Behind a load balancer
 *   whose idle timeout is longer (AWS ALB: 60 s), raise this above it so the proxy closes first.
 */
import type { Server } from 'node:http';

export const SERVER_TIMEOUTS = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
} as const;

/** Applies SERVER_TIMEOUTS to `server` and returns it. */
export function applyServerTimeouts(server: Server): Server {
  server.headersTimeout = SERVER_TIMEOUTS.headersTimeoutMs;
  server.requestTimeout = SERVER_TIMEOUTS.requestTimeoutMs;
  server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveTimeoutMs;
  return server;
}
