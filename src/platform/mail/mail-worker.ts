import { eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.js';
import { outboundEmails, type TOutboundEmailRow } from './mail.tables.js';
import type { TMailTransport } from './mail-transport.js';
import { SENDER_HEADERS } from './outbox.js';

export type TMailWorkerOptions = {
  db: Database;
  transport: TMailTransport;
  from: string;
  log: { warn(message: string): void; error(message: string): void };
  /** How often due emails are looked for when nobody calls notify(). */
  pollIntervalMs?: number;
  /** How long a claimed email is reserved before another worker may retry it (crash recovery). */
  leaseSeconds?: number;
  /** Attempts before an email is marked failed. */
  maxAttempts?: number;
  batchSize?: number;
};

export type TMailWorker = {
  start(): void;
  /** Looks for due emails now; called after a transaction that enqueued one commits. */
  notify(): void;
  /** Delivers everything due now and resolves when done (tests, shutdown). */
  flush(): Promise<void>;
  /** Stops polling and waits for the email being sent, so none is cut off halfway. */
  stop(): Promise<void>;
};

/** Delays between attempts: 10 s, 20 s, 40 s … capped at one hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));
}

export function createMailWorker(options: TMailWorkerOptions): TMailWorker {
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const leaseSeconds = options.leaseSeconds ?? 120;
  const maxAttempts = options.maxAttempts ?? 8;
  const batchSize = options.batchSize ?? 20;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;

  const claimDueEmails = async (): Promise<TOutboundEmailRow[]> => {
    // SKIP LOCKED lets several instances share the outbox without taking the same row; an
    // expired lease means the worker that claimed it died, so the email is taken over.
    const result = await options.db.execute<Record<string, unknown>>(sql`
      update outbound_emails set status = 'sending', attempts = attempts + 1,
        lease_expires_at = now() + make_interval(secs => ${leaseSeconds})
      where id in (
        select id from outbound_emails
        where (status = 'pending' and next_attempt_at <= now())
           or (status = 'sending' and lease_expires_at < now())
        order by next_attempt_at
        limit ${batchSize}
        for update skip locked)
      returning id`);
    const ids = rowsOf<{ id: string }>(result).map((row) => row.id);
    if (ids.length === 0) return [];
    return options.db.select().from(outboundEmails).where(inArray(outboundEmails.id, ids));
  };

  const deliver = async (email: TOutboundEmailRow) => {
    try {
      const { [SENDER_HEADERS.from]: from, [SENDER_HEADERS.replyTo]: replyTo, ...headers } = email.headers
        ? (JSON.parse(email.headers) as Record<string, string>)
        : {};
      await options.transport.send({
        id: email.id,
        // Emails written before markets had their own sender carry none: MAIL_FROM.
        from: from ?? options.from,
        replyTo: replyTo ?? null,
        to: email.toAddress,
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers,
      });
      await options.db
        .update(outboundEmails)
        .set({ status: 'sent', sentAt: new Date(), leaseExpiresAt: null, lastError: null, ...forgotten(email, true) })
        .where(eq(outboundEmails.id, email.id));
    } catch (error) {
      const failedForGood = email.attempts >= maxAttempts;
      // Only the error's class and SMTP code are kept: messages may quote the address.
      const reason = describeFailure(error);
      options.log.warn(`email ${email.id} attempt ${email.attempts} failed (${reason})`);
      await options.db
        .update(outboundEmails)
        .set({
          status: failedForGood ? 'failed' : 'pending',
          leaseExpiresAt: null,
          lastError: reason,
          nextAttemptAt: new Date(Date.now() + retryDelaySeconds(email.attempts) * 1000),
          ...forgotten(email, failedForGood),
        })
        .where(eq(outboundEmails.id, email.id));
    }
  };

  const runOnce = async () => {
    for (;;) {
      const batch = await claimDueEmails();
      for (const email of batch) await deliver(email);
      if (batch.length < batchSize) return;
    }
  };

  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await runOnce();
        } while (again);
      } catch (error) {
        options.log.error(`mail worker pass failed: ${describeFailure(error)}`);
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void run().finally(schedule);
    }, pollIntervalMs);
    timer.unref();
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
      void run();
    },
    notify() {
      if (!stopped) void run();
    },
    async flush() {
      await run();
      if (running) await running;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}

/**
 * The goodbye email of an erased account keeps no trace of the person once its fate is settled
 * (delivered, or given up after the last attempt): the address was told, now it is forgotten.
 * The row stays, blank, as the outbox's record that an email was sent.
 */
function forgotten(email: TOutboundEmailRow, settled: boolean) {
  if (!email.forgetAfterSending || !settled) return {};
  return { toAddress: '', subject: '', html: '', text: '', headers: null, lastError: null };
}

function describeFailure(error: unknown): string {
  if (error && typeof error === 'object') {
    const { name, code, responseCode } = error as { name?: string; code?: string; responseCode?: number };
    return [name, code, responseCode].filter(Boolean).join(' ') || 'unknown error';
  }
  return 'unknown error';
}
