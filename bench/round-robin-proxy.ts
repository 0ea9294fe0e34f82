/**
 * A small round-robin HTTP load balancer for `npm run bench:cluster`, on 127.0.0.1: each request goes
 * to the next upstream that is not known to be down. A request whose connection is refused (nothing
 * listens: that server never saw it) is sent to the next upstream and that one is marked down, as a
 * load balancer's health check would; a request that fails after it reached a server (killed
 * mid-request) answers 502 and is never sent again, since the server may have stored it.
 */
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upstream {
  readonly port: number;
  down: boolean;
}

export interface RoundRobinProxy {
  readonly url: string;
  /** Requests answered 502 because their server failed after receiving them. */
  readonly failedInFlight: number;
  /** Requests sent on to another server after a refused connection. */
  readonly retried: number;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(upstreams: readonly Upstream[]): Promise<RoundRobinProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;
  let failedInFlight = 0;
  let retried = 0;

  function pick(): Upstream | undefined {
    for (let i = 0; i < upstreams.length; i++) {
      const upstream = upstreams[(next + i) % upstreams.length];
      if (!upstream.down) {
        next = (next + i + 1) % upstreams.length;
        return upstream;
      }
    }
    return undefined;
  }

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const upstream = pick();
    if (!upstream) {
      res.writeHead(503).end('no upstream');
      return;
    }
    const out = request(
      { host: '127.0.0.1', port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') {
        upstream.down = true;
        retried++;
        forward(req, res, body);
      } else if (!res.headersSent) {
        failedInFlight++;
        res.writeHead(502).end('upstream failed');
      } else res.destroy();
    });
    out.end(body);
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => forward(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get failedInFlight() {
      return failedInFlight;
    },
    get retried() {
      return retried;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
}
