import { z } from 'zod';
import { isCountryCode } from '../addresses/addresses.rules.js';
import { accountApprovalModes } from '../account-approval/shop-settings.tables.js';
import { businessProgrammes, marketLocales } from './markets.tables.js';

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** `https://host[:port]` with nothing after: links in the market's emails are built on it. */
export function publicUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'An absolute address, e.g. https://be.shop.example.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'An http:// or https:// address.';
  if (url.username || url.password) return 'No user name or password in the address.';
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return 'The address of the site alone: no path, query or fragment.';
  return null;
}

/** The form kept: the origin, lower case, without a trailing slash. */
export const normalizePublicUrl = (value: string) => new URL(value).origin;

const ZCode = z
  .string()
  .trim()
  .refine((value) => /^[a-z0-9][a-z0-9-]{0,31}$/.test(value), {
    error: 'Lower-case letters, digits and dashes (1–32), starting with a letter or digit.',
    params: { code: 'invalid_code' },
  })
  .describe('Short code staff and the command line use: `fr`, `be`, `pro`.');

const ZCountry = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, { error: 'An ISO 3166-1 alpha-2 country code, e.g. BE.', params: { code: 'unknown_country' } });

const ZCurrency = z
  .string()
  .trim()
  .toUpperCase()
  .refine((value) => /^[A-Z]{3}$/.test(value) && ISO_CURRENCIES.has(value), { error: 'An ISO 4217 currency code, e.g. EUR.', params: { code: 'invalid_currency' } });

const ZPublicUrl = z
  .string()
  .trim()
  .max(200)
  .superRefine((value, context) => {
    const problem = publicUrlProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem, params: { code: 'invalid_url' } });
  })
  .transform(normalizePublicUrl);

/**
 * Every setting of a market, as POST takes it and as a PATCH's result is checked whole. The
 * rules between fields (the default language is one of the languages; a market other than the
 * default has its own address) run even beside a broken field, so all are listed at once.
 */
export const ZMarketSettings = z
  .object({
    code: ZCode,
    name: z.string().trim().min(1, { error: 'Required.' }).max(100),
    countries: z.array(ZCountry).min(1, { error: 'At least one country.' }).max(50).describe('ISO 3166-1 alpha-2; the first is the main one.'),
    defaultLocale: z.enum(marketLocales, { error: 'fr or en.' }),
    locales: z.array(z.enum(marketLocales, { error: 'fr or en.' })).min(1, { error: 'At least one language.' }).max(2),
    currency: ZCurrency.describe('ISO 4217, e.g. EUR.'),
    publicUrl: ZPublicUrl.nullable().describe('Where its customers reach it: `https://host[:port]`, nothing after. null (default market only): PUBLIC_URL.'),
    b2bOnly: z.boolean({ error: 'true or false (null: follow B2B_ONLY).' }).nullable().describe('null: follow B2B_ONLY.'),
    businessProgramme: z.enum(businessProgrammes, { error: 'mixed or separate.' }).nullable().describe('null: follow BUSINESS_PROGRAMME.'),
    accountApproval: z.enum(accountApprovalModes, { error: 'One of none, business, all.' }).describe('Which new accounts of this market wait for approval (F1.7).'),
    /** Not a field anyone sends: set by the service from the stored row, for the URL rule. */
    isDefault: z.boolean(),
  })
  .superRefine(
    (value, context) => {
      const locales = Array.isArray(value.locales) ? value.locales : [];
      if (typeof value.defaultLocale === 'string' && !locales.includes(value.defaultLocale)) {
        context.addIssue({ code: 'custom', path: ['locales'], message: 'The languages include the default language.', params: { code: 'default_locale_missing' } });
      }
      if (new Set(locales).size !== locales.length) {
        context.addIssue({ code: 'custom', path: ['locales'], message: 'Each language once.', params: { code: 'duplicate_locale' } });
      }
      if (value.isDefault !== true && value.publicUrl === null) {
        context.addIssue({ code: 'custom', path: ['publicUrl'], message: 'Only the default market goes without an address of its own.', params: { code: 'required' } });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );
export type TMarketSettings = z.output<typeof ZMarketSettings>;

/** POST /api/staff/markets: only the types here; the service checks the whole (ZMarketSettings). */
export const ZCreateMarketBody = z.object({
  code: z.string(),
  name: z.string(),
  countries: z.array(z.string()),
  defaultLocale: z.string().optional().describe('Default fr.'),
  locales: z.array(z.string()).optional().describe('Default: the default language alone.'),
  currency: z.string().optional().describe('Default EUR.'),
  publicUrl: z.string().nullish(),
  b2bOnly: z.boolean().nullish(),
  businessProgramme: z.string().nullish(),
  accountApproval: z.string().optional().describe('Default none.'),
});
export type TCreateMarketBody = z.output<typeof ZCreateMarketBody>;

/** PATCH: only the fields given change; null clears publicUrl, b2bOnly or businessProgramme. */
export const ZUpdateMarketBody = ZCreateMarketBody.partial();
export type TUpdateMarketBody = z.output<typeof ZUpdateMarketBody>;

export const ZMarketIdParams = z.object({ marketId: z.string().min(1).max(64) });

/**
 * A market as the back office shows it: what is stored (null settings follow the environment)
 * and, under `effective`, what applies. One object so other parts (branding) extend it.
 */
export const ZMarketView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  countries: z.array(z.string()),
  defaultLocale: z.enum(marketLocales),
  locales: z.array(z.enum(marketLocales)),
  currency: z.string(),
  publicUrl: z.string().nullable(),
  host: z.string().nullable(),
  b2bOnly: z.boolean().nullable(),
  businessProgramme: z.enum(businessProgrammes).nullable(),
  accountApproval: z.enum(accountApprovalModes),
  isDefault: z.boolean(),
  effective: z.object({ publicUrl: z.string(), b2bOnly: z.boolean(), businessProgramme: z.enum(businessProgrammes) }),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TMarketView = z.output<typeof ZMarketView>;
export const ZMarketList = z.object({ items: z.array(ZMarketView) });
