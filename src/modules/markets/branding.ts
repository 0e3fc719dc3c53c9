import type { TConfig } from '../../config.js';
import type { TBrandFont } from '../../platform/mail/brand-style.js';
import type { TBranding, TEmailSender } from '../../platform/mail/mail-layout.js';
import type { TMarketAssetKind, TStoredBranding } from './markets.tables.js';

type TAssets = Partial<Record<TMarketAssetKind, { sha256: string; contentType: string }>>;

/** Where Comptoir serves a market's uploaded image; `v` changes with its content, so caches keep it a year. */
export function marketAssetUrl(options: { publicUrl: string; marketId: string; kind: TMarketAssetKind; sha256: string }): string {
  return `${options.publicUrl}/branding/${options.marketId}/${options.kind}?v=${assetVersion(options.sha256)}`;
}

/** The part of an image's digest its URLs carry. */
export function assetVersion(sha256: string): string {
  return sha256.slice(0, 16);
}

/** The address part of MAIL_FROM (`Shop <no-reply@shop.fr>` → `no-reply@shop.fr`). */
export function mailFromAddress(mailFrom: string): string {
  const match = /<([^<>]+)>\s*$/.exec(mailFrom);
  return (match?.[1] ?? mailFrom).trim();
}

/**
 * The market's From header: its sender name with MAIL_FROM's address (the address stays the
 * operator's, whose domain is set up to send: SPF, DKIM), else MAIL_FROM as it is.
 */
function senderOf(stored: TStoredBranding, config: TConfig): TEmailSender {
  const from = stored.senderName ? `"${stored.senderName.replace(/["\\]/g, '\\$&')}" <${mailFromAddress(config.mailFrom)}>` : config.mailFrom;
  return { from, replyTo: stored.replyTo ?? null };
}

/**
 * A market's branding as pages, emails and PDFs use it: what staff set for the market, else
 * what the environment says (SHOP_NAME, BRAND_COLOR, BRAND_LOGO_URL, MAIL_FROM). An uploaded
 * logo or favicon is served by Comptoir at a URL that changes with its content.
 */
export function resolveBranding(options: {
  stored: TStoredBranding;
  config: TConfig;
  publicUrl: string;
  marketId: string;
  assets: TAssets;
}): TBranding {
  const { stored, config, publicUrl, assets, marketId } = options;
  const primaryColor = stored.primaryColor ?? config.branding.primaryColor;
  const legal = stored.legal ?? {};
  const links = stored.links ?? {};
  return {
    shopName: stored.shopName ?? config.branding.shopName,
    primaryColor,
    accentColor: stored.accentColor ?? primaryColor,
    font: (stored.font as TBrandFont | undefined) ?? 'system',
    logoUrl: assets.logo ? marketAssetUrl({ publicUrl, marketId, kind: 'logo', sha256: assets.logo.sha256 }) : config.branding.logoUrl,
    faviconUrl: assets.favicon ? marketAssetUrl({ publicUrl, marketId, kind: 'favicon', sha256: assets.favicon.sha256 }) : null,
    publicUrl,
    sender: senderOf(stored, config),
    legal: {
      companyName: legal.companyName ?? null,
      legalForm: legal.legalForm ?? null,
      shareCapital: legal.shareCapital ?? null,
      address: legal.address ?? null,
      siren: legal.siren ?? null,
      rcs: legal.rcs ?? null,
      vatNumber: legal.vatNumber ?? null,
    },
    links: { termsUrl: links.termsUrl ?? null, privacyUrl: links.privacyUrl ?? null, storeUrl: links.storeUrl ?? null },
  };
}
