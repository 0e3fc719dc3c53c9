import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The load balancer of the two-instance test: each request goes to the next instance in turn,
 * with X-Forwarded-For extended by the address it came from, as nginx or haproxy would do.
 * `sentTo` records which instance got each request, so a test can show both served.
 */
export type TRoundRobinProxy = { url: string; sentTo: number[]; close(): Promise<void> };

export async function startRoundRobinProxy(targets: string[]): Promise<TRoundRobinProxy> {
  const sentTo: number[] = [];
  let next = 0;
  const server = createServer((incoming, outgoing) => {
    const index = next;
    next = (next + 1) % targets.length;
    sentTo.push(index);
    const target = new URL(targets[index]!);
    const forwardedFor = [incoming.headers['x-forwarded-for'], incoming.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = forward(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, 'x-forwarded-for': forwardedFor } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end('upstream unavailable');
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sentTo,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
