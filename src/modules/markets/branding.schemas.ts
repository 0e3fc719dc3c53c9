import { z } from 'zod';
import { brandFonts, contrastRatio, formatRatio, MIN_TEXT_CONTRAST, textColorOn, WHITE } from '../../platform/mail/brand-style.js';
import { checkSiren, checkVatNumber, compactIdentifier } from '../companies/company-identifiers.rules.js';
import { marketLocales } from './markets.tables.js';

// The branding document staff write for a market (F7.5), and what /api/branding answers.

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
/** Line breaks or other control characters would forge headers in an email's From or Subject. */
const hasControlCharacter = (value: string) => [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);

const issue = (context: z.RefinementCtx, code: string, message: string) => context.addIssue({ code: 'custom', message, params: { code } });

const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: 'Required; leave the field out to use the default.' })
    .max(max, { error: `At most ${max} characters.` })
    .refine((value) => !hasControlCharacter(value), { error: 'One line, without line breaks.', params: { code: 'control_characters' } });

const ZUrl = z.url({ protocol: /^https?$/, error: 'An absolute http(s) URL, e.g. https://www.example.fr/cgv.' }).max(500);

/** Links and button text: the colour on the white page and white on the colour, both ≥ 4.5:1. */
const ZPrimaryColor = z
  .string()
  .regex(HEX_COLOR, { error: 'A colour like #1f4e79.' })
  .transform((value) => value.toLowerCase())
  .superRefine((value, context) => {
    const ratio = contrastRatio(value, WHITE);
    if (ratio < MIN_TEXT_CONTRAST) {
      issue(
        context,
        'low_contrast',
        `Contrast ${formatRatio(ratio)} against the white page (and of white button text on it) is below 4.5:1 (WCAG AA); choose a darker colour.`,
      );
    }
  })
  .describe('Buttons and links (#rrggbb); at least 4.5:1 against white.');

/** Header bands: with white or dark text, whichever reads better, at least 4.5:1. */
const ZAccentColor = z
  .string()
  .regex(HEX_COLOR, { error: 'A colour like #f2c14e.' })
  .transform((value) => value.toLowerCase())
  .superRefine((value, context) => {
    const ratio = contrastRatio(value, textColorOn(value));
    if (ratio < MIN_TEXT_CONTRAST) {
      issue(context, 'low_contrast', `Contrast ${formatRatio(ratio)} of the best text colour on it is below 4.5:1 (WCAG AA); choose a lighter or darker colour.`);
    }
  })
  .describe('Header bands (#rrggbb), drawn with white or dark text, whichever reads better; that text at least 4.5:1.');

const ZSiren = z
  .string()
  .superRefine((value, context) => {
    const checked = checkSiren(value);
    if (!checked.ok) issue(context, checked.code, checked.message);
  })
  .transform((value) => compactIdentifier(value))
  .describe('9 digits, Luhn checked; spaces allowed.');

/** `RCS Paris 552 100 554`, `RCS Lyon B 552 100 554`: the registry's city, then the SIREN. */
const RCS = /^RCS [\p{L}' -]{2,60}? (?:[AB] )?\d{3} ?\d{3} ?\d{3}$/u;
const ZRcs = z
  .string()
  .trim()
  .max(100)
  .regex(RCS, { error: 'Like "RCS Paris 552 100 554": RCS, the registry’s city, then the SIREN.' })
  .describe('e.g. RCS Paris 552 100 554.');

const ZVatNumber = z
  .string()
  .superRefine((value, context) => {
    const checked = checkVatNumber(value);
    if (!checked.ok) issue(context, checked.code, checked.message);
    else if (!/^(FR|BE)/.test(checked.value)) issue(context, 'invalid_vat_number', 'A French (FR…) or Belgian (BE…) VAT number.');
  })
  .transform((value) => compactIdentifier(value))
  .describe('FR… or BE…, check digits verified.');

export const ZBrandingLegal = z
  .strictObject({
    companyName: singleLine(200).optional().describe('The company’s registered name.'),
    legalForm: singleLine(50).optional().describe('SAS, SARL, SA, SRL…'),
    shareCapital: singleLine(50).optional().describe('As printed, e.g. "10 000 €".'),
    address: singleLine(300).optional().describe('The registered office, on one line.'),
    siren: ZSiren.optional(),
    rcs: ZRcs.optional(),
    vatNumber: ZVatNumber.optional(),
  })
  .superRefine((legal, context) => {
    // Both name the same company: an RCS line with another SIREN is a copy-paste mistake. Only
    // worth saying when each is well formed on its own.
    if (!legal.siren || !legal.rcs) return;
    if (context.issues.some((issue) => issue.path?.[0] === 'siren' || issue.path?.[0] === 'rcs')) return;
    const digits = legal.rcs.replace(/\D/g, '');
    if (digits !== legal.siren) context.addIssue({ code: 'custom', path: ['rcs'], message: 'The RCS number is not the SIREN given.', params: { code: 'rcs_siren_mismatch' } });
  });

/** What staff send: every field optional, and one left out follows the environment. Written whole. */
export const ZBrandingBody = z.strictObject({
  shopName: singleLine(100).optional().describe('Shown on pages, in emails and on PDFs. Default SHOP_NAME.'),
  primaryColor: ZPrimaryColor.optional(),
  accentColor: ZAccentColor.optional(),
  font: z.enum(brandFonts, { error: `One of ${brandFonts.join(', ')}.` }).optional().describe('A stack of fonts already on the reader’s device; none is downloaded.'),
  senderName: singleLine(100).optional().describe('The name emails come from, with MAIL_FROM’s address. Default: MAIL_FROM as set.'),
  replyTo: z.email({ error: 'An email address.' }).max(254).optional().describe('Where replies to its emails go.'),
  legal: ZBrandingLegal.optional(),
  links: z
    .strictObject({ termsUrl: ZUrl.optional(), privacyUrl: ZUrl.optional(), storeUrl: ZUrl.optional() })
    .optional()
    .describe('Shown under emails and in the portal’s footer.'),
});
export type TBrandingBody = z.infer<typeof ZBrandingBody>;

export const ZMarketIdParams = z.object({ marketId: z.string().min(1).max(64) });

const ZLegalView = z.object({
  companyName: z.string().nullable(),
  legalForm: z.string().nullable(),
  shareCapital: z.string().nullable(),
  address: z.string().nullable(),
  siren: z.string().nullable(),
  rcs: z.string().nullable(),
  vatNumber: z.string().nullable(),
});
const ZLinksView = z.object({ termsUrl: z.string().nullable(), privacyUrl: z.string().nullable(), storeUrl: z.string().nullable() });

/** The back office's view: what is stored (null fields follow the environment) and what applies. */
export const ZMarketBranding = z.object({
  marketId: z.string(),
  stored: z.record(z.string(), z.unknown()).describe('The document as saved; fields left out follow the environment.'),
  effective: z.object({
    shopName: z.string(),
    primaryColor: z.string(),
    accentColor: z.string(),
    font: z.enum(brandFonts),
    senderFrom: z.string().describe('The From header of its emails.'),
    replyTo: z.string().nullable(),
    logoUrl: z.string().nullable(),
    faviconUrl: z.string().nullable(),
    legal: ZLegalView,
    legalLines: z.array(z.string()).describe('The legal mentions as emails and PDFs print them (French).'),
    links: ZLinksView,
  }),
  assets: z.array(z.object({ kind: z.enum(['logo', 'favicon']), contentType: z.string(), sha256: z.string(), url: z.string() })),
});

/** What any page of a host's portal needs to look like its market (public). */
export const ZPublicBranding = z.object({
  marketCode: z.string(),
  shopName: z.string(),
  primaryColor: z.string(),
  primaryDarkColor: z.string().describe('Hover shade of primaryColor.'),
  onPrimaryColor: z.string().describe('Text colour on primaryColor.'),
  accentColor: z.string(),
  onAccentColor: z.string().describe('Text colour on accentColor.'),
  font: z.enum(brandFonts),
  fontStack: z.string().describe('The CSS font-family of that font.'),
  logoUrl: z.string().nullable(),
  faviconUrl: z.string().describe('The uploaded favicon, else one drawn in primaryColor.'),
  manifestUrl: z.string(),
  links: ZLinksView,
  legal: ZLegalView,
  legalLines: z.object({ fr: z.array(z.string()), en: z.array(z.string()) }),
  locales: z.array(z.enum(marketLocales)),
  defaultLocale: z.enum(marketLocales),
});
export type TPublicBranding = z.infer<typeof ZPublicBranding>;
