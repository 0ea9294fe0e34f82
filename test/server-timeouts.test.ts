import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { applyServerTimeouts, SERVER_TIMEOUTS } from '../server/server-timeouts.js';

describe('applyServerTimeouts', () => {
  it('sets the headers, request and keep-alive timeouts to the documented values (20 s, 30 s, 5 s)', () => {
    const server = createServer();
    expect(server.requestTimeout).not.toBe(30_000);
    expect(applyServerTimeouts(server)).toBe(server);
    expect({
      headers: server.headersTimeout,
      request: server.requestTimeout,
      keepAlive: server.keepAliveTimeout,
    }).toEqual({ headers: 20_000, request: 30_000, keepAlive: 5_000 });
    expect(SERVER_TIMEOUTS.headersTimeoutMs).toBeLessThan(SERVER_TIMEOUTS.requestTimeoutMs);
  });
});
