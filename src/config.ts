import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { loadWalletCredentials, type TWalletCredentials } from './modules/wallet/wallet-credentials.js';

/**
 * Every setting Comptoir reads from the environment, parsed once at start.
 * Nothing else in the code base reads `process.env`.
 */
const booleanFromString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const ZEnvironment = z.object({
  /** `development` (default), `test` or `production`; production turns on Secure cookies and turns off the dev mailbox. */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** TCP port the HTTP server listens on. Default 3000. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface the HTTP server binds. Default 127.0.0.1. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Address customers reach; links in emails start with it. Default http://localhost:$PORT. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** postgres://… of a PostgreSQL server. Unset: embedded PGlite in DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Connections in the PostgreSQL pool of one instance. Default 10. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Where embedded data lives. Default ./data. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** smtp://host:port or smtps://user:pass@host:port. Unset: the development mailbox at /dev/mailbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** Sender of every email. Default `Comptoir <no-reply@localhost>`. */
  MAIL_FROM: z.string().min(3).default('Comptoir <no-reply@localhost>'),
  /** redis://… for rate-limit counters shared by many instances. Unset: counters in the database. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** The shop's name, shown on pages and in emails. Default Comptoir. */
  SHOP_NAME: z.string().min(1).max(100).default('Comptoir'),
  /** The shop's main colour (#rrggbb) on pages and in emails. Default #1f4e79. */
  BRAND_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f4e79')
    .default('#1f4e79'),
  /** Absolute URL of the shop's logo for emails and pages. Default none. */
  BRAND_LOGO_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** A session ends after this many days without use. Default 30. */
  SESSION_IDLE_DAYS: z.coerce.number().min(0.001).max(365).default(30),
  /** A session ends this many days after sign-in, used or not. Default 90. */
  SESSION_ABSOLUTE_DAYS: z.coerce.number().min(0.001).max(730).default(90),
  /** Seconds a verified session is remembered in memory (0 turns it off). Default 5. */
  SESSION_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(5),
  /** Trust X-Forwarded-For from a proxy in front (true, false, or a hop count). Default false. */
  TRUST_PROXY: z
    .union([booleanFromString, z.coerce.number().int().min(1).max(10)])
    .default(false),
  /** The shop's country (ISO 3166-1 alpha-2): phone numbers written without +country code are read as its numbers. Default FR. */
  SHOP_COUNTRY: z
    .string()
    .transform((value) => value.trim().toUpperCase())
    .pipe(z.string().refine(isSupportedCountry, 'must be an ISO 3166-1 alpha-2 country code like FR'))
    .default('FR'),
  /** One billing address per account that every delivery address is invoiced to (L'Échoppe's rule). Default false. */
  ADDRESSES_SHARED_BILLING: booleanFromString.default(false),
  /** Only signed-in business buyers get in (F3.7): someone in no company is refused with 403 not_business_customer. Default false. */
  B2B_ONLY: booleanFromString.default(false),
  /** `mixed` (Shopify): one person may be a consumer and a company's colleague; `separate` (IKEA): an address used by a consumer account cannot be invited. Default mixed. */
  BUSINESS_PROGRAMME: z.enum(['mixed', 'separate']).default('mixed'),
  /** Storefront link that fills a cart on reorder; `{items}` becomes `ref:qty,ref:qty`. Unset: no cart link. */
  CART_URL_TEMPLATE: z
    .string()
    .refine((value) => /^https?:\/\/\S+$/.test(value) && value.includes('{items}'), 'must be an http(s) URL holding {items}')
    .optional(),
  /** Directory for files customers join to contact messages (F5.4). Unset (default): stored in the database. */
  CONTACT_ATTACHMENTS_DIR: z.string().min(1).optional(),
  /** Apple Wallet pass type of the member card (`pass.fr.shop.card`, from Apple's developer account). Unset (default): no Apple Wallet pass. */
  APPLE_WALLET_PASS_TYPE_ID: z.string().regex(/^pass\.[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, 'must be a pass type identifier like pass.fr.shop.card').optional(),
  /** The Apple developer team that owns the pass type (10 letters and digits). Unset (default): no Apple Wallet pass. */
  APPLE_WALLET_TEAM_ID: z.string().regex(/^[A-Z0-9]{10}$/, 'must be a 10-character Apple team identifier').optional(),
  /** PEM file of the pass type's certificate, read at start. Unset (default): no Apple Wallet pass. */
  APPLE_WALLET_CERT_PATH: z.string().min(1).optional(),
  /** PEM file of that certificate's private key (RSA), read at start. Unset (default): no Apple Wallet pass. */
  APPLE_WALLET_KEY_PATH: z.string().min(1).optional(),
  /** Passphrase of an encrypted APPLE_WALLET_KEY_PATH. Default none (the key is not encrypted). */
  APPLE_WALLET_KEY_PASSPHRASE: z.string().optional(),
  /** PEM file of Apple's WWDR intermediate certificate that issued the pass certificate, read at start. Unset (default): no Apple Wallet pass. */
  APPLE_WALLET_WWDR_PATH: z.string().min(1).optional(),
  /** Google Wallet issuer id (digits, from the Google Pay & Wallet console). Unset (default): no Google Wallet link. */
  GOOGLE_WALLET_ISSUER_ID: z.string().regex(/^[0-9]{6,25}$/, 'must be the numeric Google Wallet issuer id').optional(),
  /** JSON key file of the service account that signs "save" links (client_email, private_key), read at start. Unset (default): no Google Wallet link. */
  GOOGLE_WALLET_SERVICE_ACCOUNT_PATH: z.string().min(1).optional(),
  /** Milliseconds between two looks at the email outbox when nothing wakes the worker. Default 2000. */
  MAIL_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  /** Seconds an email being sent stays reserved by its instance; after a crash another takes it over then. Default 120. */
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /** Milliseconds between two looks for webhook events and due deliveries. Default 1000. */
  WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  /** Delays before each webhook retry, comma-separated milliseconds (`5000,300000`). Default Standard Webhooks' schedule (5 s … 10 h, 8 attempts). */
  WEBHOOK_RETRY_DELAYS_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be milliseconds separated by commas, like 5000,300000')
    .transform((value) => value.split(',').map(Number))
    .optional(),
  /** Milliseconds a webhook endpoint has to answer before the attempt fails. Default 10000. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Seconds a delivery being attempted stays reserved; after a crash it is due again then. Default the timeout plus 30 s. */
  WEBHOOK_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).optional(),
  /** Pino log level: fatal, error, warn, info, debug, trace or silent. Default info. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type TConfig = {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | null;
  databasePoolSize: number;
  dataDir: string;
  smtpUrl: string | null;
  mailFrom: string;
  redisUrl: string | null;
  branding: { shopName: string; primaryColor: string; logoUrl: string | null; publicUrl: string };
  session: { idleSeconds: number; absoluteSeconds: number; cacheSeconds: number };
  trustProxy: boolean | number;
  addresses: { sharedBilling: boolean };
  /** B2B_ONLY: sign-in, consumer registration and the buying context refuse people in no company. */
  b2bOnly: boolean;
  /** Whether consumer and business accounts may share an address (BUSINESS_PROGRAMME). */
  businessProgramme: 'mixed' | 'separate';
  /** ISO 3166-1 alpha-2: the region national phone numbers are read in and shown for. */
  shopCountry: string;
  /** CART_URL_TEMPLATE: the reorder cart link, or null for none. */
  cartUrlTemplate: string | null;
  /** CONTACT_ATTACHMENTS_DIR: where contact attachments are written, or null to keep them in the database. */
  contactAttachmentsDir: string | null;
  /** The member card's wallets (F5.1): each null when its variables are unset. */
  wallet: TWalletCredentials;
  /** The outbox workers' pace: production keeps the defaults, tests of spawned servers shorten them. */
  workers: {
    mailPollIntervalMs: number;
    mailLeaseSeconds: number;
    webhookPollIntervalMs: number;
    /** null: Standard Webhooks' schedule. */
    webhookRetryDelaysMs: number[] | null;
    webhookTimeoutMs: number;
    /** null: the timeout plus 30 s. */
    webhookLeaseSeconds: number | null;
  };
  logLevel: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DAY_SECONDS = 86_400;

/** Parses the environment; throws ConfigError listing every bad variable at once. */
export function loadConfig(environment: Record<string, string | undefined>): TConfig {
  // Empty strings mean "unset": docker-compose and .env files often write VAR= for that.
  const present = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = ZEnvironment.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  const problems: string[] = [];
  if (env.NODE_ENV === 'production' && !env.SMTP_URL) {
    problems.push('SMTP_URL: required in production (the development mailbox is not served there)');
  }
  if (env.SESSION_ABSOLUTE_DAYS < env.SESSION_IDLE_DAYS) {
    problems.push('SESSION_ABSOLUTE_DAYS: must be at least SESSION_IDLE_DAYS');
  }
  const wallet = loadWalletCredentials(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    publicUrl,
    databaseUrl: env.DATABASE_URL ?? null,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    dataDir: env.DATA_DIR,
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom: env.MAIL_FROM,
    redisUrl: env.REDIS_URL ?? null,
    branding: {
      shopName: env.SHOP_NAME,
      primaryColor: env.BRAND_COLOR,
      logoUrl: env.BRAND_LOGO_URL ?? null,
      publicUrl,
    },
    session: {
      idleSeconds: Math.round(env.SESSION_IDLE_DAYS * DAY_SECONDS),
      absoluteSeconds: Math.round(env.SESSION_ABSOLUTE_DAYS * DAY_SECONDS),
      cacheSeconds: env.SESSION_CACHE_SECONDS,
    },
    trustProxy: env.TRUST_PROXY,
    addresses: { sharedBilling: env.ADDRESSES_SHARED_BILLING },
    b2bOnly: env.B2B_ONLY,
    businessProgramme: env.BUSINESS_PROGRAMME,
    shopCountry: env.SHOP_COUNTRY,
    cartUrlTemplate: env.CART_URL_TEMPLATE ?? null,
    contactAttachmentsDir: env.CONTACT_ATTACHMENTS_DIR ?? null,
    wallet,
    workers: {
      mailPollIntervalMs: env.MAIL_POLL_INTERVAL_MS,
      mailLeaseSeconds: env.MAIL_LEASE_SECONDS,
      webhookPollIntervalMs: env.WEBHOOK_POLL_INTERVAL_MS,
      webhookRetryDelaysMs: env.WEBHOOK_RETRY_DELAYS_MS ?? null,
      webhookTimeoutMs: env.WEBHOOK_TIMEOUT_MS,
      webhookLeaseSeconds: env.WEBHOOK_LEASE_SECONDS ?? null,
    },
    logLevel: env.LOG_LEVEL,
  };
}
