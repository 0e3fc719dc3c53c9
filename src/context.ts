import type { TConfig } from './config.js';
import type { TSessionCache } from './modules/auth/session-cache.js';
import type { TMarket, TMarketDirectory } from './modules/markets/market-directory.js';
import type { Database } from './db/client.js';
import type { TPasswordHasher } from './platform/crypto/passwords.js';
import type { TRateLimiter } from './platform/rate-limit/rate-limiter.js';

/** What a service needs from the running system, passed in (never imported as a global). */
export type TAppContext = {
  db: Database;
  config: TConfig;
  passwordHasher: TPasswordHasher;
  rateLimiter: TRateLimiter;
  /** Recently verified sessions; evicted on change notifications from the database. */
  sessionCache: TSessionCache;
  /** Every market (F1.8), in memory: a request's market is found by its host on every request. */
  markets: TMarketDirectory;
  /** Wakes the mail worker once a transaction that enqueued email has committed. */
  notifyMail: () => void;
};

/** Who is asking, from where: for security events, rate limits and the language of emails. */
export type TRequestMeta = {
  ip: string;
  userAgent: string | null;
  locale: 'fr' | 'en';
  /**
   * The market of the request's host (F1.8), never a field the customer sends. Sign-in,
   * registration and every look-up by address happen in it.
   */
  market: TMarket;
};
