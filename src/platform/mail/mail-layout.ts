// Table layout and inline styles throughout: Outlook for Windows renders with Word and Gmail
// drops most <style> blocks, so nothing here may rely on a stylesheet.

import { brandFontStacks, contrastRatio, MIN_TEXT_CONTRAST, normalizeHexColor, textColorOn, WHITE, type TBrandFont } from './brand-style.js';
import { legalMentionLines } from './brand-legal.js';

/** The company behind a market, as the law asks it to be named on emails and invoices. */
export type TBrandingLegal = {
  companyName: string | null;
  legalForm: string | null;
  shareCapital: string | null;
  address: string | null;
  siren: string | null;
  rcs: string | null;
  vatNumber: string | null;
};

/** Who an email comes from: the From header (a display name and MAIL_FROM's address) and Reply-To. */
export type TEmailSender = { from: string; replyTo: string | null };

/** A market's look (F7.5), resolved against the environment: what pages, emails and PDFs draw. */
export type TBranding = {
  shopName: string;
  /** Buttons and links: at least 4.5:1 against white (checked when staff set it). */
  primaryColor: string;
  /** Header bands, with white or dark text, whichever reads. */
  accentColor: string;
  font: TBrandFont;
  logoUrl: string | null;
  faviconUrl: string | null;
  publicUrl: string;
  sender: TEmailSender;
  legal: TBrandingLegal;
  links: { termsUrl: string | null; privacyUrl: string | null; storeUrl: string | null };
};
export type TLocale = 'fr' | 'en';
/** `sender`: the market's; without one (a hand-made email), MAIL_FROM. */
export type TRenderedEmail = { subject: string; html: string; text: string; sender?: TEmailSender };
export type TEmailLink = { label: string; url: string };

export type TEmailLayoutOptions = {
  locale: TLocale;
  branding: TBranding;
  /** Inbox preview line, hidden in the body. */
  preheader?: string;
  title: string;
  paragraphs: string[];
  /** The one call to action, drawn as a button with its URL written out below. */
  action?: TEmailLink;
  /** Lesser links, drawn as plain labelled links under the button. */
  links?: TEmailLink[];
  code?: string;
  closingNote?: string;
  footerLines?: string[];
  /** Links in the footer, such as a marketing email's visible unsubscribe link. */
  footerLinks?: TEmailLink[];
};

const layoutTexts: Record<TLocale, { linkFallback: string; terms: string; privacy: string }> = {
  fr: {
    linkFallback: 'Le bouton ne fonctionne pas\u00a0? Copiez ce lien dans votre navigateur\u00a0:',
    terms: 'Conditions générales',
    privacy: 'Confidentialité',
  },
  en: { linkFallback: 'Button not working? Copy this link into your browser:', terms: 'Terms and conditions', privacy: 'Privacy' },
};

const MONO = "'SFMono-Regular',Menlo,Consolas,'Liberation Mono','Courier New',monospace";
const INK = '#1f2937';
const MUTED = '#52525b';
const PAGE = '#f4f4f5';
const FALLBACK_COLOR = '#1f2937';

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}

// A link that is not http(s) (javascript:, data:, relative) is a bug in the caller, not
// something to send to a customer.
function assertHttpUrl(value: string): string {
  if (!isHttpUrl(value)) throw new Error(`Email links must be absolute http(s) URLs, got ${JSON.stringify(value)}`);
  return value;
}

// The colour lands in style attributes, where escaping alone would not stop CSS injection.
function normalizeColor(value: string): string {
  return normalizeHexColor(value) ?? FALLBACK_COLOR;
}

type TPalette = { brand: string; onBrand: string; link: string; band: string; onBand: string; font: string };

function brandPalette(branding: TBranding): TPalette {
  const brand = normalizeColor(branding.primaryColor);
  const band = normalizeColor(branding.accentColor);
  // Links sit on white: a pale colour from the environment (never checked) would be unreadable there.
  const link = contrastRatio(brand, WHITE) >= MIN_TEXT_CONTRAST ? brand : '#1d4ed8';
  // The font lands in style attributes too: only a stack from the list, never the stored text.
  const font = brandFontStacks[branding.font] ?? brandFontStacks.system;
  return { brand, onBrand: textColorOn(brand), link, band, onBand: textColorOn(band), font };
}

function paragraph(font: string, content: string, style = ''): string {
  return `<p style="margin:0 0 16px;font-family:${font};font-size:16px;line-height:24px;color:${INK};${style}">${content}</p>`;
}

function renderHeader(branding: TBranding, p: TPalette): string {
  const name = escapeHtml(branding.shopName);
  const inner =
    branding.logoUrl && isHttpUrl(branding.logoUrl)
      ? `<img src="${escapeHtml(branding.logoUrl)}" alt="${name}" height="48" style="display:block;margin:0 auto;height:48px;width:auto;max-width:100%;border:0;outline:none;text-decoration:none;">`
      : `<span style="font-family:${p.font};font-size:22px;line-height:30px;font-weight:bold;color:${p.onBand};">${name}</span>`;
  return `<tr><td align="center" bgcolor="${p.band}" style="padding:24px;background-color:${p.band};border-radius:8px 8px 0 0;">${inner}</td></tr>`;
}

function renderButton(action: TEmailLink, p: TPalette, locale: TLocale): string {
  const url = escapeHtml(assertHttpUrl(action.url));
  return [
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 16px;border-collapse:separate;">`,
    `<tr><td align="center" bgcolor="${p.brand}" style="border-radius:6px;background-color:${p.brand};mso-padding-alt:14px 28px;">`,
    `<a href="${url}" style="display:inline-block;padding:14px 28px;font-family:${p.font};font-size:16px;line-height:20px;font-weight:bold;color:${p.onBrand};text-decoration:none;border-radius:6px;">${escapeHtml(action.label)}</a>`,
    `</td></tr></table>`,
    paragraph(p.font, escapeHtml(layoutTexts[locale].linkFallback), `font-size:14px;line-height:20px;color:${MUTED};margin-bottom:4px;`),
    paragraph(
      p.font,
      `<a href="${url}" style="color:${p.link};text-decoration:underline;word-break:break-all;">${url}</a>`,
      'font-size:14px;line-height:20px;word-break:break-all;',
    ),
  ].join('\n');
}

function renderCode(code: string): string {
  return [
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;">`,
    `<tr><td align="center" bgcolor="${PAGE}" style="padding:16px 16px 16px 24px;background-color:${PAGE};border:1px solid #e4e4e7;border-radius:8px;font-family:${MONO};font-size:32px;line-height:40px;mso-line-height-rule:exactly;font-weight:bold;letter-spacing:8px;color:#111827;">${escapeHtml(code)}</td></tr>`,
    `</table>`,
  ].join('\n');
}

/**
 * Where the outbox puts a line about the recipient (their member card number) in every email,
 * whatever its template: the layout leaves a slot that `fillRecipientSlot` fills or removes.
 */
const RECIPIENT_SLOT = { html: '<!--comptoir:recipient-->', text: '\n{{comptoir:recipient}}' } as const;
const SMALL = `font-size:13px;line-height:20px;color:${MUTED};margin:0 0 8px;`;

/** The shop's own links under every email: its site, terms and privacy policy. */
function brandingLinks(branding: TBranding, locale: TLocale): TEmailLink[] {
  const texts = layoutTexts[locale];
  const links: TEmailLink[] = [];
  if (branding.links.termsUrl) links.push({ label: texts.terms, url: branding.links.termsUrl });
  if (branding.links.privacyUrl) links.push({ label: texts.privacy, url: branding.links.privacyUrl });
  return links.filter((link) => isHttpUrl(link.url));
}

function shopUrl(branding: TBranding): string {
  return branding.links.storeUrl && isHttpUrl(branding.links.storeUrl) ? branding.links.storeUrl : branding.publicUrl;
}

function renderFooter(options: TEmailLayoutOptions, p: TPalette): string {
  const { branding, locale } = options;
  const name = escapeHtml(branding.shopName);
  const url = shopUrl(branding);
  const shop = isHttpUrl(url) ? `<a href="${escapeHtml(url)}" style="color:${MUTED};text-decoration:underline;">${name}</a>` : name;
  const lines = (options.footerLines ?? []).map((line) => paragraph(p.font, escapeHtml(line), SMALL));
  const links = [...(options.footerLinks ?? []), ...brandingLinks(branding, locale)].map((link) =>
    paragraph(p.font, `<a href="${escapeHtml(assertHttpUrl(link.url))}" style="color:${MUTED};text-decoration:underline;">${escapeHtml(link.label)}</a>`, SMALL),
  );
  // The legal mentions (LCEN art. 19: the company's name, form, capital, address, SIREN, VAT) close every email.
  const legal = legalMentionLines(branding.legal, locale).map((line) => paragraph(p.font, escapeHtml(line), `${SMALL}font-size:12px;line-height:18px;`));
  return [paragraph(p.font, `<strong>${shop}</strong>`, SMALL), RECIPIENT_SLOT.html, ...lines, ...links, ...legal].join('\n');
}

export function fillRecipientSlot(rendered: TRenderedEmail, line: string | null): TRenderedEmail {
  return {
    ...rendered,
    html: rendered.html.replace(RECIPIENT_SLOT.html, line ? paragraph(brandFontStacks.system, escapeHtml(line), SMALL) : ''),
    text: rendered.text.replace(RECIPIENT_SLOT.text, line ? `\n${line}` : ''),
  };
}

function renderHtml(options: TEmailLayoutOptions): string {
  const { locale, branding, title } = options;
  const p = brandPalette(branding);
  const body: string[] = [
    `<h1 style="margin:0 0 16px;font-family:${p.font};font-size:22px;line-height:30px;font-weight:bold;color:#111827;">${escapeHtml(title)}</h1>`,
    ...options.paragraphs.map((text) => paragraph(p.font, escapeHtml(text))),
  ];
  if (options.code) body.push(renderCode(options.code));
  if (options.action) body.push(renderButton(options.action, p, locale));
  for (const extra of options.links ?? []) {
    const url = escapeHtml(assertHttpUrl(extra.url));
    body.push(paragraph(p.font, `<a href="${url}" style="color:${p.link};text-decoration:underline;">${escapeHtml(extra.label)}</a>`));
  }
  if (options.closingNote) body.push(paragraph(p.font, escapeHtml(options.closingNote), `font-size:14px;line-height:22px;color:${MUTED};`));

  // The zero-width filler keeps clients from padding the preview with the body's first words.
  const preheader = options.preheader
    ? `<div style="display:none;max-height:0;max-width:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;opacity:0;color:${PAGE};">${escapeHtml(options.preheader)}${'&#847;&zwnj;&nbsp;'.repeat(40)}</div>`
    : '';

  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}" dir="ltr" xmlns="http://www.w3.org/1999/xhtml" xmlns:o="urn:schemas-microsoft-com:office:office">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<meta http-equiv="X-UA-Compatible" content="IE=edge">',
    '<meta name="x-apple-disable-message-reformatting">',
    '<meta name="color-scheme" content="light">',
    '<meta name="supported-color-schemes" content="light">',
    `<title>${escapeHtml(title)}</title>`,
    '<!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript><![endif]-->',
    '<!--[if mso]><style>body,table,td,p,a,span,h1{font-family:Arial,sans-serif !important;}</style><![endif]-->',
    '</head>',
    `<body style="margin:0;padding:0;width:100%;background-color:${PAGE};-webkit-text-size-adjust:100%;-ms-text-size-adjust:100%;">`,
    preheader,
    // Webmail embeds the body in its own page; the article keeps language and name for screen readers.
    `<div role="article" aria-roledescription="email" aria-label="${escapeHtml(title)}" lang="${locale}" dir="ltr">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${PAGE}" style="background-color:${PAGE};">`,
    '<tr><td align="center" style="padding:24px 12px;">',
    // Outlook ignores max-width, so it gets a fixed 600px table of its own.
    '<!--[if mso]><table role="presentation" width="600" align="center" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;margin:0 auto;">',
    renderHeader(branding, p),
    `<tr><td bgcolor="#ffffff" style="padding:32px 28px 16px;background-color:#ffffff;border-radius:0 0 8px 8px;">`,
    body.join('\n'),
    '</td></tr>',
    `<tr><td align="center" style="padding:24px 28px 8px;text-align:center;">`,
    renderFooter(options, p),
    '</td></tr>',
    '</table>',
    '<!--[if mso]></td></tr></table><![endif]-->',
    '</td></tr>',
    '</table>',
    '</div>',
    '</body>',
    '</html>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function renderText(options: TEmailLayoutOptions): string {
  const blocks: string[] = [options.title, ...options.paragraphs];
  if (options.code) blocks.push(options.code);
  if (options.action) blocks.push(`${options.action.label}${options.locale === 'fr' ? '\u00a0:' : ':'}\n${options.action.url}`);
  for (const extra of options.links ?? []) {
    blocks.push(`${extra.label}${options.locale === 'fr' ? '\u00a0:' : ':'}\n${extra.url}`);
  }
  if (options.closingNote) blocks.push(options.closingNote);
  const colon = options.locale === 'fr' ? '\u00a0:' : ':';
  const footer = [
    options.branding.shopName,
    `${shopUrl(options.branding)}${RECIPIENT_SLOT.text}`,
    ...(options.footerLines ?? []),
    ...[...(options.footerLinks ?? []), ...brandingLinks(options.branding, options.locale)].map((link) => `${link.label}${colon} ${link.url}`),
    ...legalMentionLines(options.branding.legal, options.locale),
  ];
  blocks.push(`--\n${footer.join('\n')}`);
  return `${blocks.join('\n\n')}\n`;
}

/** The body in HTML and text, and who it is sent as: the market's sender name and Reply-To. */
export function renderEmailLayout(options: TEmailLayoutOptions): { html: string; text: string; sender: TEmailSender } {
  return { html: renderHtml(options), text: renderText(options), sender: options.branding.sender };
}
