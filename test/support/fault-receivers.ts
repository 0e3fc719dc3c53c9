import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * The other ends of the outbox workers for the fault tests: an SMTP server and a webhook
 * endpoint that count what they accept, and can hold an answer so that a test kills the
 * sender while it waits for it.
 *
 * What "accepted" means, as for a real MTA or endpoint: an email is accepted when the server
 * answers 250 to its DATA on a live connection; a sender that vanished before that answer has
 * not handed the message over, so it is dropped (an MTA discards an unfinished transaction).
 * A webhook is acknowledged when the 2xx answer was written on a live connection.
 */
export type TAcceptedEmail = { messageId: string; to: string; subject: string; text: string };

export type TCountingSmtpSink = {
  url: string;
  accepted: TAcceptedEmail[];
  /** Messages whose sender disconnected while they were held: never accepted. */
  dropped: number;
  /** Messages being held right now. */
  holding(): number;
  /** Holds the answer to the next `count` messages for `ms`, then accepts them if their sender is still there. */
  holdNext(count: number, ms: number): void;
  /** How many times each Message-ID was accepted. */
  countsByMessageId(): Map<string, number>;
  close(): Promise<void>;
};

export async function startCountingSmtpSink(): Promise<TCountingSmtpSink> {
  const accepted: TAcceptedEmail[] = [];
  const closedSessions = new Set<string>();
  let holdsLeft = 0;
  let holdMs = 0;
  let holding = 0;
  const sink = { dropped: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onClose(session) {
      closedSessions.add(session.id);
    },
    onData(stream, session, callback) {
      const hold = holdsLeft > 0 ? holdMs : 0;
      if (hold) holdsLeft -= 1;
      simpleParser(stream)
        .then(async (parsed) => {
          if (hold) {
            holding += 1;
            await new Promise((resolve) => setTimeout(resolve, hold));
            holding -= 1;
          }
          if (closedSessions.has(session.id)) {
            sink.dropped += 1;
            return callback(new Error('sender gone'));
          }
          const to = Array.isArray(parsed.to) ? parsed.to.map((address) => address.text).join(', ') : (parsed.to?.text ?? '');
          accepted.push({ messageId: parsed.messageId ?? '', to: to.toLowerCase(), subject: parsed.subject ?? '', text: parsed.text ?? '' });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A sender killed mid-conversation resets its connection: expected here, not a failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    get dropped() {
      return sink.dropped;
    },
    holding: () => holding,
    holdNext(count, ms) {
      holdsLeft = count;
      holdMs = ms;
    },
    countsByMessageId() {
      const counts = new Map<string, number>();
      for (const email of accepted) counts.set(email.messageId, (counts.get(email.messageId) ?? 0) + 1);
      return counts;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TWebhookReceipt = { webhookId: string; type: string; data: Record<string, unknown>; acknowledged: boolean };

export type TCountingWebhookReceiver = {
  url: string;
  receipts: TWebhookReceipt[];
  holding(): number;
  /** Holds the answer to the next `count` requests for `ms`. */
  holdNext(count: number, ms: number): void;
  /** How many times each webhook-id was acknowledged (2xx written to a live connection). */
  acknowledgedById(): Map<string, number>;
  close(): Promise<void>;
};

export async function startCountingWebhookReceiver(): Promise<TCountingWebhookReceiver> {
  const receipts: TWebhookReceipt[] = [];
  let holdsLeft = 0;
  let holdMs = 0;
  let holding = 0;
  const server = createServer((request, response) => {
    const hold = holdsLeft > 0 ? holdMs : 0;
    if (hold) holdsLeft -= 1;
    const chunks: Buffer[] = [];
    let gone = false;
    request.socket.on('close', () => (gone = true));
    // A sender killed mid-request resets its connection: expected here, not a failure.
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; data: Record<string, unknown> };
      const receipt: TWebhookReceipt = { webhookId: String(request.headers['webhook-id']), type: json.type, data: json.data, acknowledged: false };
      receipts.push(receipt);
      const answer = () => {
        if (gone) return;
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok', () => {
          if (!gone) receipt.acknowledged = true;
        });
      };
      if (!hold) return answer();
      holding += 1;
      setTimeout(() => {
        holding -= 1;
        answer();
      }, hold);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/comptoir`,
    receipts,
    holding: () => holding,
    holdNext(count, ms) {
      holdsLeft = count;
      holdMs = ms;
    },
    acknowledgedById() {
      const counts = new Map<string, number>();
      for (const receipt of receipts) if (receipt.acknowledged) counts.set(receipt.webhookId, (counts.get(receipt.webhookId) ?? 0) + 1);
      return counts;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
