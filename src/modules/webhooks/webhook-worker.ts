import { asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { signWebhook, webhookBody } from './webhook-signing.js';
import { webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints, webhookEvents } from './webhooks.tables.js';

/**
 * Standard Webhooks' schedule after the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
 * 10 h. Eight attempts over about a day and a half, then the delivery is failed.
 */
export const STANDARD_RETRY_DELAYS_MS: readonly number[] = [5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 36e6];

const RESPONSE_SNIPPET_BYTES = 1024;

export type TWebhookWorkerOptions = {
  db: Database;
  log: { warn(message: string): void; error(message: string): void };
  /** How often new events and due deliveries are looked for. */
  pollIntervalMs?: number;
  /** Delay before each retry; its length is the number of retries (tests use milliseconds). */
  retryDelaysMs?: readonly number[];
  /** An endpoint that has not answered (body included) within this is a failed attempt. */
  timeoutMs?: number;
  /** How long a claimed delivery is reserved: a worker that dies mid-attempt leaves it due after this. Default the timeout plus 30 s. */
  leaseSeconds?: number;
  batchSize?: number;
};

export type TWebhookWorker = {
  start(): void;
  notify(): void;
  /** Fans out and delivers everything due now; resolves when done (tests, shutdown). */
  flush(): Promise<void>;
  /** Stops polling and waits for the attempts in flight, so none is cut off halfway. */
  stop(): Promise<void>;
};

type TClaimed = {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  event: { id: string; type: string; createdAt: Date; payload: Record<string, unknown> };
};
type TOutcome = { statusCode: number | null; error: string | null; responseSnippet: string | null; durationMs: number };

/**
 * The webhook outbox's worker (F7.3), like the mail worker: events written in the transactions
 * of the changes are fanned out to the endpoints subscribed to them, then each delivery is
 * POSTed, signed afresh at every attempt, and retried on the schedule. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so any number of instances share the work without doubles.
 */
export function createWebhookWorker(options: TWebhookWorkerOptions): TWebhookWorker {
  const settings = {
    db: options.db,
    log: options.log,
    retryDelaysMs: options.retryDelaysMs ?? STANDARD_RETRY_DELAYS_MS,
    timeoutMs: options.timeoutMs ?? 10_000,
    leaseSeconds: options.leaseSeconds ?? (options.timeoutMs ?? 10_000) / 1000 + 30,
    batchSize: options.batchSize ?? 20,
  };
  const runOnce = async () => {
    let fannedOut: number;
    do fannedOut = await fanOutEvents(settings);
    while (fannedOut === settings.batchSize);
    for (;;) {
      const batch = await claimDueDeliveries(settings);
      await Promise.all(batch.map((delivery) => attemptDelivery(settings, delivery)));
      if (batch.length < settings.batchSize) return;
    }
  };
  return pollingLoop({ pollIntervalMs: options.pollIntervalMs ?? 1000, log: options.log, runOnce });
}

type TSettings = Required<Omit<TWebhookWorkerOptions, 'pollIntervalMs'>>;

/**
 * Each new event becomes one delivery per enabled endpoint subscribed to its type (or `*`) and
 * to its market (F1.8): an endpoint of one market hears only that market's events, an endpoint
 * of every market (market_id null) hears them all. An event of no market reaches only those.
 */
async function fanOutEvents(settings: TSettings): Promise<number> {
  return settings.db.transaction(async (tx) => {
    const events = await tx
      .select({ id: webhookEvents.id, type: webhookEvents.type, marketId: webhookEvents.marketId })
      .from(webhookEvents)
      .where(isNull(webhookEvents.fannedOutAt))
      .orderBy(asc(webhookEvents.id))
      .limit(settings.batchSize)
      .for('update', { skipLocked: true });
    if (events.length === 0) return 0;
    const endpoints = await tx
      .select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes, marketId: webhookEndpoints.marketId })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.enabled, true));
    const deliveries = events.flatMap((event) =>
      endpoints
        .filter((endpoint) => endpoint.marketId === null || endpoint.marketId === event.marketId)
        .filter((endpoint) => endpoint.eventTypes.includes('*') || endpoint.eventTypes.includes(event.type))
        .map((endpoint) => ({ id: newId('whd'), eventId: event.id, endpointId: endpoint.id })),
    );
    if (deliveries.length > 0) await tx.insert(webhookDeliveries).values(deliveries);
    await tx
      .update(webhookEvents)
      .set({ fannedOutAt: sql`now()` })
      .where(inArray(webhookEvents.id, events.map((event) => event.id)));
    return events.length;
  });
}

/**
 * Takes due deliveries of enabled endpoints by pushing their next attempt past the timeout: a
 * worker that dies mid-attempt leaves them due again afterwards, never lost.
 */
async function claimDueDeliveries(settings: TSettings): Promise<TClaimed[]> {
  const { leaseSeconds } = settings;
  const claimed = await settings.db.execute<Record<string, unknown>>(sql`
    update webhook_deliveries set next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
    where id in (
      select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
      where d.status = 'pending' and d.next_attempt_at <= now() and e.enabled
      order by d.next_attempt_at, d.event_id
      limit ${settings.batchSize}
      for update of d skip locked)
    returning id`);
  const ids = rowsOf<{ id: string }>(claimed).map((row) => row.id);
  if (ids.length === 0) return [];
  const rows = await settings.db
    .select({ id: webhookDeliveries.id, attempts: webhookDeliveries.attempts, url: webhookEndpoints.url, secret: webhookEndpoints.secret, event: webhookEvents })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(inArray(webhookDeliveries.id, ids))
    .orderBy(asc(webhookDeliveries.eventId));
  return rows;
}

async function attemptDelivery(settings: TSettings, delivery: TClaimed): Promise<void> {
  const outcome = await post(settings, delivery);
  const attempts = delivery.attempts + 1;
  const succeeded = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
  const retryDelayMs = settings.retryDelaysMs[attempts - 1];
  const status = succeeded ? 'succeeded' : retryDelayMs === undefined ? 'failed' : 'pending';
  // The delivery id and the reason only: URLs may hold tokens, and payloads hold personal data.
  if (!succeeded) settings.log.warn(`webhook delivery ${delivery.id} attempt ${attempts} failed (${outcome.error}); now ${status}`);
  await settings.db.transaction(async (tx) => {
    await tx.insert(webhookDeliveryAttempts).values({ id: newId('wha'), deliveryId: delivery.id, ...outcome });
    await tx
      .update(webhookDeliveries)
      .set({
        status,
        attempts,
        lastAttemptAt: sql`now()`,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
        succeededAt: succeeded ? sql`now()` : null,
        nextAttemptAt: status === 'pending' ? sql`now() + make_interval(secs => ${(retryDelayMs ?? 0) / 1000})` : sql`now()`,
      })
      .where(eq(webhookDeliveries.id, delivery.id));
  });
}

/** One signed POST; redirects are not followed (a 3xx is a failed attempt, like any non-2xx). */
async function post(settings: TSettings, delivery: TClaimed): Promise<TOutcome> {
  const body = webhookBody(delivery.event);
  const signed = signWebhook({ secret: delivery.secret, id: delivery.event.id, timestampSeconds: Math.floor(Date.now() / 1000), body });
  const started = performance.now();
  const duration = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Comptoir-Webhooks/1', ...signed },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    const responseSnippet = await readSnippet(response);
    return { statusCode: response.status, error: response.ok ? null : `HTTP ${response.status}`, responseSnippet, durationMs: duration() };
  } catch (error) {
    return { statusCode: null, error: describeFailure(error), responseSnippet: null, durationMs: duration() };
  }
}

/** The first 1 KB of the answer, and no more read: an endpoint may answer a lot, or forever. */
async function readSnippet(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < RESPONSE_SNIPPET_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const text = Buffer.concat(chunks).subarray(0, RESPONSE_SNIPPET_BYTES).toString('utf8');
  return text === '' ? null : text;
}

/** The error's kind and system code (`TimeoutError`, `ECONNREFUSED`), never its message. */
function describeFailure(error: unknown): string {
  if (!error || typeof error !== 'object') return 'unknown error';
  const { name, cause } = error as { name?: string; cause?: { code?: string } };
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  return [name, cause?.code].filter(Boolean).join(' ') || 'unknown error';
}

/** Runs `runOnce` every interval and on notify(), one pass at a time, as the mail worker does. */
function pollingLoop(options: { pollIntervalMs: number; log: { error(message: string): void }; runOnce: () => Promise<void> }): TWebhookWorker {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;

  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await options.runOnce();
        } while (again);
      } catch (error) {
        options.log.error(`webhook worker pass failed: ${describeFailure(error)}`);
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void run().finally(schedule), options.pollIntervalMs);
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
