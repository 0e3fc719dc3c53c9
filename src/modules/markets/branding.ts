import type { TConfig } from '../../config.js';
import type { TBranding } from '../../platform/mail/mail-layout.js';
import type { TMarketAssetKind, TStoredBranding } from './markets.tables.js';

/**
 * A market's branding as pages, emails and PDFs use it: what staff set for the market, else
 * what the environment says (SHOP_NAME, BRAND_COLOR, BRAND_LOGO_URL). An uploaded logo is
 * served by Comptoir at a URL that changes with its content, so it may be cached for a year.
 */
export function resolveBranding(options: {
  stored: TStoredBranding;
  config: TConfig;
  publicUrl: string;
  marketId: string;
  assets: Partial<Record<TMarketAssetKind, { sha256: string; contentType: string }>>;
}): TBranding {
  const { stored, config, publicUrl, assets } = options;
  const logo = assets.logo;
  return {
    shopName: stored.shopName ?? config.branding.shopName,
    primaryColor: stored.primaryColor ?? config.branding.primaryColor,
    logoUrl: logo ? `${publicUrl}/branding/${options.marketId}/logo?v=${logo.sha256.slice(0, 16)}` : config.branding.logoUrl,
    publicUrl,
  };
}
