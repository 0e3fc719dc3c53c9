import { api } from '../backoffice-api';

// A market's branding (F7.5): src/modules/markets/branding.routes.ts, docs/backoffice/branding.md.

/** The fonts the server accepts: stacks of fonts already on the reader's device (brand-style.ts). */
export const BRAND_FONTS = ['system', 'humanist', 'geometric', 'serif', 'rounded'] as const;
export type BrandFont = (typeof BRAND_FONTS)[number];

export const LEGAL_FIELDS = ['companyName', 'legalForm', 'shareCapital', 'address', 'siren', 'rcs', 'vatNumber'] as const;
export type LegalField = (typeof LEGAL_FIELDS)[number];
export const LINK_FIELDS = ['termsUrl', 'privacyUrl', 'storeUrl'] as const;
export type LinkField = (typeof LINK_FIELDS)[number];

export type MarketImageKind = 'logo' | 'favicon';

/** What staff send: a field left out follows the environment (SHOP_NAME, BRAND_COLOR, MAIL_FROM…). */
export type BrandingInput = {
  shopName?: string;
  primaryColor?: string;
  accentColor?: string;
  font?: BrandFont;
  senderName?: string;
  replyTo?: string;
  legal?: Partial<Record<LegalField, string>>;
  links?: Partial<Record<LinkField, string>>;
};

export type MarketBranding = {
  marketId: string;
  /** The document as saved. */
  stored: BrandingInput;
  /** What applies, with the environment's defaults. */
  effective: {
    shopName: string;
    primaryColor: string;
    accentColor: string;
    font: BrandFont;
    senderFrom: string;
    replyTo: string | null;
    logoUrl: string | null;
    faviconUrl: string | null;
    legal: Record<LegalField, string | null>;
    legalLines: string[];
    links: Record<LinkField, string | null>;
  };
  assets: { kind: MarketImageKind; contentType: string; sha256: string; url: string }[];
};

const base = (marketId: string) => `/api/staff/markets/${encodeURIComponent(marketId)}`;

export const getMarketBranding = (marketId: string) => api.get<MarketBranding>(`${base(marketId)}/branding`);
export const saveMarketBranding = (marketId: string, body: BrandingInput) => api.put<MarketBranding>(`${base(marketId)}/branding`, body);
/** The file's raw bytes with its own type: 415, 413 and 422 come back as problems. */
export const uploadMarketImage = (marketId: string, kind: MarketImageKind, file: Blob) => api.put<MarketBranding>(`${base(marketId)}/${kind}`, file);
export const deleteMarketImage = (marketId: string, kind: MarketImageKind) => api.delete<MarketBranding>(`${base(marketId)}/${kind}`);
