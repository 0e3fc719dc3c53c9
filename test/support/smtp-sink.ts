import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type TReceivedEmail = {
  sequence: number;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  /** Each header as received, unfolded: mailparser's `headers` merges List-* headers into one object. */
  headerLines: { key: string; line: string }[];
  receivedAt: number;
};

/**
 * A real SMTP server on a free local port: the tests' emails travel through nodemailer and
 * SMTP exactly as in production, and journeys read links and codes from what arrives.
 */
export type TSmtpSink = {
  url: string;
  messages: TReceivedEmail[];
  /** How many messages arrived so far: pass it as `after` to wait only for newer ones. */
  mark(): number;
  /** Resolves with the first message to `to` (after the `after` mark) matching `subject`. */
  waitForEmail(options: { to: string; subject?: RegExp; after?: number; timeoutMs?: number }): Promise<TReceivedEmail>;
  /** Fails an email from the next `count` deliveries with a temporary error (retry tests). */
  failNext(count: number): void;
  close(): Promise<void>;
};

export async function startSmtpSink(): Promise<TSmtpSink> {
  const messages: TReceivedEmail[] = [];
  const waiters = new Set<() => void>();
  let failuresLeft = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Reverse DNS of 127.0.0.1 would cost each delivery a second.
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          const to = Array.isArray(parsed.to) ? parsed.to.map((address) => address.text).join(', ') : parsed.to?.text ?? '';
          messages.push({
            sequence: messages.length,
            to: to.toLowerCase(),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers: parsed.headers as Map<string, unknown>,
            headerLines: parsed.headerLines.map(({ key, line }) => ({ key, line: line.replace(/\r?\n(?=[ \t])/g, '') })),
            receivedAt: Date.now(),
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const find = (options: { to: string; subject?: RegExp; after?: number }) =>
    messages.find(
      (message) =>
        message.to.includes(options.to.toLowerCase()) &&
        (!options.subject || options.subject.test(message.subject)) &&
        message.sequence >= (options.after ?? 0),
    );

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    mark: () => messages.length,
    async waitForEmail(options) {
      const deadline = Date.now() + (options.timeoutMs ?? 10_000);
      for (;;) {
        const found = find(options);
        if (found) return found;
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no email to ${options.to} matching ${options.subject ?? 'anything'}`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          setTimeout(wake, Math.min(remaining, 200));
        });
      }
    },
    failNext(count) {
      failuresLeft = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
