import type { TConfig } from './config.js';
import type { TAppContext } from './context.js';
import { openDatabase, type TDatabaseHandle } from './db/client.js';
import { createSessionCache, SESSION_CHANGES_CHANNEL } from './modules/auth/session-cache.js';
import { migrateDatabase } from './db/migrate.js';
import { loadMarketDirectory, MARKET_CHANGES_CHANNEL } from './modules/markets/market-directory.js';
import { createPasswordHasher, type TArgon2Parameters } from './platform/crypto/passwords.js';
import { createDevMailboxTransport, createSmtpTransport, type TMailTransport } from './platform/mail/mail-transport.js';
import { createMailWorker, type TMailWorker } from './platform/mail/mail-worker.js';
import { setRecipientLine } from './platform/mail/outbox.js';
import { memberCardLine } from './modules/cards/card-email-footer.js';
import { startHousekeeping, type THousekeeping } from './housekeeping.js';
import { createWebhookWorker, type TWebhookWorker } from './modules/webhooks/webhook-worker.js';
import {
  createDatabaseRateLimiter,
  createRedisRateLimiter,
  type TRateLimiter,
} from './platform/rate-limit/rate-limiter.js';

export type TRuntime = {
  context: TAppContext;
  database: TDatabaseHandle;
  mailWorker: TMailWorker;
  mailTransport: TMailTransport;
  /** Delivers webhook events (F7.3); started by main.ts and the tests, like the mail worker. */
  webhookWorker: TWebhookWorker;
  /** Hourly retention passes (idempotency answers, finished webhook events). */
  housekeeping: THousekeeping;
  /** Stops the workers, then closes the rate limiter, the transport and the database. */
  close(): Promise<void>;
};

export type TRuntimeOptions = {
  config: TConfig;
  log: { info(message: string): void; warn(message: string): void; error(message: string): void };
  /** Tests use an in-memory database: `dataDir: null`. */
  dataDir?: string | null;
  /** Tests lower the argon2 cost; production keeps OWASP's parameters. */
  argon2?: TArgon2Parameters;
  mailPollIntervalMs?: number;
  /** Tests poll often and retry after milliseconds, not minutes. */
  webhooks?: { pollIntervalMs?: number; retryDelaysMs?: readonly number[]; timeoutMs?: number };
};

/** Opens everything the app needs, in order: database and migrations, hasher, limiter, mail. */
export async function openRuntime(options: TRuntimeOptions): Promise<TRuntime> {
  const { config } = options;
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: options.dataDir === undefined ? config.dataDir : options.dataDir,
    poolSize: config.databasePoolSize,
  });
  await migrateDatabase(database);
  const passwordHasher = await createPasswordHasher(options.argon2);
  // ioredis is loaded only when Redis is configured: a server on PostgreSQL alone does not hold it.
  const rateLimiter: TRateLimiter = config.redisUrl
    ? createRedisRateLimiter(new (await import('ioredis')).Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 }))
    : createDatabaseRateLimiter(database.db);
  const mailTransport = config.smtpUrl
    ? createSmtpTransport(config.smtpUrl)
    : createDevMailboxTransport({ publicUrl: config.publicUrl, log: (message) => options.log.info(message) });
  const mailWorker = createMailWorker({
    db: database.db,
    transport: mailTransport,
    from: config.mailFrom,
    log: options.log,
    pollIntervalMs: options.mailPollIntervalMs ?? config.workers.mailPollIntervalMs,
    leaseSeconds: config.workers.mailLeaseSeconds,
  });
  const webhookWorker = createWebhookWorker({
    db: database.db,
    log: options.log,
    pollIntervalMs: config.workers.webhookPollIntervalMs,
    timeoutMs: config.workers.webhookTimeoutMs,
    ...(config.workers.webhookRetryDelaysMs ? { retryDelaysMs: config.workers.webhookRetryDelaysMs } : {}),
    ...(config.workers.webhookLeaseSeconds ? { leaseSeconds: config.workers.webhookLeaseSeconds } : {}),
    ...options.webhooks,
  });
  // Every email to a member carries the card number in its footer (F5.1), whatever its template.
  setRecipientLine(memberCardLine);
  const housekeeping = startHousekeeping({ db: database.db, log: options.log, contactAttachmentsDir: config.contactAttachmentsDir });
  const sessionCache = createSessionCache({ ttlMs: config.session.cacheSeconds * 1000 });
  // Triggers on sessions and customers NOTIFY the customer's id on every change that could
  // end or alter a session (migration 0002); every instance evicts it. After a reconnection,
  // notifications may have been missed, so everything is forgotten.
  const stopListening = await database.listen(
    SESSION_CHANGES_CHANNEL,
    (customerId) => sessionCache.evictCustomer(customerId),
    () => sessionCache.clear(),
  );
  const markets = await loadMarketDirectory({ db: database.db, config });
  // Another instance changed a market: reload. A failed reload keeps the previous directory.
  const reloadMarkets = () => void markets.reload().catch((error: unknown) => options.log.error(`markets not reloaded: ${String(error)}`));
  const stopListeningForMarkets = await database.listen(MARKET_CHANGES_CHANNEL, reloadMarkets, reloadMarkets);
  // A lost notification is only as bad as this period.
  const marketReloadTimer = setInterval(reloadMarkets, 60_000);
  marketReloadTimer.unref();
  const context: TAppContext = {
    db: database.db,
    config,
    passwordHasher,
    rateLimiter,
    sessionCache,
    markets,
    notifyMail: () => mailWorker.notify(),
  };
  return {
    context,
    database,
    mailWorker,
    mailTransport,
    webhookWorker,
    housekeeping,
    async close() {
      housekeeping.stop();
      await webhookWorker.stop();
      await mailWorker.stop();
      clearInterval(marketReloadTimer);
      await stopListeningForMarkets();
      await stopListening();
      await rateLimiter.close();
      await mailTransport.close();
      await database.close();
    },
  };
}
