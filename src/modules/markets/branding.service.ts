import { and, eq } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { legalMentionLines } from '../../platform/mail/brand-legal.js';
import { brandFontStacks, darken, textColorOn } from '../../platform/mail/brand-style.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import { requireStaffMarketAccess } from '../staff/staff-markets.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import type { TBrandingBody, TPublicBranding } from './branding.schemas.js';
import { marketAssetUrl } from './branding.js';
import type { TMarket } from './market-directory.js';
import { marketAssets, markets, type TMarketAssetKind, type TStoredBranding } from './markets.tables.js';

// A market's branding (F7.5): staff read and replace its document; every page, email and PDF
// reads the resolved branding from the market directory, reloaded after each change.

type TContext = Pick<TAppContext, 'db' | 'markets'>;
type TStaffAction = { actor: TStaffPrincipal; meta: TRequestMeta };

/** The market a staff member asks about: 404 when it does not exist or lies outside their markets. */
export function staffMarket(ctx: Pick<TAppContext, 'markets'>, actor: TStaffPrincipal, marketId: string): TMarket {
  const market = ctx.markets.byId(marketId);
  if (!market) throw commonErrors.notFound();
  requireStaffMarketAccess(actor, market.id);
  return market;
}

export function marketBrandingView(market: TMarket) {
  const { branding } = market;
  return {
    marketId: market.id,
    stored: market.row.branding as Record<string, unknown>,
    effective: {
      shopName: branding.shopName,
      primaryColor: branding.primaryColor,
      accentColor: branding.accentColor,
      font: branding.font,
      senderFrom: branding.sender.from,
      replyTo: branding.sender.replyTo,
      logoUrl: branding.logoUrl,
      faviconUrl: branding.faviconUrl,
      legal: branding.legal,
      legalLines: legalMentionLines(branding.legal, 'fr'),
      links: branding.links,
    },
    assets: (Object.entries(market.assets) as [TMarketAssetKind, { sha256: string; contentType: string }][]).map(([kind, asset]) => ({
      kind,
      contentType: asset.contentType,
      sha256: asset.sha256,
      url: marketAssetUrl({ publicUrl: market.publicUrl, marketId: market.id, kind, sha256: asset.sha256 }),
    })),
  };
}

/** JSON with sorted keys: jsonb gives keys back in its own order, which is no change. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonical(field)}`).join(',')}}`;
}

/** Only the fields given are kept: one left out follows the environment (SHOP_NAME, BRAND_COLOR…). */
function toStored(body: TBrandingBody): TStoredBranding {
  const defined = <T extends object>(value: T | undefined): T | undefined => {
    if (!value) return undefined;
    const entries = Object.entries(value).filter(([, field]) => field !== undefined);
    return entries.length > 0 ? (Object.fromEntries(entries) as T) : undefined;
  };
  return defined({ ...body, legal: defined(body.legal), links: defined(body.links) }) ?? {};
}

/**
 * Replaces the market's branding document (PUT: written whole). Audited as
 * market.branding_updated with the names of the fields that changed; the directory reloads
 * after commit, so the next email and page already use it.
 */
export async function updateMarketBranding(ctx: TContext, options: TStaffAction & { marketId: string; body: TBrandingBody }) {
  const market = staffMarket(ctx, options.actor, options.marketId);
  const next = toStored(options.body);
  const changed = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ branding: markets.branding }).from(markets).where(eq(markets.id, market.id)).for('update');
    if (!row) throw commonErrors.notFound();
    const before = row.branding;
    const fields = [...new Set([...Object.keys(before), ...Object.keys(next)])].filter(
      (key) => canonical(before[key as keyof TStoredBranding]) !== canonical(next[key as keyof TStoredBranding]),
    );
    if (fields.length === 0) return false;
    await tx.update(markets).set({ branding: next, updatedAt: new Date() }).where(eq(markets.id, market.id));
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'market.branding_updated',
      target: { type: 'market', id: market.id },
      meta: options.meta,
      details: { fields: fields.sort() },
    });
    return true;
  });
  if (changed) await ctx.markets.changed();
  return marketBrandingView(ctx.markets.get(market.id));
}

/** The public description of a host's market: what its portal needs before the first render. */
export function publicBranding(market: TMarket): TPublicBranding {
  const { branding } = market;
  return {
    marketCode: market.code,
    shopName: branding.shopName,
    primaryColor: branding.primaryColor,
    primaryDarkColor: darken(branding.primaryColor),
    onPrimaryColor: textColorOn(branding.primaryColor),
    accentColor: branding.accentColor,
    onAccentColor: textColorOn(branding.accentColor),
    font: branding.font,
    fontStack: brandFontStacks[branding.font],
    logoUrl: branding.logoUrl,
    faviconUrl: branding.faviconUrl ?? `${market.publicUrl}/favicon.ico`,
    manifestUrl: `${market.publicUrl}/manifest.webmanifest`,
    links: branding.links,
    legal: branding.legal,
    legalLines: { fr: legalMentionLines(branding.legal, 'fr'), en: legalMentionLines(branding.legal, 'en') },
    locales: market.locales,
    defaultLocale: market.defaultLocale,
  };
}

/** Whether a market has an uploaded image of this kind; the bytes for serving it. */
export async function findMarketAsset(ctx: Pick<TAppContext, 'db'>, options: { marketId: string; kind: TMarketAssetKind }) {
  const [row] = await ctx.db
    .select()
    .from(marketAssets)
    .where(and(eq(marketAssets.marketId, options.marketId), eq(marketAssets.kind, options.kind)));
  return row;
}
