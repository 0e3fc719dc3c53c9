import nodemailer from 'nodemailer';

export type TOutgoingMessage = {
  id: string;
  from: string;
  replyTo: string | null;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
};

export type TMailTransport = {
  kind: 'smtp' | 'dev_mailbox';
  send(message: TOutgoingMessage): Promise<void>;
  close(): Promise<void>;
};

export function createSmtpTransport(smtpUrl: string): TMailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    kind: 'smtp',
    async send(message) {
      await transporter.sendMail({
        from: message.from,
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: message.headers,
        // A stable Message-ID lets mail clients drop the copy a retry after a crash may send.
        messageId: `<${message.id}@comptoir.local>`,
      });
    },
    async close() {
      transporter.close();
    },
  };
}

/**
 * Development without SMTP: the message stays in the outbox table, readable at /dev/mailbox;
 * the log says where, and never to whom.
 */
export function createDevMailboxTransport(options: {
  publicUrl: string;
  log: (message: string) => void;
}): TMailTransport {
  return {
    kind: 'dev_mailbox',
    async send(message) {
      options.log(`email "${message.subject}" is in the development mailbox: ${options.publicUrl}/dev/mailbox/${message.id}`);
    },
    close: async () => undefined,
  };
}
