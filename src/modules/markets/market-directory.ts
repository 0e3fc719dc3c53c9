import { eq, sql } from 'drizzle-orm';
import type { TConfig } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { TBranding } from '../../platform/mail/mail-layout.js';
import type { TAccountApprovalMode } from '../account-approval/shop-settings.tables.js';
import { resolveBranding } from './branding.js';
import { marketAssets, markets, type TMarketAssetKind, type TMarketRow } from './markets.tables.js';

/** NOTIFYed after any change to a market, so every instance reloads its directory. */
export const MARKET_CHANGES_CHANNEL = 'comptoir_market_changes';

/** A market as requests and services use it: every setting resolved against the environment. */
export type TMarket = {
  id: string;
  code: string;
  name: string;
  countries: string[];
  defaultLocale: 'fr' | 'en';
  locales: ('fr' | 'en')[];
  currency: string;
  isDefault: boolean;
  /** Where its customers reach it, without a trailing slash; links in its emails start with it. */
  publicUrl: string;
  /** `host[:port]` requests are matched on; null for the default market without its own URL. */
  host: string | null;
  b2bOnly: boolean;
  businessProgramme: 'mixed' | 'separate';
  accountApproval: TAccountApprovalMode;
  branding: TBranding;
  /** Digests of the uploaded images, for cache-busting URLs; null when none was uploaded. */
  assets: Partial<Record<TMarketAssetKind, { sha256: string; contentType: string }>>;
  /** The stored row, for the back office (settings left to the environment are null there). */
  row: TMarketRow;
};

/**
 * Every market, in memory: the market of a request is looked up on each request by its host,
 * so this must not cost a query. Reloaded after every change made here and on the change
 * notification from other instances; a periodic reload bounds the damage of a lost one.
 */
export type TMarketDirectory = {
  defaultMarket(): TMarket;
  /** The market whose host the request came to; the default market for any other host. */
  forHost(host: string | undefined): TMarket;
  byId(id: string): TMarket | undefined;
  /** For ids read from the database (a customer's market): a missing one is a bug. */
  get(id: string): TMarket;
  byCode(code: string): TMarket | undefined;
  all(): TMarket[];
  reload(): Promise<void>;
  /** Reloads here now, and tells the other instances to. Call after commit. */
  changed(): Promise<void>;
};

function toMarket(row: TMarketRow, assets: TMarket['assets'], config: TConfig): TMarket {
  const publicUrl = (row.publicUrl ?? config.publicUrl).replace(/\/+$/, '');
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    countries: row.countries,
    defaultLocale: row.defaultLocale,
    locales: row.locales,
    currency: row.currency,
    isDefault: row.isDefault,
    publicUrl,
    host: row.host,
    b2bOnly: row.b2bOnly ?? config.b2bOnly,
    businessProgramme: row.businessProgramme ?? config.businessProgramme,
    accountApproval: row.accountApproval,
    branding: resolveBranding({ stored: row.branding, config, publicUrl, marketId: row.id, assets }),
    assets,
    row,
  };
}

/** `host[:port]` of a URL as requests carry it in Host, lower case. */
export function hostOfUrl(url: string): string {
  return new URL(url).host.toLowerCase();
}

export async function loadMarketDirectory(options: { db: Database; config: TConfig }): Promise<TMarketDirectory> {
  const { db, config } = options;
  let byId = new Map<string, TMarket>();
  let byHost = new Map<string, TMarket>();
  let fallback: TMarket | null = null;

  const reload = async () => {
    const rows = await db.select().from(markets).orderBy(markets.createdAt, markets.id);
    const assetRows = await db
      .select({ marketId: marketAssets.marketId, kind: marketAssets.kind, sha256: marketAssets.sha256, contentType: marketAssets.contentType })
      .from(marketAssets);
    const nextById = new Map<string, TMarket>();
    const nextByHost = new Map<string, TMarket>();
    for (const row of rows) {
      const assets: TMarket['assets'] = {};
      for (const asset of assetRows) if (asset.marketId === row.id) assets[asset.kind] = { sha256: asset.sha256, contentType: asset.contentType };
      const market = toMarket(row, assets, config);
      nextById.set(market.id, market);
      if (market.host) nextByHost.set(market.host, market);
    }
    const nextDefault = [...nextById.values()].find((market) => market.isDefault);
    if (!nextDefault) throw new Error('no default market: the database is not migrated');
    byId = nextById;
    byHost = nextByHost;
    fallback = nextDefault;
  };
  await reload();

  const defaultMarket = () => fallback as TMarket;
  return {
    defaultMarket,
    forHost: (host) => (host ? byHost.get(host.toLowerCase()) : undefined) ?? defaultMarket(),
    byId: (id) => byId.get(id),
    get: (id) => {
      const market = byId.get(id);
      if (!market) throw new Error(`unknown market ${id}`);
      return market;
    },
    byCode: (code) => [...byId.values()].find((market) => market.code === code),
    all: () => [...byId.values()],
    reload,
    changed: async () => {
      await reload();
      await db.execute(sql`select pg_notify(${MARKET_CHANGES_CHANNEL}, '')`);
    },
  };
}

/** The default market's id straight from the database, for code that runs without a directory. */
export async function defaultMarketId(db: Database): Promise<string> {
  const [row] = await db.select({ id: markets.id }).from(markets).where(eq(markets.isDefault, true));
  if (!row) throw new Error('no default market: the database is not migrated');
  return row.id;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The market of the request's host (F1.8); see TRequestMeta.market. */
    market: TMarket;
  }
}
