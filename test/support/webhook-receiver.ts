import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TReceivedWebhook = { headers: IncomingHttpHeaders; body: string; json: { type: string; timestamp: string; data: Record<string, unknown> } };

/**
 * A real HTTP endpoint on 127.0.0.1 for the webhook worker to POST to. It answers 200 unless
 * told otherwise (`answerNext`), and records every request, failed ones included.
 */
export type TWebhookReceiver = {
  url: string;
  received: TReceivedWebhook[];
  /** The next answers, in order (e.g. [500, 500]); then 200 again. */
  answerNext(statuses: number[]): void;
  /** Resolves with the first request (in arrival order, from `after`) matching `match`. */
  waitFor(match: (webhook: TReceivedWebhook) => boolean, options?: { after?: number; timeoutMs?: number }): Promise<TReceivedWebhook>;
  close(): Promise<void>;
};

export async function startWebhookReceiver(path = '/hooks/comptoir'): Promise<TWebhookReceiver> {
  const received: TReceivedWebhook[] = [];
  const answers: number[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: request.headers, body, json: JSON.parse(body) as TReceivedWebhook['json'] });
      const status = answers.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `refused with ${status}`);
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const waitFor: TWebhookReceiver['waitFor'] = (match, options = {}) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = received.slice(options.after ?? 0).find(match);
        if (!found) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error('no matching webhook arrived'));
      }, options.timeoutMs ?? 10_000);
      if (!check()) waiters.add(check);
    });

  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answerNext: (statuses) => answers.push(...statuses),
    waitFor,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
